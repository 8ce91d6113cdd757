/** `dtpc kconfig`: does a kernel configuration drive every enabled node of a board? */

import * as fs from 'node:fs';
import { Command } from 'commander';
import { compileFile } from '../compiler/compile.js';
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { appendAll } from '../compiler/diagnostics/diagnostic.js';
import { renderJson } from '../compiler/diagnostics/render-json.js';
import { renderSarif } from '../compiler/diagnostics/render-sarif.js';
import { renderText } from '../compiler/diagnostics/render-text.js';
import { NodeFileSystem } from '../compiler/source/file-system.js';
import { type ConfigInput, checkKconfig, type KconfigSourceSpec } from '../schemas/kconfig/check.js';
import {
  isSupportedKernel,
  parseKernelVersion,
  SUPPORTED_KERNELS,
} from '../schemas/kconfig/data/versions.js';
import { kconfigRuleById } from '../schemas/kconfig/rules/index.js';
import { isKernelTree } from '../schemas/kconfig/rules/support/source.js';
import { addInputOptions, compileOptionsFrom, type InputFlags, inputFormatFor } from './input-options.js';
import { EXIT_INPUT_ERRORS, EXIT_OK, UsageError, writeFileAtomic } from './io.js';

const VERSION = '0.1.0';

interface KconfigFlags extends InputFlags {
  config: string[];
  kernel?: string;
  kconfigTree?: string;
  arch: string;
  format: string;
  writeFragment?: string;
}

export function kconfigCommand(setExitCode: (code: number) => void): Command {
  const command = new Command('kconfig')
    .description('check a kernel .config or defconfig fragment against the enabled nodes of a board')
    .argument('<board>', 'DTS or DTB file')
    .option(
      '--config <file>',
      '.config or defconfig fragment (repeatable; later files win, as merge_config.sh)',
      (v: string, p: string[]) => [...p, v],
      [],
    )
    .option('--kernel <version>', `kernel version: ${SUPPORTED_KERNELS.join(', ')} (built-in model)`)
    .option('--kconfig-tree <dir>', 'a kernel source tree to read Kconfig from')
    .option('--arch <arch>', 'SRCARCH for --kconfig-tree', 'arm64')
    .option('--format <format>', 'output: text, json or sarif', 'text')
    .option('--write-fragment <file>', 'write the smallest defconfig fragment that drives every node');
  addInputOptions(command);
  command.action((board: string, flags: KconfigFlags) => setExitCode(runKconfig(board, flags)));
  return command;
}

function sourceFrom(flags: KconfigFlags): KconfigSourceSpec {
  if (flags.kconfigTree !== undefined) {
    if (!isKernelTree(flags.kconfigTree))
      throw new UsageError(`--kconfig-tree: no Kconfig file in '${flags.kconfigTree}'`);
    const kernel = flags.kernel !== undefined ? parseKernelVersion(flags.kernel) : undefined;
    if (flags.kernel !== undefined && !kernel)
      throw new UsageError(`--kernel: not a version '${flags.kernel}'`);
    return { kconfigTree: flags.kconfigTree, arch: flags.arch, ...(kernel ? { kernel } : {}) };
  }
  if (flags.kernel === undefined) throw new UsageError('give --kernel <version> or --kconfig-tree <dir>');
  const kernel = parseKernelVersion(flags.kernel);
  if (!kernel || !isSupportedKernel(kernel))
    throw new UsageError(
      `--kernel: no built-in model for '${flags.kernel}' (use ${SUPPORTED_KERNELS.join(', ')}, or --kconfig-tree)`,
    );
  return { kernel };
}

function runKconfig(board: string, flags: KconfigFlags): number {
  if (!['text', 'json', 'sarif'].includes(flags.format))
    throw new UsageError(`unknown --format '${flags.format}'`);
  if (flags.config.length === 0) throw new UsageError('give at least one --config <file>');
  const source = sourceFrom(flags);
  const configs: ConfigInput[] = [];
  for (const file of flags.config) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'latin1');
    } catch {
      throw new UsageError(`cannot read --config '${file}'`);
    }
    configs.push({ text, file });
  }
  const compiled = compileFile(board, {
    ...compileOptionsFrom(flags),
    inputFormat: inputFormatFor(board, flags),
  });
  const diagnostics: Diagnostic[] = [...compiled.diagnostics];
  let fragment: string[] = [];
  if (compiled.tree) {
    const result = checkKconfig(compiled.tree, source, configs);
    appendAll(diagnostics, result.diagnostics);
    fragment = result.fragment;
  }
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const ok = compiled.tree !== undefined && errors === 0;
  if (flags.writeFragment !== undefined && compiled.tree)
    writeFileAtomic(flags.writeFragment, fragment.length ? `${fragment.join('\n')}\n` : '');

  if (flags.format === 'json') process.stdout.write(renderJson([{ input: board, ok, diagnostics }]));
  else if (flags.format === 'sarif')
    process.stdout.write(
      renderSarif(
        [{ input: board, ok, diagnostics }],
        (code) => {
          const rule = kconfigRuleById(code);
          return rule
            ? { code, summary: rule.summary, why: rule.rationale, severity: rule.severity }
            : undefined;
        },
        VERSION,
      ),
    );
  else {
    if (diagnostics.length > 0)
      process.stdout.write(
        `${renderText(diagnostics, { fs: new NodeFileSystem(), color: process.stdout.isTTY === true })}\n`,
      );
    if (fragment.length > 0 && flags.writeFragment === undefined)
      process.stdout.write(
        `fragment that drives every enabled node:\n${fragment.map((l) => `  ${l}`).join('\n')}\n`,
      );
    process.stdout.write(`${errors} error(s), ${warnings} warning(s)\n`);
  }
  return ok ? EXIT_OK : EXIT_INPUT_ERRORS;
}
