/** `dtpc compile`: dtc's job, with better diagnostics, many inputs per process. */
import * as path from 'node:path';
import { Command } from 'commander';
import { parseCheckFlags } from '../compiler/checks/index.js';
import { renderJson } from '../compiler/diagnostics/render-json.js';
import { renderText } from '../compiler/diagnostics/render-text.js';
import { NodeFileSystem, STDIN_NAME } from '../compiler/source/file-system.js';
import { toolFingerprint } from './cache/fingerprint.js';
import { type CompileJob, type CompileOutcome, cachedCompileJob, runCompileJob } from './compile-task.js';
import {
  addInputOptions,
  compileOptionsFrom,
  type InputFlags,
  inputFormatFor,
  inputOptions,
} from './input-options.js';
import { EXIT_INPUT_ERRORS, EXIT_OK, EXIT_USAGE, UsageError, writeFileAtomic } from './io.js';
import { runCachedParallel, runSerial } from './lint-runner.js';
import { addScaleOptions, type ScaleFlags, scaleSettings } from './scale-options.js';
import { shardIndices } from './shard.js';
import type { ShardRun } from './shard-output.js';
import { VERSION } from './version.js';

interface CompileFlags extends InputFlags, ScaleFlags {
  out?: string;
  outDir?: string;
  outFormat: string;
  format: string;
  force?: boolean;
  dependFile?: string;
  pad?: string;
  space?: string;
  align?: string;
  reserve?: string;
}

export function compileCommand(setExitCode: (code: number) => void): Command {
  const command = new Command('compile')
    .description('compile DTS (with #includes) or DTB to DTB or DTS, exactly as dtc does')
    .argument('<inputs...>', 'DTS or DTB files')
    .option('-o, --out <file>', 'output file (one input; - for stdout)')
    .option(
      '--out-dir <dir>',
      'write each output under <dir>, keeping its input path relative to the current folder',
    )
    .option('-O, --out-format <format>', 'output format: dtb, dts or null', 'dtb')
    .option('--format <format>', 'diagnostics format: text or json', 'text')
    .option('-f, --force', 'write output even when the tree has errors')
    .option('-d, --depend-file <file>', 'write a make dependency file')
    .option('-p, --pad <bytes>', 'add padding to the blob')
    .option('-S, --space <bytes>', 'make the blob at least this long')
    .option('-a, --align <bytes>', 'pad the blob to a multiple of this')
    .option('-R, --reserve <n>', 'add n empty memory reservation entries');
  addScaleOptions(command);
  addInputOptions(command);
  command.action(async (inputs: string[], flags: CompileFlags) =>
    setExitCode(await runCompile(inputs, flags)),
  );
  return command;
}

async function runCompile(inputs: string[], flags: CompileFlags): Promise<number> {
  if (flags.out && inputs.length > 1) throw new UsageError('-o takes one input; use --out-dir for several');
  if (!['dtb', 'dts', 'null'].includes(flags.outFormat)) {
    throw new UsageError(`unknown output format '${flags.outFormat}' (expected dtb, dts or null)`);
  }
  if (flags.format !== 'text' && flags.format !== 'json')
    throw new UsageError(`unknown --format '${flags.format}'`);
  const base = compileOptionsFrom(flags);
  const checks = parseCheckFlags(base.checkFlags ?? []);
  if (checks.diagnostics.some((d) => d.severity === 'error')) {
    throw new UsageError(checks.diagnostics.map((d) => d.message).join('; '));
  }
  const blob = {
    padding: intFlag(flags.pad, '-p'),
    space: intFlag(flags.space, '-S'),
    align: intFlag(flags.align, '-a'),
    reserveExtra: intFlag(flags.reserve, '-R'),
  };
  const scale = scaleSettings(flags);
  const indices = scale.shard ? shardIndices(inputs, scale.shard) : inputs.map((_, i) => i);
  const jobs: CompileJob[] = indices.map((i) => {
    const given = inputs[i]!;
    // `-` is standard input; limits and sandbox also come from a dtpc.config.json beside the board.
    const { input, options } = inputOptions(given, flags, base);
    return {
      input,
      options: { ...options, inputFormat: inputFormatFor(given, flags) },
      outFormat: flags.outFormat as CompileJob['outFormat'],
      force: flags.force === true,
      blob: clean(blob),
      emit: outputPath(input, flags, inputs.length) !== undefined,
    };
  });
  const settings = { cacheDir: scale.cacheDir, tool: scale.cacheDir ? toolFingerprint(VERSION) : VERSION };
  const workers = Math.min(scale.jobs, jobs.length);
  const outcomes: CompileOutcome[] =
    workers > 1
      ? await runCachedParallel('compile', jobs, workers, settings, cachedCompileJob, runCompileJob)
      : runSerial(jobs, runCompileJob, settings);

  // Outputs are written here, in input order, whatever order the workers finished in.
  const fs = new NodeFileSystem();
  const reports: { input: string; ok: boolean; diagnostics: CompileOutcome['diagnostics'] }[] = [];
  let failed = false;
  for (const outcome of outcomes) {
    reports.push({ input: outcome.input, ok: outcome.ok, diagnostics: outcome.diagnostics });
    if (!outcome.ok) failed = true;
    const target = outputPath(outcome.input, flags, inputs.length);
    if (target === undefined || outcome.data === undefined) continue;
    writeFileAtomic(target, outcome.data);
    if (flags.dependFile) {
      writeFileAtomic(
        flags.dependFile,
        `${target === '-' ? '-' : target}: ${outcome.dependencies.join(' ')}\n`,
      );
    }
  }

  if (flags.format === 'json') {
    const shardRun: ShardRun | undefined = scale.shard && {
      version: VERSION,
      command: 'compile',
      options: { base, outFormat: flags.outFormat, force: flags.force === true, blob },
      inputs,
      shard: scale.shard,
      maxWarnings: undefined,
      indices,
    };
    // Only a sharded run needs the shard format (and its zod schema): loaded then, not at start-up.
    process.stdout.write(
      shardRun ? (await import('./shard-output.js')).renderShardJson(shardRun, reports) : renderJson(reports),
    );
  } else {
    for (const r of reports) {
      if (r.diagnostics.length === 0) continue;
      const text = renderText(r.diagnostics, {
        fs,
        color: process.stderr.isTTY === true,
        input: r.input,
      });
      process.stderr.write(`${text}\n`);
    }
  }
  return failed ? EXIT_INPUT_ERRORS : EXIT_OK;
}

/** Where one input's output goes: -o, --out-dir (keeping the relative path), stdout for one input. */
function outputPath(input: string, flags: CompileFlags, count: number): string | undefined {
  if (flags.out) return flags.out;
  const ext = flags.outFormat === 'dts' ? '.dts' : '.dtb';
  if (flags.outDir) {
    if (input === STDIN_NAME) return path.join(flags.outDir, `stdin${ext}`);
    const relative = path.relative(process.cwd(), path.resolve(input));
    const safe = relative.startsWith('..') ? path.basename(input) : relative;
    return path.join(flags.outDir, safe.replace(/\.(dtsi?|dtso|dtbo?)$/, '') + ext);
  }
  return count === 1 ? '-' : undefined;
}

function intFlag(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^(0[xX][0-9a-fA-F]+|\d+)$/.test(value)) throw new UsageError(`invalid ${name} value '${value}'`);
  return Number(value);
}

function clean<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as never;
}

export { EXIT_USAGE };
