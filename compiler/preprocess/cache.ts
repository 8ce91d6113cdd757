import type { FileSystem } from '../source/file-system.js';
import { lexFile } from './lexer.js';
import { type LexedFile, NameTable } from './tokens.js';

/**
 * Lexed files shared by every preprocessing run in a process, so that a header included by hundreds
 * of boards is read and tokenized once. Entries are keyed by path and checked against the file's
 * current text, so a changed file is lexed again. Lexed tokens are immutable, which makes sharing safe.
 */
export class PreprocessCache {
  private readonly lexed = new Map<string, LexedFile>();
  /** One string object and id per identifier spelling across all files. */
  readonly names = new NameTable();
  /** Per file system: path -> lexed file, or null when the path is not a readable file. */
  private readonly lookups = new WeakMap<FileSystem, Map<string, LexedFile | null>>();

  /** The lexed file at `path`, or undefined if it cannot be read. */
  read(fs: FileSystem, path: string): LexedFile | undefined {
    let byPath = this.lookups.get(fs);
    if (!byPath) {
      byPath = new Map();
      this.lookups.set(fs, byPath);
    }
    const hit = byPath.get(path);
    if (hit !== undefined) return hit ?? undefined;
    const text = fs.readText(path);
    const result = text === undefined ? null : this.lex(path, text);
    byPath.set(path, result);
    return result ?? undefined;
  }

  /** Tokens of `text`, reusing an earlier lexing of the same path and text. */
  lex(path: string, text: string): LexedFile {
    const old = this.lexed.get(path);
    if (old && old.text === text) return old;
    const file = lexFile(path, text, this.names);
    this.lexed.set(path, file);
    return file;
  }
}
