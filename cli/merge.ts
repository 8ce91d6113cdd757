/**
 * `dtpc merge`: puts the JSON or SARIF results of `--shard K/N` runs back together into exactly
 * what one unsharded run prints (same order, same rules table, same exit code: 1 when the merged
 * result has errors or more warnings than the run's --max-warnings). Results that cannot be
 * merged (mixed formats, another dtpc version, other options or input lists, a shard missing or
 * given twice) are refused with a `merge/…` diagnostic and exit 2, so a broken CI pipeline is
 * never mistaken for findings in the boards.
 */
import * as fs from 'node:fs';
import { Command } from 'commander';
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { type InputReport, renderJson } from '../compiler/diagnostics/render-json.js';
import { renderText } from '../compiler/diagnostics/render-text.js';
import { EXIT_INPUT_ERRORS, EXIT_OK, EXIT_USAGE, UsageError, writeFileAtomic } from './io.js';
import { type ShardMeta, shardMetaSchema } from './shard-output.js';

interface MergeFlags {
  format?: string;
  out?: string;
}

export function mergeCommand(setExitCode: (code: number) => void): Command {
  return new Command('merge')
    .description('combine the JSON or SARIF results of --shard runs into what one run prints')
    .argument('<results...>', 'result files of dtpc lint/compile --shard K/N --format json|sarif')
    .option('--format <format>', 'json or sarif (default: the format of the results)')
    .option('-o, --out <file>', 'write the merged result here (default: stdout)')
    .action((files: string[], flags: MergeFlags) => setExitCode(runMerge(files, flags)));
}

interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: string;
}
interface SarifRun {
  tool: { driver: { rules: { id: string }[] } & Record<string, unknown> };
  results: SarifResult[];
  properties?: unknown;
}
interface SarifDoc {
  runs: SarifRun[];
}

/** One shard result file, read and checked. */
interface ShardFile {
  file: string;
  meta: ShardMeta;
  json?: InputReport[];
  sarif?: SarifDoc;
}

class MergeError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

function fail(code: string, message: string, hint: string): never {
  throw new MergeError({ code: `merge/${code}`, severity: 'error', message, hint });
}

export function runMerge(files: readonly string[], flags: MergeFlags): number {
  if (flags.format !== undefined && flags.format !== 'json' && flags.format !== 'sarif')
    throw new UsageError(`unknown --format '${flags.format}' (expected json or sarif)`);
  let current = '<merge>';
  try {
    const shards = files.map((file) => {
      current = file;
      return readShard(file);
    });
    current = '<merge>';
    const { output, failed } = merge(shards, flags.format);
    writeFileAtomic(flags.out ?? '-', output);
    return failed ? EXIT_INPUT_ERRORS : EXIT_OK;
  } catch (error) {
    if (!(error instanceof MergeError)) throw error;
    process.stderr.write(`${renderText([error.diagnostic], { input: current })}\n`);
    return EXIT_USAGE;
  }
}

function readShard(file: string): ShardFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    fail('unreadable', `cannot read ${file}`, 'pass the files the shard jobs wrote');
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    fail('not-a-shard-result', 'not JSON', 'pass the output of dtpc lint --shard K/N --format json|sarif');
  }
  const notShard = () =>
    fail(
      'not-a-shard-result',
      'not the result of a --shard run (no dtpc shard metadata)',
      'run each CI job with --shard K/N and --format json or sarif',
    );
  if (typeof doc !== 'object' || doc === null) notShard();
  const record = doc as Record<string, unknown>;
  const sarifMeta = (record.runs as { properties?: { dtpc?: unknown } }[] | undefined)?.[0]?.properties?.dtpc;
  const parsed = shardMetaSchema.safeParse('dtpc' in record ? record.dtpc : sarifMeta);
  if (!parsed.success) notShard();
  const meta = parsed.data!;
  if (meta.format === 'json') {
    const results = record.results;
    if (!Array.isArray(results) || results.length !== meta.indices.length)
      fail('corrupt', 'the results do not match the shard metadata', 'pass the file unchanged');
    return { file, meta, json: results as InputReport[] };
  }
  const run = (doc as SarifDoc).runs[0];
  const counts = meta.resultCounts;
  if (
    !run ||
    !Array.isArray(run.results) ||
    !counts ||
    counts.length !== meta.indices.length ||
    counts.reduce((a, b) => a + b, 0) !== run.results.length
  )
    fail('corrupt', 'the SARIF results do not match the shard metadata', 'pass the file unchanged');
  return { file, meta, sarif: doc as SarifDoc };
}

