/** `dtpc compile`: dtc's job, with better diagnostics, many inputs per process. */
import * as path from 'node:path';
import { Command } from 'commander';
import { parseCheckFlags } from '../compiler/checks/index.js';
import { type CompileResult, compileFile } from '../compiler/compile.js';
import { renderJson } from '../compiler/diagnostics/render-json.js';
import { renderText } from '../compiler/diagnostics/render-text.js';
import { writeDtb } from '../compiler/dtb/writer.js';
import { printDts } from '../compiler/dts/printer.js';
import { PreprocessCache } from '../compiler/preprocess/index.js';
import { NodeFileSystem } from '../compiler/source/file-system.js';
import { addInputOptions, compileOptionsFrom, type InputFlags, inputFormatFor } from './input-options.js';
import { EXIT_INPUT_ERRORS, EXIT_OK, EXIT_USAGE, UsageError, writeFileAtomic } from './io.js';

interface CompileFlags extends InputFlags {
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
  addInputOptions(command);
  command.action((inputs: string[], flags: CompileFlags) => setExitCode(runCompile(inputs, flags)));
  return command;
}

function runCompile(inputs: string[], flags: CompileFlags): number {
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
  const fs = new NodeFileSystem();
  const cache = new PreprocessCache();
  const reports: { input: string; ok: boolean; result: CompileResult }[] = [];
  let failed = false;

  for (const input of inputs) {
    const result = compileFile(input, {
      ...base,
      checkSettings: checks.settings,
      inputFormat: inputFormatFor(input, flags),
      fs,
      cache,
    });
    const ok = result.ok || (flags.force === true && result.tree !== undefined);
    reports.push({ input, ok: result.ok, result });
    if (!result.ok) failed = true;
    if (!ok || !result.tree) continue;
    const target = outputPath(input, flags, inputs.length);
    if (target === undefined || flags.outFormat === 'null') continue;
    const data = flags.outFormat === 'dts' ? printDts(result.tree) : writeDtb(result.tree, clean(blob));
    writeFileAtomic(target, data);
    if (flags.dependFile) {
      writeFileAtomic(
        flags.dependFile,
        `${target === '-' ? '-' : target}: ${result.dependencies.join(' ')}\n`,
      );
    }
  }

  if (flags.format === 'json') {
    process.stdout.write(
      renderJson(reports.map((r) => ({ input: r.input, ok: r.ok, diagnostics: r.result.diagnostics }))),
    );
  } else {
    for (const r of reports) {
      if (r.result.diagnostics.length === 0) continue;
      const text = renderText(r.result.diagnostics, {
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
