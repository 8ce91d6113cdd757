import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where `../shared` (reference data, conformance goldens, corpus) lives: `$DTPC_SHARED`, else the
 * folder beside the repository. Conformance scripts need it; unit tests must pass without it.
 */
export function sharedDir(): string | undefined {
  const fromEnv = process.env.DTPC_SHARED;
  if (fromEnv && fs.existsSync(fromEnv)) return path.resolve(fromEnv);
  const here = path.dirname(fileURLToPath(import.meta.url));
  // Works from test/support (vitest) and from dist/test/support (compiled scripts).
  for (const up of ['../../..', '../../../..']) {
    const candidate = path.resolve(here, up, 'shared');
    if (fs.existsSync(path.join(candidate, 'conformance'))) return candidate;
  }
  return undefined;
}

export function requireShared(): string {
  const dir = sharedDir();
  if (!dir) {
    process.stderr.write('shared/ not found: set DTPC_SHARED or place it beside the repository\n');
    process.exit(2);
  }
  return dir;
}

/** Reads a TSV with a header row into objects. */
export function readTsv(file: string): Record<string, string>[] {
  const lines = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
  const header = lines[0]!.split('\t');
  return lines.slice(1).map((line) => {
    const cells = line.split('\t');
    return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
  });
}

/** Is a command on PATH? */
export function haveCommand(name: string): boolean {
  const dirs = (process.env.PATH ?? '').split(':');
  return dirs.some((d) => d && fs.existsSync(path.join(d, name)));
}
