/**
 * Where seed inputs come from: this repository's fixtures and bundled platforms, and — when present
 * — `/work/shared` (the Linux corpus, Kconfig trees). Everything here is read at run time only.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedDir } from '../../support/shared.js';

/** The repository root, from the source tree (vitest) or from `dist/` (compiled run). */
export const REPO = findRepo(path.dirname(fileURLToPath(import.meta.url)));

function findRepo(from: string): string {
  let dir = from;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'platforms')))
      return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no repository above ${from}`);
    dir = up;
  }
}

export const PLATFORMS = path.join(REPO, 'platforms');
export const PLATFORM_INCLUDE = path.join(PLATFORMS, 'include');
export const REGRESSIONS = path.join(REPO, 'test', 'fuzz', 'regressions');

/** Names of the bundled platforms (folders with a board.dts). */
export function platformNames(): string[] {
  return fs
    .readdirSync(PLATFORMS)
    .filter((d) => fs.existsSync(path.join(PLATFORMS, d, 'board.dts')))
    .sort();
}

/** Files under `dir` (recursively, sorted) whose name matches, at most `limit`, skipping big ones. */
export function filesUnder(dir: string, match: RegExp, limit = 200, maxBytes = 256 * 1024): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    if (out.length >= limit || !fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (out.length >= limit) return;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && match.test(e.name) && fs.statSync(p).size <= maxBytes) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Reads files as latin1 text (every byte one character, so any byte mutation round-trips). */
export function readTexts(files: readonly string[]): string[] {
  return files.map((f) => fs.readFileSync(f, 'latin1'));
}

/** A folder of `/work/shared`, when it is there. */
export function sharedPath(...parts: string[]): string | undefined {
  const root = sharedDir();
  if (!root) return undefined;
  const p = path.join(root, ...parts);
  return fs.existsSync(p) ? p : undefined;
}

/** Every n-th element, so a large corpus gives a small, spread-out sample. */
export function spread<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  const step = items.length / count;
  return Array.from({ length: count }, (_, i) => items[Math.floor(i * step)]!);
}
