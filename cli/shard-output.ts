/**
 * What a `--shard K/N` run prints with `--format json|sarif`: the same document an unsharded run
 * prints for its inputs, plus what `dtpc merge` needs to put the shards back together exactly
 * (dtpc's version, a hash of the options and of the whole input list, each result's place in the
 * input list). JSON gets an envelope `{ "dtpc": {…}, "results": [ …the usual array… ] }`; SARIF
 * keeps its shape and carries the same fields in `runs[0].properties.dtpc`.
 */
import { z } from 'zod';
import type { InputReport } from '../compiler/diagnostics/render-json.js';
import { renderJson } from '../compiler/diagnostics/render-json.js';
import { canonicalJson } from './cache/content-cache.js';
import { sha256 } from './cache/hasher.js';
import { formatShard, type Shard } from './shard.js';

export const shardMetaSchema = z.strictObject({
  version: z.string(),
  command: z.enum(['lint', 'compile']),
  format: z.enum(['json', 'sarif']),
  /** Hash of every option that affects the results. */
  options: z.string(),
  /** Hash of the whole input list, in command-line order. */
  inputs: z.string(),
  total: z.number().int().nonnegative(),
  shard: z.string(),
  /** The run's effective --max-warnings (flag or config file), null when none. */
  maxWarnings: z.number().int().nonnegative().nullable(),
  /** Place in the input list of each input this shard handled, in output order. */
  indices: z.array(z.number().int().nonnegative()),
  /** SARIF only: how many results each of those inputs has, in the same order. */
  resultCounts: z.array(z.number().int().nonnegative()).optional(),
});
export type ShardMeta = z.infer<typeof shardMetaSchema>;

export interface ShardRun {
  version: string;
  command: 'lint' | 'compile';
  options: unknown;
  inputs: readonly string[];
  shard: Shard;
  maxWarnings: number | undefined;
  indices: readonly number[];
}

function meta(run: ShardRun, format: 'json' | 'sarif', resultCounts?: number[]): ShardMeta {
  return {
    version: run.version,
    command: run.command,
    format,
    options: sha256(canonicalJson(run.options)),
    inputs: sha256(JSON.stringify(run.inputs)),
    total: run.inputs.length,
    shard: formatShard(run.shard),
    maxWarnings: run.maxWarnings ?? null,
    indices: [...run.indices],
    ...(resultCounts ? { resultCounts } : {}),
  };
}

export function renderShardJson(run: ShardRun, reports: readonly InputReport[]): string {
  const results: unknown = JSON.parse(renderJson(reports));
  return `${JSON.stringify({ dtpc: meta(run, 'json'), results }, null, 2)}\n`;
}

/** `sarif` is the renderer's output for this shard's reports. */
export function renderShardSarif(run: ShardRun, reports: readonly InputReport[], sarif: string): string {
  const doc = JSON.parse(sarif) as { runs: Record<string, unknown>[] };
  const counts = reports.map((r) => r.diagnostics.length);
  doc.runs[0]!.properties = { dtpc: meta(run, 'sarif', counts) };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
