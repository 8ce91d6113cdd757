import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type PreprocessOptions,
  type PreprocessResult,
  preprocess,
} from '../../compiler/preprocess/index.js';
import type { FileSystem } from '../../compiler/source/file-system.js';

export const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/preprocess');

/** Reads relative paths under `root`, so fixtures can be used with the names cpp would print. */
export class RootedFileSystem implements FileSystem {
  constructor(private readonly root: string) {}
  private abs(p: string): string {
    return path.isAbsolute(p) ? p : path.join(this.root, p);
  }
  readText(p: string): string | undefined {
    try {
      return fs.statSync(this.abs(p)).isFile() ? fs.readFileSync(this.abs(p), 'latin1') : undefined;
    } catch {
      return undefined;
    }
  }
  readBytes(p: string): Uint8Array | undefined {
    const t = this.readText(p);
    return t === undefined ? undefined : Buffer.from(t, 'latin1');
  }
  isFile(p: string): boolean {
    return this.readText(p) !== undefined;
  }
}

export const hasCpp = (() => {
  try {
    execFileSync('cpp', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** gcc's output for the same run (as the kernel invokes it), or undefined when cpp fails. */
export function runCpp(root: string, entry: string, includeDirs: string[], extra: string[] = []): string {
  try {
    return execFileSync(
      'cpp',
      [
        '-P',
        '-nostdinc',
        '-undef',
        '-D__DTS__',
        '-x',
        'assembler-with-cpp',
        ...extra,
        ...includeDirs.flatMap((d) => ['-I', d]),
        entry,
      ],
      { cwd: root, encoding: 'latin1', stdio: ['ignore', 'pipe', 'ignore'] },
    );
  } catch (e) {
    return (e as { stdout?: string }).stdout ?? '';
  }
}

export function runOurs(
  root: string,
  entry: string,
  includeDirs: string[],
  extra: Partial<PreprocessOptions> = {},
): PreprocessResult {
  return preprocess(entry, { includeDirs, fs: new RootedFileSystem(root), ...extra });
}

/** Whitespace-separated words: equal word lists mean dtc sees the same tokens with the same glueing. */
export function words(text: string): string[] {
  return text.split(/\s+/).filter((w) => w.length > 0);
}
