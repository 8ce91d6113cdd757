/** Saved regression fixtures: listing them and running one through its target. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REGRESSIONS } from './seeds.js';
import type { FuzzTarget } from './target.js';

export interface Fixture {
  target: string;
  file: string;
}

/** Every fixture under `test/fuzz/regressions/<target>/`, sorted. */
export function fixtures(): Fixture[] {
  if (!fs.existsSync(REGRESSIONS)) return [];
  return fs
    .readdirSync(REGRESSIONS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      fs
        .readdirSync(path.join(REGRESSIONS, d.name))
        .filter((f) => !f.startsWith('.'))
        .sort()
        .map((f) => ({ target: d.name, file: path.join(REGRESSIONS, d.name, f) })),
    )
    .sort((a, b) => a.file.localeCompare(b.file));
}

/** Replays one fixture on fresh state; returns the time it took. Throws what the target throws. */
export function replay(target: FuzzTarget, file: string): number {
  target.reset();
  target.warmUp();
  const input = target.decode(new Uint8Array(fs.readFileSync(file)));
  const start = performance.now();
  try {
    target.run(input);
  } finally {
    target.reset();
  }
  return performance.now() - start;
}
