/** `dtpc build`: board DTS (+ firmware profile) → `platform.json`, the simulation config `dtpc run` reads. */
import * as path from 'node:path';
import { Command } from 'commander';
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { renderText } from '../compiler/diagnostics/render-text.js';
import { writeDtb } from '../compiler/dtb/writer.js';
import { NodeFileSystem } from '../compiler/source/file-system.js';
import { makeConfig, stableJson } from '../runtime/platform/config.js';
import { type Loaded, loadPlatform } from '../runtime/platform/load.js';
import { addInputOptions, compileOptionsFrom, type InputFlags, inputFormatFor } from './input-options.js';
import { EXIT_INPUT_ERRORS, EXIT_OK, UsageError, writeFileAtomic } from './io.js';

interface BuildFlags extends InputFlags {
  firmware?: string;
  out?: string;
}

export function buildCommand(setExitCode: (code: number) => void): Command {
  const command = new Command('build')
    .description(
      'build the simulation config (platform.json) of a board: platform description + firmware profile',
    )
    .argument('<board>', 'board DTS or DTB, or a platform folder')
    .option('--firmware <profile.yaml>', 'firmware profile overlaid on the one derived from the tree')
    .option('-o, --out <dir>', 'output folder (platform.json is written there)');
  addInputOptions(command);
  command.action((input: string, flags: BuildFlags) => setExitCode(runBuild(input, flags)));
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

function runBuild(input: string, flags: BuildFlags): number {
  if (!flags.out) throw new UsageError('build needs -o <dir>');
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
  return EXIT_OK;
}
