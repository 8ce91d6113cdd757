/** `dtpc build`: board DTS (+ firmware profile) → `platform.json`, the simulation config `dtpc run` reads. */

import * as path from 'node:path';
import { Command } from 'commander';
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { appendAll } from '../compiler/diagnostics/diagnostic.js';
import { renderText } from '../compiler/diagnostics/render-text.js';
import { writeDtb } from '../compiler/dtb/writer.js';
import type { PreprocessCache } from '../compiler/preprocess/index.js';
import { type FileSystem, NodeFileSystem } from '../compiler/source/file-system.js';
import { makeConfig, stableJson } from '../runtime/platform/config.js';
import { type Loaded, loadPlatform } from '../runtime/platform/load.js';
import { type EmitKind, type Timed, untimed } from '../templates/emit.js';
import { emitInputsFor, emitOutputs, parseEmitList } from './emit.js';
import { addInputOptions, compileOptionsFrom, type InputFlags, inputFormatFor } from './input-options.js';
import { EXIT_INPUT_ERRORS, EXIT_OK, UsageError, writeFileAtomic } from './io.js';

export interface BuildFlags extends InputFlags {
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

/** What a caller running many boards in one process shares between them (conformance, bench). */
export interface LoadContext {
  fs?: FileSystem;
  /** Preprocessed include files, shared across boards. */
  cache?: PreprocessCache;
}

/** Shared by build and run: the platform input with the compiler's flags. */
export function loadInput(
  input: string,
  flags: InputFlags & { firmware?: string; scenario?: string },
  context: LoadContext = {},
): Loaded {
  return loadPlatform({
    input,
    ...(flags.firmware ? { firmware: flags.firmware } : {}),
    ...(flags.scenario ? { scenario: flags.scenario } : {}),
    compile: {
      ...compileOptionsFrom(flags),
      inputFormat: inputFormatFor(input, flags),
      ...(context.cache ? { cache: context.cache } : {}),
    },
    fs: context.fs ?? new NodeFileSystem(),
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
  const built = await buildPlatform(input, flags, kinds, flags.out);
  printDiagnostics(built.diagnostics, input);
  return built.code;
}

export interface BuildOutcome {
  /** Exit code of `dtpc build`. */
  code: number;
  /** The board's diagnostics, then the outputs'. */
  diagnostics: Diagnostic[];
  /** Files written, platform.json first. */
  written: string[];
}

/**
 * The whole of `dtpc build <input> -o <outDir> --emit <kinds>` without the command line: load and
 * compile, write platform.json, gather what the outputs need (lint, Kconfig, scenario run) and
 * write them. `timed` measures the phases (compile, lint, kconfig, run, render:<kind>, graphviz,
 * write; platform for platform.json) for bench:emit.
 */
export async function buildPlatform(
  input: string,
  flags: BuildFlags,
  kinds: readonly EmitKind[],
  outDir: string,
  context: LoadContext & { timed?: Timed } = {},
): Promise<BuildOutcome> {
  const timed = context.timed ?? untimed;
  const loaded = timed('compile', () => loadInput(input, flags, context));
  const diagnostics = [...loaded.diagnostics];
  const written: string[] = [];
  if (!loaded.ok || !loaded.tree || !loaded.prepared?.profile)
    return { code: EXIT_INPUT_ERRORS, diagnostics, written };
  const { tree, prepared } = loaded;
  const profile = loaded.prepared.profile;
  timed('platform', () => {
    const config = makeConfig(
      loaded.board,
      loaded.profileSource,
      prepared.description,
      profile,
      writeDtb(tree),
    );
    const file = path.join(outDir, 'platform.json');
    writeFileAtomic(file, stableJson(config));
    written.push(file);
  });
  const emitInputs = kinds.length > 0 ? emitInputsFor(loaded, kinds, input, timed) : undefined;
  if (!emitInputs) return { code: EXIT_OK, diagnostics, written };
  const emitted = await emitOutputs(kinds, emitInputs, outDir, timed);
  appendAll(diagnostics, emitted.diagnostics);
  appendAll(written, emitted.written);
  const failed = emitted.diagnostics.some((d) => d.severity === 'error');
  return { code: failed ? EXIT_INPUT_ERRORS : EXIT_OK, diagnostics, written };
}
