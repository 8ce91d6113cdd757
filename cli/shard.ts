/**
 * `--shard K/N`: which inputs one of N CI jobs handles. The partition is round-robin over the input
 * list sorted by path (UTF-16 code-unit order, independent of locale and of the order the shell or
 * the CI engine passed them in): sorted input i goes to shard (i mod N) + 1. Neighbouring boards
 * of one SoC family have similar cost, so round-robin spreads the work evenly, and the N shards
 * together cover every input exactly once.
 */
import { UsageError } from './io.js';

export interface Shard {
  /** 1-based, as CI matrix engines number their jobs. */
  index: number;
  count: number;
}

export function parseShard(spec: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(spec.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || !Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1) {
    throw new UsageError(`--shard takes K/N with 1 <= K <= N (e.g. 2/4), got '${spec}'`);
  }
  if (index < 1 || index > count) throw new UsageError(`--shard ${spec}: K must be between 1 and ${count}`);
  return { index, count };
}

/** Indices (into `inputs`, in their original order) that `shard` handles. */
export function shardIndices(inputs: readonly string[], shard: Shard): number[] {
  const sorted = inputs
    .map((input, index) => ({ input, index }))
    .sort((a, b) => (a.input < b.input ? -1 : a.input > b.input ? 1 : a.index - b.index));
  return sorted
    .filter((_, rank) => rank % shard.count === shard.index - 1)
    .map((e) => e.index)
    .sort((a, b) => a - b);
}

export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}
