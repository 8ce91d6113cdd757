/**
 * What a fuzz target is: one entry point that reads input, a way to make inputs (a fast-check
 * arbitrary for structure, seeds from the repository's own files and the shared corpus, and a
 * mutator for byte-level damage), a way to store an input as a regression fixture, and `run`,
 * which feeds one input to the entry point and checks the oracle. `run` reports a broken oracle by
 * throwing `OracleViolation`; any other exception is the entry point's own crash.
 */
import fc from 'fast-check';
import type { Rng } from './rng.js';

export interface FuzzTargetSpec<T> {
  readonly name: string;
  /** Extension of saved regression fixtures (`dts`, `dtb`, `yaml`, `json`, …). */
  readonly ext: string;
  /** Structure-aware generation. */
  readonly arbitrary: fc.Arbitrary<T>;
  /** Seed inputs (own fixtures, bundled platforms, `/work/shared` when present); read once. */
  seeds(): T[];
  /** One to a few mutations of an input: byte-level damage, splices, dictionary tokens. */
  mutate(input: T, rng: Rng, seeds: readonly T[]): T;
  encode(input: T): Uint8Array;
  decode(bytes: Uint8Array): T;
  run(input: T): void;
  /** Wall-clock budget of one execution in ms (default 2,000): slower is a failure ("hang"). */
  readonly budgetMs?: number;
  /** Drops state kept between executions (a booted platform); the engine calls it now and then. */
  reset?(): void;
  /** Loads what the entry point loads lazily (the full parser), so its first use is not timed. */
  warmUp?(): void;
}

/** A target with its input type erased, so targets of every type sit in one registry. */
export interface FuzzTarget {
  readonly name: string;
  readonly ext: string;
  readonly budgetMs: number;
  generate(rng: Rng): Sample;
  seeds(): Sample[];
  mutate(input: Sample, rng: Rng, seeds: readonly Sample[]): Sample;
  encode(input: Sample): Uint8Array;
  decode(bytes: Uint8Array): Sample;
  run(input: Sample): void;
  reset(): void;
  warmUp(): void;
}

/** An input of some target, opaque outside it. */
export interface Sample {
  readonly target: string;
  readonly value: unknown;
}

export class OracleViolation extends Error {
  override readonly name = 'OracleViolation';
}

/** Throws an OracleViolation unless `ok`. */
export function expectThat(ok: boolean, message: string | (() => string)): asserts ok {
  if (!ok) throw new OracleViolation(typeof message === 'string' ? message : message());
}

export function defineTarget<T>(spec: FuzzTargetSpec<T>): FuzzTarget {
  const wrap = (value: T): Sample => ({ target: spec.name, value });
  // Samples only ever come from this target's own closures, so the cast back is safe.
  const unwrap = (s: Sample): T => s.value as T;
  let seeds: Sample[] | undefined;
  return {
    name: spec.name,
    ext: spec.ext,
    budgetMs: spec.budgetMs ?? 2000,
    generate(rng) {
      return wrap(sampleOne(spec.arbitrary, rng));
    },
    seeds() {
      seeds ??= spec.seeds().map(wrap);
      return seeds;
    },
    mutate(input, rng, pool) {
      return wrap(spec.mutate(unwrap(input), rng, pool.map(unwrap)));
    },
    encode: (s) => spec.encode(unwrap(s)),
    decode: (b) => wrap(spec.decode(b)),
    run: (s) => spec.run(unwrap(s)),
    reset: () => spec.reset?.(),
    warmUp: () => spec.warmUp?.(),
  };
}

/** One value of an arbitrary, drawn with a seed from our generator (fast-check's own PRNG inside). */
function sampleOne<T>(arbitrary: fc.Arbitrary<T>, rng: Rng): T {
  const [value] = fc.sample(arbitrary, { seed: rng.u32() | 0, numRuns: 1 });
  return value as T;
}
