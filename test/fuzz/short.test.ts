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
const RUNS: Record<string, number> = {
  preprocess: 150,
  parse: 40,
  compile: 60,
  dtb: 300,
  kconfig: 100,
  dotconfig: 200,
  profile: 10,
  scenario: 10,
  smc: 20,
  smt: 200,
  optee: 150,
  'scmi-server': 300,
};

describe('fuzz targets, short run', () => {
  for (const target of TARGETS)
    it(`${target.name}: no crash, hang or broken oracle`, () => {
      const r = fuzzLoop(target, {
        seed: hashSeed(SEED, target.name),
        maxExecutions: RUNS[target.name] ?? 100,
        plainSeeds: false,
      });
      const report = r.failures.map((f) => `${f.kind} ${f.hash}: ${f.message}`);
      expect(report).toEqual([]);
      expect(r.executions).toBeGreaterThan(0);
    }, 60_000);
});