function merge(
  shards: readonly ShardFile[],
  format: string | undefined,
): { output: string; failed: boolean } {
  const first = shards[0];
  if (!first) fail('no-results', 'nothing to merge', 'pass every shard result file');
  for (const s of shards) {
    const differs = (what: string, a: unknown, b: unknown, code: string, hint: string) => {
      if (a !== b)
        fail(code, `${s.file}: ${what} ${String(b)} differs from ${first.file}'s ${String(a)}`, hint);
    };
    const same = 'run every shard with the same dtpc, options and input list';
    differs(
      'format',
      first.meta.format,
      s.meta.format,
      'mixed-formats',
      'merge JSON with JSON and SARIF with SARIF',
    );
    differs('dtpc version', first.meta.version, s.meta.version, 'version-mismatch', same);
    differs('command', first.meta.command, s.meta.command, 'command-mismatch', same);
    differs('options hash', first.meta.options, s.meta.options, 'options-mismatch', same);
    differs(
      'input list hash',
      first.meta.inputs,
      s.meta.inputs,
      'inputs-mismatch',
      'give every shard the same input list in the same order (sort it: find … | LC_ALL=C sort)',
    );
    differs('shard count', shardCount(first.meta), shardCount(s.meta), 'shard-count-mismatch', same);
  }
  if (format !== undefined && format !== first.meta.format)
    fail(
      'mixed-formats',
      `the results are ${first.meta.format}, not ${format}`,
      'run the shards with that --format',
    );
  const total = first.meta.total;
  const owner = new Array<number | undefined>(total);
  shards.forEach((s, n) => {
    for (const i of s.meta.indices) {
      if (i >= total) fail('corrupt', `${s.file}: input index ${i} out of range`, 'pass the file unchanged');
      if (owner[i] !== undefined)
        fail(
          'duplicate-shard',
          `${s.file}: input ${i} is also in ${shards[owner[i]!]!.file}`,
          'pass each shard once',
        );
      owner[i] = n;
    }
  });
  const missing = [...owner.keys()].filter((i) => owner[i] === undefined);
  if (missing.length > 0) {
    const have = new Set(shards.map((s) => s.meta.shard));
    const count = shardCount(first.meta);
    const absent = Array.from({ length: count }, (_, k) => `${k + 1}/${count}`).filter((k) => !have.has(k));
    fail(
      'missing-shard',
      `${missing.length} of ${total} inputs have no result${absent.length ? ` (missing shards: ${absent.join(', ')})` : ''}`,
      'pass the results of every shard job',
    );
  }
  return first.meta.format === 'json'
    ? mergeJson(shards, owner as number[])
    : mergeSarif(shards, owner as number[]);
}

function shardCount(meta: ShardMeta): number {
  return Number(meta.shard.split('/')[1]);
}

/** Where each input's report sits inside its shard's result list. */
function positions(shards: readonly ShardFile[]): Map<number, number>[] {
  return shards.map((s) => new Map(s.meta.indices.map((index, at) => [index, at])));
}

function mergeJson(
  shards: readonly ShardFile[],
  owner: readonly number[],
): { output: string; failed: boolean } {
  const at = positions(shards);
  const reports = owner.map((n, i) => shards[n]!.json![at[n]!.get(i)!]!);
  const meta = shards[0]!.meta;
  const diagnostics = reports.flatMap((r) => r.diagnostics);
  const failed =
    meta.command === 'compile'
      ? reports.some((r) => !r.ok)
      : exceeds(
          diagnostics.map((d) => d.severity),
          meta,
        );
  return { output: renderJson(reports), failed };
}

function mergeSarif(
  shards: readonly ShardFile[],
  owner: readonly number[],
): { output: string; failed: boolean } {
  // Each input's slice of its shard's results.
  const slices = shards.map((s) => {
    const out = new Map<number, SarifResult[]>();
    let offset = 0;
    s.meta.indices.forEach((index, k) => {
      const n = s.meta.resultCounts![k]!;
      out.set(index, s.sarif!.runs[0]!.results.slice(offset, offset + n));
      offset += n;
    });
    return out;
  });
  // The rules table as the renderer builds it: every rule that fired, the latest definition of a
  // code winning (as its Map.set does), sorted by code, and each result pointing into it.
  const fired = new Map<string, unknown>();
  const results: SarifResult[] = [];
  owner.forEach((n, i) => {
    const rules = shards[n]!.sarif!.runs[0]!.tool.driver.rules;
    for (const r of slices[n]!.get(i)!) {
      fired.set(r.ruleId, rules[r.ruleIndex ?? 0] ?? { id: r.ruleId });
      results.push(r);
    }
  });
  const ruleList = [...fired.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, rule]) => rule);
  const index = new Map([...fired.keys()].sort((a, b) => a.localeCompare(b)).map((code, k) => [code, k]));
  for (const r of results) r.ruleIndex = index.get(r.ruleId) ?? 0;
  const doc = structuredClone(shards[0]!.sarif!);
  const run = doc.runs[0]!;
  run.tool.driver.rules = ruleList as { id: string }[];
  run.results = results;
  delete run.properties;
  const failed = exceeds(
    results.map((r) => (r.level === 'error' ? 'error' : r.level === 'warning' ? 'warning' : 'info')),
    shards[0]!.meta,
  );
  return { output: `${JSON.stringify(doc, null, 2)}\n`, failed };
}

/** The lint exit rule: any error, or more warnings than the run's --max-warnings. */
function exceeds(severities: readonly string[], meta: ShardMeta): boolean {
  const errors = severities.filter((s) => s === 'error').length;
  const warnings = severities.filter((s) => s === 'warning').length;
  return errors > 0 || (meta.maxWarnings !== null && warnings > meta.maxWarnings);
}
