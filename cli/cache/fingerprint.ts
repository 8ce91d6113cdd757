/**
 * What identifies this build of dtpc for the cache: its version plus the size and modification
 * time of every module of the compiler, the schemas and the CLI. A rebuilt or edited dtpc (the
 * version string does not change between commits) then never reuses results of another build.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256 } from './hasher.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PARTS = ['compiler', 'schemas', 'cli'];

export function toolFingerprint(version: string): string {
  const lines: string[] = [version];
  for (const part of PARTS) walk(path.join(ROOT, part), lines);
  return sha256(lines.join('\n'));
}

function walk(dir: string, lines: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, lines);
    else if (entry.isFile()) {
      const st = fs.statSync(full, { throwIfNoEntry: false });
      if (st) lines.push(`${path.relative(ROOT, full)}\t${st.size}\t${st.mtimeMs}`);
    }
  }
}
