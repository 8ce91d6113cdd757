/**
 * Content hashes of files, each path hashed at most once per process: a header included by
 * hundreds of boards is hashed once, whether it was just read or is being checked on a cache hit.
 * Like the front end's own file cache, this assumes the tree does not change during one run.
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';

/** Path → content hash, `file` (only existence was asked), or `absent`. */
export type FileState = string;
export const ABSENT = 'absent';
export const EXISTS = 'file';

/**
 * `node:crypto` is loaded on the first hash, not at import: loading it costs some 6 ms, and a plain
 * `dtpc compile` (no cache) never hashes.
 */
let crypto: typeof import('node:crypto') | undefined;

export function sha256(data: string | Uint8Array): string {
  crypto ??= createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return crypto.createHash('sha256').update(data).digest('hex');
}

export class FileHasher {
  private readonly states = new Map<string, FileState>();

  ofText(path: string, latin1: string): string {
    return this.remember(path, () => sha256(Buffer.from(latin1, 'latin1')));
  }

  ofBytes(path: string, bytes: Uint8Array): string {
    return this.remember(path, () => sha256(bytes));
  }

  /** The file's state on disk now: its content hash, or `absent` when it is not a readable regular file. */
  current(path: string): FileState {
    return this.remember(path, () => {
      try {
        if (!fs.statSync(path).isFile()) return ABSENT;
        return sha256(fs.readFileSync(path));
      } catch {
        return ABSENT;
      }
    });
  }

  private remember(path: string, compute: () => FileState): FileState {
    let state = this.states.get(path);
    if (state === undefined) {
      state = compute();
      this.states.set(path, state);
    }
    return state;
  }
}
