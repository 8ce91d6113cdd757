import * as nodeFs from 'node:fs';
import * as nodePath from 'node:path';
import type { FileRefusal, FileSystem } from './file-system.js';

/**
 * `--sandbox`: every read of the front end (`#include`, `/include/`, `/incbin/`, the input itself)
 * goes through this wrapper, which allows only regular files whose real path (symlinks resolved)
 * lies inside one of the allowed folders: the input's folder and the `-i` folders. `../` escapes,
 * absolute paths elsewhere, symlinks pointing out, device files, FIFOs and folders are refused
 * before anything is opened, and the reader reports the refusal at its directive.
 *
 * A path outside is refused whether or not it exists, so that diagnostics do not tell a hostile
 * input which files exist on the host.
 */
export class SandboxFileSystem implements FileSystem {
  /** Roots as written (made absolute) and as resolved through symlinks. */
  private readonly roots: string[];
  private readonly realRoots: string[];
  private readonly allowed: Set<string>;
  private readonly verdicts = new Map<string, FileRefusal | null>();

  /**
   * @param roots folders reads may come from (made absolute and resolved through symlinks)
   * @param allow files allowed wherever they are (the input the user named)
   */
  constructor(
    private readonly base: FileSystem,
    roots: readonly string[],
    allow: readonly string[] = [],
  ) {
    this.roots = roots.map((r) => nodePath.resolve(r === '' ? '.' : r));
    this.realRoots = this.roots.map(realFolder);
    this.allowed = new Set(allow.map((p) => nodePath.resolve(p)));
  }

  readText(path: string): string | undefined {
    return this.check(path) ? undefined : this.base.readText(path);
  }

  readBytes(path: string): Uint8Array | undefined {
    return this.check(path) ? undefined : this.base.readBytes(path);
  }

  isFile(path: string): boolean {
    return !this.check(path) && this.base.isFile(path);
  }

  size(path: string): number | undefined {
    return this.check(path) ? undefined : this.base.size?.(path);
  }

  refusal(path: string): FileRefusal | undefined {
    return this.check(path) ?? this.base.refusal?.(path);
  }

  private check(path: string): FileRefusal | undefined {
    let verdict = this.verdicts.get(path);
    if (verdict === undefined) {
      verdict = this.judge(path) ?? null;
      this.verdicts.set(path, verdict);
    }
    return verdict ?? undefined;
  }

  private judge(path: string): FileRefusal | undefined {
    const absolute = nodePath.resolve(path);
    if (this.allowed.has(absolute)) return undefined;
    // The written path first: `../x` is refused without looking at the host at all.
    if (!inside(this.roots, absolute)) return escaped(path, 'is outside the sandbox');
    let real: string;
    try {
      real = nodeFs.realpathSync(absolute);
    } catch {
      return undefined; // absent: the reader reports "not found" as usual
    }
    if (!inside(this.realRoots, real)) return escaped(path, `resolves to ${real}, outside the sandbox`);
    let stat: nodeFs.Stats;
    try {
      stat = nodeFs.statSync(real);
    } catch {
      return undefined;
    }
    if (!stat.isFile()) {
      return {
        code: 'sandbox/not-a-file',
        hidden: true,
        message: `"${path}" is ${kindOf(stat)}, not a regular file`,
        hint: 'the sandbox reads only regular files; name a file, not a device, FIFO or folder',
      };
    }
    return undefined;
  }
}

function inside(roots: readonly string[], absolute: string): boolean {
  return roots.some(
    (root) =>
      absolute === root || absolute.startsWith(root.endsWith(nodePath.sep) ? root : `${root}${nodePath.sep}`),
  );
}

function escaped(path: string, why: string): FileRefusal {
  return {
    code: 'sandbox/escape',
    message: `"${path}" ${why}`,
    hidden: true,
    hint: 'the sandbox allows the input folder and the -i folders; add the folder with -i, or use --no-sandbox for a trusted input',
  };
}

/** A root as an absolute, symlink-free path (as given when it does not exist: it then holds nothing). */
function realFolder(absolute: string): string {
  try {
    return nodeFs.realpathSync(absolute);
  } catch {
    return absolute;
  }
}

function kindOf(stat: nodeFs.Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device file';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}
