/** `dtpc build`: board DTS (+ firmware profile) → `platform.json`, the simulation config `dtpc run` reads. */
import * as path from 'node:path';
import { Command } from 'commander';
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { renderText } from '../compiler/diagnostics/render-text.js';
import { writeDtb } from '../compiler/dtb/writer.js';
import { NodeFileSystem } from '../compiler/source/file-system.js';
import { makeConfig, stableJson } from '../runtime/platform/config.js';
import { type Loaded, loadPlatform } from '../runtime/platform/load.js';
import { emitInputsFor, emitOutputs, parseEmitList } from './emit.js';
import { addInputOptions, compileOptionsFrom, type InputFlags, inputFormatFor } from './input-options.js';
import { EXIT_INPUT_ERRORS, EXIT_OK, UsageError, writeFileAtomic } from './io.js';

interface BuildFlags extends InputFlags {
  firmware?: string;
  out?: string;
  emit?: string;
}

export function buildCommand(setExitCode: (code: number) => void): Command {
  const command = new Command('build')
    .description(
      'build the simulation config (platform.json) of a board: platform description + firmware profile',
    )
    .argument('<board>', 'board DTS or DTB, or a platform folder')
    .option('--firmware <profile.yaml>', 'firmware profile overlaid on the one derived from the tree')
    .option('-o, --out <dir>', 'output folder (platform.json is written there)')
    .option('--emit <list>', 'also write: qemu, renode, kconfig, diagram, report (comma-separated, or all)');
  addInputOptions(command);
  command.action(async (input: string, flags: BuildFlags) => setExitCode(await runBuild(input, flags)));
  return command;
}

/** Shared by build and run: the platform input with the compiler's flags. */
export function loadInput(
  input: string,
  flags: InputFlags & { firmware?: string; scenario?: string },
): Loaded {
  const fs = new NodeFileSystem();
  return loadPlatform({
    input,
    ...(flags.firmware ? { firmware: flags.firmware } : {}),
    ...(flags.scenario ? { scenario: flags.scenario } : {}),
    compile: { ...compileOptionsFrom(flags), inputFormat: inputFormatFor(input, flags) },
    fs,
  });
}

export function printDiagnostics(diagnostics: readonly Diagnostic[], input: string): void {
  if (diagnostics.length === 0) return;
  const text = renderText(diagnostics, {
    fs: new NodeFileSystem(),
    color: process.stderr.isTTY === true,
    input,
  });
  process.stderr.write(`${text}\n`);
}

async function runBuild(input: string, flags: BuildFlags): Promise<number> {
  if (!flags.out) throw new UsageError('build needs -o <dir>');
  const kinds = flags.emit !== undefined ? parseEmitList(flags.emit) : [];
  const loaded = loadInput(input, flags);
  printDiagnostics(loaded.diagnostics, input);
  if (!loaded.ok || !loaded.tree || !loaded.prepared?.profile) return EXIT_INPUT_ERRORS;
  const config = makeConfig(
    loaded.board,
    loaded.profileSource,
    loaded.prepared.description,
    loaded.prepared.profile,
    writeDtb(loaded.tree),
  );
  writeFileAtomic(path.join(flags.out, 'platform.json'), stableJson(config));
  const emitInputs = kinds.length > 0 ? emitInputsFor(loaded, kinds, input) : undefined;
  if (emitInputs) {
    const emitted = await emitOutputs(kinds, emitInputs, flags.out);
    printDiagnostics(emitted.diagnostics, input);
    if (emitted.diagnostics.some((d) => d.severity === 'error')) return EXIT_INPUT_ERRORS;
  }
  return EXIT_OK;
}
