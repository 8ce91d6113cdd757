/**
 * The fuzzing loop for one target, the same in `npm test` (a few hundred executions in-process) and
 * in `run.ts` (minutes, in a worker under a watchdog). Inputs come from three sources, mixed by the
 * seeded generator: the target's arbitrary (structure), mutations of its seeds (the repository's
 * and the corpus's files), and mutations of recent inputs (so damage accumulates). Each execution
 * is timed against the target's budget; every exception and every broken oracle is a failure.
 */
import { createHash } from 'node:crypto';
import { Rng } from './rng.js';
import type { FuzzTarget, Sample } from './target.js';

export interface Failure {
  target: string;
  kind: 'crash' | 'oracle' | 'slow' | 'hang' | 'memory';
  message: string;
  input: Uint8Array;
  /** Content hash of the input (the fixture's file name). */
  hash: string;
}

export interface LoopOptions {
  seed: number;
  /** Stop after this many executions … */
  maxExecutions?: number;
  /** … or at this `performance.now()` time, whichever comes first. */
  deadline?: number;
  /** Called with each encoded input just before it runs (the watchdog's copy). */
  beforeRun?: (encoded: Uint8Array) => void;
  /** Called when a failure is found (the loop goes on). */
  onFailure?: (f: Failure) => void;
  /** Called about once a second with the executions so far. */
  onProgress?: (executions: number) => void;
  /** Rebuild state kept between executions every this many runs (default 500). */
  resetEvery?: number;
  /** Run every seed unchanged before mixing (default true; the short run in `npm test` skips it). */
  plainSeeds?: boolean;
}

export interface LoopResult {
  executions: number;
  failures: Failure[];
  /** Executions per source: generated, seed mutations, pool mutations, plain seeds. */
  bySource: Record<'arbitrary' | 'seed' | 'mutant' | 'pool', number>;
}

const POOL_SIZE = 64;
/** The same failure message (digits blurred) is kept once, so one bug does not flood the report. */
const blur = (m: string): string => m.replace(/0x[0-9a-f]+|\d+/gi, '#').slice(0, 160);

export function fuzzLoop(target: FuzzTarget, options: LoopOptions): LoopResult {
  const rng = new Rng(options.seed);
  const seeds = target.seeds();
  const pool: Sample[] = [];
  const failures: Failure[] = [];
  const seen = new Set<string>();
  const bySource = { arbitrary: 0, seed: 0, mutant: 0, pool: 0 };
  const resetEvery = options.resetEvery ?? 500;
  let executions = 0;
  let lastProgress = performance.now();
  target.reset();
  target.warmUp();

  const fail = (kind: Failure['kind'], message: string, encoded: Uint8Array): void => {
    const key = `${kind}:${blur(message)}`;
    if (seen.has(key)) return;
    seen.add(key);
    const f: Failure = { target: target.name, kind, message, input: encoded, hash: hashOf(encoded) };
    failures.push(f);
    options.onFailure?.(f);
  };

  while (
    (options.maxExecutions === undefined || executions < options.maxExecutions) &&
    (options.deadline === undefined || performance.now() < options.deadline)
  ) {
    // Plain seeds first (they must pass as they are), then the mix.
    let input: Sample;
    if (options.plainSeeds !== false && executions < seeds.length) {
      input = seeds[executions]!;
      bySource.seed++;
    } else {
      const roll = rng.below(10);
      if (roll < 3 || (seeds.length === 0 && pool.length === 0)) {
        input = target.generate(rng);
        bySource.arbitrary++;
      } else if (roll < 7 && seeds.length > 0) {
        input = target.mutate(rng.pick(seeds), rng, seeds);
        bySource.mutant++;
      } else {
        const base = pool.length > 0 ? rng.pick(pool) : rng.pick(seeds);
        input = target.mutate(base, rng, seeds);
        bySource.pool++;
      }
    }
    const encoded = target.encode(input);
    options.beforeRun?.(encoded);
    const start = performance.now();
    try {
      target.run(input);
    } catch (e) {
      const oracle = e instanceof Error && e.name === 'OracleViolation';
      fail(oracle ? 'oracle' : 'crash', describe(e), encoded);
      target.reset(); // state after a failure is not trusted
    }
    const ms = performance.now() - start;
    if (ms > target.budgetMs)
      fail('slow', `one execution took ${Math.round(ms)} ms (budget ${target.budgetMs} ms)`, encoded);
    executions++;
    if (pool.length < POOL_SIZE) pool.push(input);
    else pool[rng.below(POOL_SIZE)] = input;
    if (executions % resetEvery === 0) target.reset();
    const now = performance.now();
    if (options.onProgress && now - lastProgress > 1000) {
      lastProgress = now;
      options.onProgress(executions);
    }
  }
  return { executions, failures, bySource };
}

export function hashOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

export function describe(e: unknown): string {
  if (e instanceof Error) {
    const where = e.stack?.split('\n').find((l) => l.includes(' at ') && !l.includes('/test/fuzz/'));
    return `${e.name}: ${e.message}${where && e.name !== 'OracleViolation' ? ` (${where.trim()})` : ''}`;
  }
  return String(e);
}
