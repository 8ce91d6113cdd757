/**
 * A file system that remembers every path the front end looked at for one board (the board,
 * every `#include`/`/include/`/`/incbin/` file, and every search-path probe that found nothing),
 * with what it found. That list is what a cache entry is checked against: a header added earlier
 * in the search path changes the result as surely as an edited one.
 */
import type { FileSystem } from '../../compiler/source/file-system.js';
import { ABSENT, EXISTS, type FileHasher, type FileState } from './hasher.js';

export class RecordingFileSystem implements FileSystem {
  private readonly seen = new Map<string, FileState>();

  constructor(
    private readonly inner: FileSystem,
    private readonly hasher: FileHasher,
  ) {}

  readText(path: string): string | undefined {
    const text = this.inner.readText(path);
    this.seen.set(path, text === undefined ? ABSENT : this.hasher.ofText(path, text));
    return text;
  }

  readBytes(path: string): Uint8Array | undefined {
    const bytes = this.inner.readBytes(path);
    this.seen.set(path, bytes === undefined ? ABSENT : this.hasher.ofBytes(path, bytes));
    return bytes;
  }

  isFile(path: string): boolean {
    const found = this.inner.isFile(path);
    const before = this.seen.get(path);
    // A content hash already says more than existence.
    if (before === undefined || before === ABSENT || before === EXISTS)
      this.seen.set(path, found ? EXISTS : ABSENT);
    return found;
  }

  /** Everything read, sorted by path so that entries are stable. */
  files(): [path: string, state: FileState][] {
    return [...this.seen].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }
}
