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
  /** Size in bytes of a regular file, when cheap to know: lets a guard refuse before reading. */
  size?(path: string): number | undefined;
  /**
   * Why `path` reads as absent although a reader asked for it (a sandbox or a size limit said no),
   * so the reader reports that at its directive instead of "not found".
   */
  refusal?(path: string): FileRefusal | undefined;
}

/** The name standard input goes by (as cpp and dtc print it). */
export const STDIN_NAME = '<stdin>';

/** A read a guard refused: the error diagnostic's code, message and hint. */
export interface FileRefusal {
  code: string;
  message: string;
  hint: string;
  /**
   * The file is out of sight (the sandbox): a search goes on to the next candidate as if it were
   * absent, and the refusal is reported only when nothing is found. Otherwise (a size limit) the
   * file was found and the search stops there: going on would read a different file than cpp would.
   */
  hidden?: boolean;
}

/**
 * One include search, the same for `#include`, `/include/` and `/incbin/`: candidates in order,
 * `read` gives the first one's contents; refusals behave as `FileRefusal.hidden` says.
 */
export function searchFiles<C extends { path: string }, T>(
  fs: FileSystem,
  candidates: readonly C[],
  read: (path: string) => T | undefined,
): { found: C; value: T } | { refused: FileRefusal } | undefined {
  let hidden: FileRefusal | undefined;
  for (const c of candidates) {
    const value = read(c.path);
    if (value !== undefined) return { found: c, value };
    const why = fs.refusal?.(c.path);
    if (why && !why.hidden) return { refused: why };
    hidden ??= why;
  }
  return hidden ? { refused: hidden } : undefined;
}

/** The real file system, with a per-instance cache: included headers are read once per process. */
export class NodeFileSystem implements FileSystem {
  private readonly texts = new Map<string, string | undefined>();
  private readonly sizes = new Map<string, number | undefined>();

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

  size(path: string): number | undefined {
    if (this.sizes.has(path)) return this.sizes.get(path);
    let size: number | undefined;
    try {
      const st = fs.statSync(path);
      size = st.isFile() ? st.size : undefined;
    } catch {
      size = undefined;
    }
    this.sizes.set(path, size);
    return size;
  }
}

/**
 * Refuses files over `maxBytes` before reading them (the `input-size` limit), so a multi-gigabyte
 * input or include ends in one diagnostic instead of an exhausted heap.
 */
export class SizeLimitedFileSystem implements FileSystem {
  constructor(
    private readonly base: FileSystem,
    readonly maxBytes: number,
    private readonly hint: string,
  ) {}

  readText(path: string): string | undefined {
    if (this.tooBig(path) !== undefined) return undefined;
    const text = this.base.readText(path);
    return text !== undefined && text.length > this.maxBytes ? undefined : text;
  }

  readBytes(path: string): Uint8Array | undefined {
    if (this.tooBig(path) !== undefined) return undefined;
    const bytes = this.base.readBytes(path);
    return bytes !== undefined && bytes.length > this.maxBytes ? undefined : bytes;
  }

  isFile(path: string): boolean {
    return this.base.isFile(path);
  }

  size(path: string): number | undefined {
    return this.base.size?.(path);
  }

  refusal(path: string): FileRefusal | undefined {
    const size = this.tooBig(path);
    if (size !== undefined) {
      return {
        code: 'limit/input-size',
        message: `"${path}" is ${size} bytes, over the input-size limit of ${this.maxBytes}`,
        hint: this.hint,
      };
    }
    return this.base.refusal?.(path);
  }

  /** The size when it is over the limit. Without a cheap size, the read itself is checked. */
  private tooBig(path: string): number | undefined {
    const size = this.base.size?.(path);
    if (size === undefined) {
      if (this.base.size) return undefined;
      const text = this.base.readText(path);
      return text !== undefined && text.length > this.maxBytes ? text.length : undefined;
    }
    return size > this.maxBytes ? size : undefined;
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

  size(path: string): number | undefined {
    return this.files.get(normalize(path))?.length;
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
