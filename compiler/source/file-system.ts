import * as fs from 'node:fs';

/**
 * What the front end may read. Everything goes through this interface so that tests can use an
 * in-memory tree, the sandbox can confine reads, and a cache can share file contents between boards.
 *
 * Text is read as latin1 so that every byte of the input maps to one UTF-16 code unit: strings keep
 * their exact bytes in the DTB and columns count bytes, as dtc's do.
 */
export interface FileSystem {
  /** File contents as latin1 text, or undefined if the file does not exist or is not a regular file. */
  readText(path: string): string | undefined;
  /** Raw bytes (for `/incbin/`), or undefined. */
  readBytes(path: string): Uint8Array | undefined;
  isFile(path: string): boolean;
}

/** The real file system, with a per-instance cache: included headers are read once per process. */
export class NodeFileSystem implements FileSystem {
  private readonly texts = new Map<string, string | undefined>();

  readText(path: string): string | undefined {
    if (this.texts.has(path)) return this.texts.get(path);
    let text: string | undefined;
    try {
      text = this.isFile(path) ? fs.readFileSync(path, 'latin1') : undefined;
    } catch {
      text = undefined;
    }
    this.texts.set(path, text);
    return text;
  }

  readBytes(path: string): Uint8Array | undefined {
    try {
      return this.isFile(path) ? fs.readFileSync(path) : undefined;
    } catch {
      return undefined;
    }
  }

  isFile(path: string): boolean {
    try {
      return fs.statSync(path).isFile();
    } catch {
      return false;
    }
  }
}

/** An in-memory file system for tests and fuzzing. Paths are used verbatim as keys. */
export class MemoryFileSystem implements FileSystem {
  private readonly files = new Map<string, string>();

  constructor(files: Record<string, string> = {}) {
    for (const [path, text] of Object.entries(files)) this.files.set(path, text);
  }

  set(path: string, text: string): this {
    this.files.set(path, text);
    return this;
  }

  readText(path: string): string | undefined {
    return this.files.get(normalize(path));
  }

  readBytes(path: string): Uint8Array | undefined {
    const text = this.files.get(normalize(path));
    return text === undefined ? undefined : Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
  }

  isFile(path: string): boolean {
    return this.files.has(normalize(path));
  }
}

/** Collapses `./` and `dir/../` so that in-memory lookups match what the real file system would find. */
function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '.' || (part === '' && out.length > 0)) continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..' && out[out.length - 1] !== '')
      out.pop();
    else out.push(part);
  }
  return out.join('/') || '.';
}
