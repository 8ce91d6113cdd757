/**
 * `dtpc build --emit <list>`: gathers what the templates need from a loaded board (lint findings,
 * source files, the Kconfig fragment, a scenario's timeline) and writes each output to its fixed
 * name in the output folder. Rendering lives in `templates/emit.ts`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import type { Loaded } from '../runtime/platform/load.js';
import { simulate } from '../runtime/platform/simulate.js';
import { TIMELINE_KINDS } from '../runtime/platform/timeline.js';
import { checkKconfig } from '../schemas/kconfig/check.js';
import type { SupportedKernel } from '../schemas/kconfig/data/versions.js';
import { lintTree } from '../schemas/lint.js';
import {
  EMIT_KINDS,
  type EmitInputs,
  type EmitKind,
  renderOutputs,
  type SourceFile,
  type Timed,
  untimed,
} from '../templates/emit.js';
import { UsageError, writeFileAtomic } from './io.js';

/** Kernel whose built-in Kconfig model the `kconfig` output uses. */
export const EMIT_KERNEL: SupportedKernel = 'v6.12';

/**
 * `qemu,renode` / `all` → kinds; unknown names are a usage error. `platform` names platform.json,
 * which build always writes, so it is accepted and adds nothing.
 */
export function parseEmitList(list: string): EmitKind[] {
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (names.length === 0) throw new UsageError('--emit needs a list such as qemu,renode');
  if (names.includes('all')) return [...EMIT_KINDS];
  for (const n of names)
    if (n !== 'platform' && !(EMIT_KINDS as readonly string[]).includes(n))
      throw new UsageError(
        `unknown --emit output '${n}' (expected platform, ${EMIT_KINDS.join(', ')} or all)`,
      );
  return names.filter((n): n is EmitKind => n !== 'platform');
}

/** Everything the templates read, from a board that loaded (`loaded.tree` and description set). */
export function emitInputsFor(
  loaded: Loaded,
  kinds: readonly EmitKind[],
  input: string,
  timed: Timed = untimed,
): EmitInputs | undefined {
  const tree = loaded.tree;
  const prepared = loaded.prepared;
  if (!tree || !prepared) return undefined;
  const inputs: EmitInputs = { board: loaded.board, tree, description: prepared.description };
  if (kinds.includes('kconfig')) {
    const result = timed('kconfig', () =>
      checkKconfig(tree, { kernel: EMIT_KERNEL }, [], { fragment: true }),
    );
    inputs.kconfig = { kernel: EMIT_KERNEL, fragment: result.fragment };
  }
  if (kinds.includes('report')) {
    const lint = timed('lint', () => lintTree(tree, prepared.view));
    const diagnostics: Diagnostic[] = [...loaded.diagnostics, ...lint];
    inputs.diagnostics = diagnostics;
    inputs.sources = sourcesOf(input, diagnostics);
    const scenario = loaded.scenario;
    const profile = prepared.profile;
    if (scenario && profile) {
      const sim = timed('run', () =>
        simulate(
          { tree, description: prepared.description, profile, findings: prepared.findings },
          { scenario },
        ),
      );
      inputs.trace = sim.platform.trace.events.filter((e) => TIMELINE_KINDS.includes(e.kind));
      inputs.diagnostics = [...diagnostics, ...sim.report.diagnostics];
    }
  }
  return inputs;
}

/** The board's source (a folder's `board.dts`) and every other file a diagnostic points into. */
function sourcesOf(input: string, diagnostics: readonly Diagnostic[]): SourceFile[] {
  const main = fs.existsSync(path.join(input, 'board.dts')) ? path.join(input, 'board.dts') : input;
  const files = [main];
  for (const d of diagnostics) if (d.span && !files.includes(d.span.file)) files.push(d.span.file);
  return files.flatMap((file) => {
    if (/\.(dtbo?|json)$/.test(file)) return [];
    try {
      return [{ file, text: fs.readFileSync(file, 'latin1') }];
    } catch {
      return [];
    }
  });
}

/** Renders the outputs and writes each to its fixed name in `outDir`. */
export async function emitOutputs(
  kinds: readonly EmitKind[],
  inputs: EmitInputs,
  outDir: string,
  timed: Timed = untimed,
): Promise<{ written: string[]; diagnostics: Diagnostic[] }> {
  const result = await renderOutputs(kinds, inputs, timed);
  const written: string[] = [];
  timed('write', () => {
    for (const f of result.files) {
      const file = path.join(outDir, f.name);
      writeFileAtomic(file, f.content);
      if (f.executable) fs.chmodSync(file, 0o755);
      written.push(file);
    }
  });
  return { written, diagnostics: result.diagnostics };
}
