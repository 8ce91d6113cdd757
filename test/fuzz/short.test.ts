/**
 * A short fuzz run of every target in `npm test`: a fixed seed, a few hundred executions per target
 * (fewer for the slow ones), and no failure allowed. The long run is `npm run fuzz`.
 */
import { describe, expect, it } from 'vitest';
import { fuzzLoop } from './support/engine.js';
import { hashSeed } from './support/rng.js';
import { TARGETS } from './targets/index.js';

const SEED = 20261122;
/** Executions per target: enough to touch every generator, small enough for ~10 s in total. */
const RUNS: Record<string, number> = { parse: 150, compile: 100, profile: 40, scenario: 40, smc: 80, optee: 120 };

describe('fuzz targets, short run', () => {
  for (const target of TARGETS)
    it(`${target.name}: no crash, hang or broken oracle`, () => {
      const r = fuzzLoop(target, {
        seed: hashSeed(SEED, target.name),
        maxExecutions: RUNS[target.name] ?? 300,
      });
      const report = r.failures.map((f) => `${f.kind} ${f.hash}: ${f.message}`);
      expect(report).toEqual([]);
      expect(r.executions).toBeGreaterThan(0);
    }, 60_000);
});
