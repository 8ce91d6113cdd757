import * as fs from 'node:fs';

/**
 * What the Kconfig loader may read. Structurally the same as the compiler's `FileSystem.readText`,
 * so a `NodeFileSystem` or `MemoryFileSystem` can be passed as is; kept separate because `kconfig/`
 * depends on `compiler/diagnostics` only.
 */
export interface KconfigReader {
  /** File contents (latin1: one char per byte), or undefined if there is no such regular file. */
  readText(path: string): string | undefined;
}

/** Reads from the real file system. */
export class NodeKconfigReader implements KconfigReader {
  readText(path: string): string | undefined {
    try {
      return fs.statSync(path).isFile() ? fs.readFileSync(path, 'latin1') : undefined;
    } catch {
      return undefined;
    }
  }
}

/** An in-memory tree for tests: paths are normalized (`a/./b`, `a/x/../b`) before lookup. */
export class MemoryKconfigReader implements KconfigReader {
  private readonly files = new Map<string, string>();

  constructor(files: Record<string, string> = {}) {
    for (const [path, text] of Object.entries(files)) this.files.set(normalizePath(path), text);
  }

  set(path: string, text: string): this {
    this.files.set(normalizePath(path), text);
    return this;
  }

  readText(path: string): string | undefined {
    return this.files.get(normalizePath(path));
  }
}

/** Collapses `.` and `dir/..` segments and doubled slashes. */
export function normalizePath(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(part);
  }
  const joined = out.join('/');
  return absolute ? `/${joined}` : joined || '.';
}

export function joinPath(dir: string, name: string): string {
  if (name.startsWith('/')) return normalizePath(name);
  if (dir === '' || dir === '.') return normalizePath(name);
  return normalizePath(`${dir}/${name}`);
}

export function dirName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '.' : i === 0 ? '/' : path.slice(0, i);
}
