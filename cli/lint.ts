/** `dtpc lint`: dtc's checks, binding schemas and wiring rules over many boards. */
import * as path from 'node:path';
import { Command } from 'commander';
import { renderJson } from '../compiler/diagnostics/render-json.js';
import { renderSarif } from '../compiler/diagnostics/render-sarif.js';
import { renderText } from '../compiler/diagnostics/render-text.js';
import { NodeFileSystem } from '../compiler/source/file-system.js';
import { explainCode } from '../schemas/catalog.js';
import type { LintResult, RuleLevel } from '../schemas/lint-file.js';
import { toolFingerprint } from './cache/fingerprint.js';
import { configFor } from './config-file.js';
import {
  addInputOptions,
  compileOptionsFrom,
  type InputFlags,
  inputFormatFor,
  inputOptions,
} from './input-options.js';
import { EXIT_INPUT_ERRORS, EXIT_OK, UsageError } from './io.js';
import { runCachedParallel, runSerial } from './lint-runner.js';
import { cachedLintJob, type LintJob, runLintJob } from './lint-task.js';
import { progressBar } from './progress.js';
import { addScaleOptions, type ScaleFlags, scaleSettings } from './scale-options.js';
import { shardIndices } from './shard.js';
import { renderShardJson, renderShardSarif, type ShardRun } from './shard-output.js';
import { VERSION } from './version.js';

export { VERSION };

interface LintFlags extends InputFlags, ScaleFlags {
  format: string;
  rule: string[];
  maxWarnings?: string;
}

export function lintCommand(setExitCode: (code: number) => void): Command {
  const command = new Command('lint')
    .description("lint DTS or DTB files: dtc's structural checks, binding schemas and wiring rules")
    .argument('<inputs...>', 'DTS or DTB files')
    .option('--format <format>', 'output: text, json or sarif', 'text')
    .option(
      '--rule <code=level>',
      'set a rule to off, warning or error (code, dtc check name or prefix/*)',
      (v: string, p: string[]) => [...p, v],
      [],
    )
    .option('--max-warnings <n>', 'fail when there are more warnings than this');
  addScaleOptions(command);
  addInputOptions(command);
  command.action(async (inputs: string[], flags: LintFlags) => setExitCode(await runLint(inputs, flags)));
  return command;
}

function parseRules(specs: readonly string[]): Record<string, RuleLevel> {
  const rules: Record<string, RuleLevel> = {};
  for (const spec of specs) {
    const m = /^([^=]+)=(off|warning|error)$/.exec(spec);
    if (!m) throw new UsageError(`--rule takes CODE=off|warning|error, got '${spec}'`);
    const code = m[1]!;
    if (!code.endsWith('/*') && !explainCode(code))
      throw new UsageError(`--rule: unknown code '${code}' (see dtpc explain)`);
    rules[code] = m[2] as RuleLevel;
  }
  return rules;
}

/** SARIF rule metadata from the code catalogue; merge uses the same. */
export function sarifRule(code: string) {
  const info = explainCode(code);
  return info
    ? { code: info.code, summary: info.summary, why: info.why, severity: info.severity }
    : undefined;
}

async function runLint(inputs: string[], flags: LintFlags): Promise<number> {
  if (!['text', 'json', 'sarif'].includes(flags.format))
    throw new UsageError(`unknown --format '${flags.format}'`);
  const scale = scaleSettings(flags);
  let maxWarnings: number | undefined;
  if (flags.maxWarnings !== undefined) {
    maxWarnings = Number(flags.maxWarnings);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0)
      throw new UsageError('--max-warnings takes a non-negative integer');
  }
  const base = compileOptionsFrom(flags);
  const cliRules = parseRules(flags.rule);

  // Every input's options are worked out, even those of other shards, so that each shard sees the
  // same configuration problems and the same effective --max-warnings as an unsharded run.
  const allJobs: LintJob[] = inputs.map((given) => {
    // `-` is standard input; limits and sandbox also come from the config file.
    const { input, options } = inputOptions(given, flags, base);
    const found = given === '-' ? undefined : configFor(given);
    const config = found?.config;
    if (config?.maxWarnings !== undefined && maxWarnings === undefined) maxWarnings = config.maxWarnings;
    return {
      input,
      options: {
        ...options,
        inputFormat: inputFormatFor(given, flags),
        includeDirs: [
          ...(base.includeDirs ?? []),
          ...(config?.include ?? []).map((d) => path.join(found!.dir, d)),
        ],
        defines: [...(base.defines ?? []), ...(config?.defines ?? [])],
        rules: { ...(config?.rules ?? {}), ...cliRules },
      },
    };
  });
  const indices = scale.shard ? shardIndices(inputs, scale.shard) : inputs.map((_, i) => i);
  const jobs = indices.map((i) => allJobs[i]!);

  const settings = { cacheDir: scale.cacheDir, tool: scale.cacheDir ? toolFingerprint(VERSION) : VERSION };
  const progress = flags.format === 'text' ? progressBar(jobs.length, 'boards') : undefined;
  const workers = Math.min(scale.jobs, jobs.length);
  const results: LintResult[] =
    workers > 1
      ? await runCachedParallel('lint', jobs, workers, settings, cachedLintJob, runLintJob, progress)
      : runSerial(jobs, runLintJob, settings, progress);

  const all = results.flatMap((r) => r.diagnostics);
  const errors = all.filter((d) => d.severity === 'error').length;
  const warnings = all.filter((d) => d.severity === 'warning').length;
  const shardRun: ShardRun | undefined = scale.shard && {
    version: VERSION,
    command: 'lint',
    options: { base, cliRules, maxWarningsFlag: flags.maxWarnings ?? null },
    inputs,
    shard: scale.shard,
    maxWarnings,
    indices,
  };
  if (flags.format === 'json') {
    process.stdout.write(shardRun ? renderShardJson(shardRun, results) : renderJson(results));
  } else if (flags.format === 'sarif') {
    const sarif = renderSarif(results, sarifRule, VERSION);
    process.stdout.write(shardRun ? renderShardSarif(shardRun, results, sarif) : sarif);
  } else {
    const fs = new NodeFileSystem();
    for (const r of results) {
      if (r.diagnostics.length === 0) continue;
      const text = renderText(r.diagnostics, { fs, color: process.stdout.isTTY === true, input: r.input });
      process.stdout.write(`${text}\n`);
    }
    process.stdout.write(`${errors} error(s), ${warnings} warning(s) in ${results.length} file(s)\n`);
  }
  const tooManyWarnings = maxWarnings !== undefined && warnings > maxWarnings;
  if (tooManyWarnings && flags.format === 'text')
    process.stdout.write(`more warnings than --max-warnings ${maxWarnings}\n`);
  return errors > 0 || tooManyWarnings ? EXIT_INPUT_ERRORS : EXIT_OK;
}
