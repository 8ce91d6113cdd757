/**
 * `dtpc build --emit`: every output a board can be turned into, each rendered from a zod-validated
 * view model by one template. Returns file contents and diagnostics; writing them is the CLI's job.
 *
 *   renderOutputs(kinds, inputs) → { files: [{ name, content, executable }], diagnostics }
 *
 * Never throws on a bad board: what an output cannot represent is an `emit/…` diagnostic and the
 * output is left out; a template or model failure (a bug) is one `emit/internal-error`.
 */

import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { appendAll } from '../compiler/diagnostics/diagnostic.js';
import type { DeviceTree } from '../compiler/tree/tree.js';
import type { PlatformDescription } from '../runtime/platform/description.js';
import { TreeView } from '../schemas/view/view.js';
import { renderer, type TemplateName } from './engine.js';
import { dotToSvg, inlineSvg } from './graphviz.js';
import type { Built } from './models/common.js';
import { buildKconfigModel } from './models/kconfig.js';
import { buildQemuModel } from './models/qemu.js';
import { buildRenodeModel, type NodeFacts } from './models/renode.js';
import { buildReportModel, type SourceFile, type TimelineEvent } from './models/report.js';
import { buildWiringModel } from './models/wiring.js';

export type { SourceFile, TimelineEvent } from './models/report.js';

export const EMIT_KINDS = ['qemu', 'renode', 'kconfig', 'diagram', 'report'] as const;
export type EmitKind = (typeof EMIT_KINDS)[number];

/** The fixed file names each kind writes into the output folder. */
export const EMIT_FILES: Readonly<Record<EmitKind, readonly string[]>> = {
  qemu: ['qemu.sh'],
  renode: ['platform.repl'],
  kconfig: ['kconfig.fragment'],
  diagram: ['wiring.dot', 'wiring.svg'],
  report: ['report.html'],
};

export interface EmitInputs {
  /** Base name of the board source. */
  board: string;
  tree: DeviceTree;
  description: PlatformDescription;
  /** Diagnostics shown in the report (lint + platform findings). */
  diagnostics?: readonly Diagnostic[];
  /** Source files the report shows, the board's own first. */
  sources?: readonly SourceFile[];
  /** The Kconfig checker's result (needed by `kconfig`). */
  kconfig?: { kernel: string; fragment: readonly string[] };
  /** Events of a scenario run, for the report's timeline. */
  trace?: readonly TimelineEvent[];
}

export interface EmittedFile {
  name: string;
  content: string;
  /** Scripts are written executable. */
  executable: boolean;
}

export interface EmitResult {
  files: EmittedFile[];
  diagnostics: Diagnostic[];
}

/**
 * Measurement hook (bench:emit): runs `work` as part of a named phase (`render:<kind>`,
 * `graphviz`, and the CLI's own phases) and returns its result, a promise included. Rendering
 * itself never reads a clock; the default runs the work unmeasured.
 */
export type Timed = <T>(phase: string, work: () => T) => T;
export const untimed: Timed = (_phase, work) => work();

export async function renderOutputs(
  kinds: readonly EmitKind[],
  inputs: EmitInputs,
  timed: Timed = untimed,
): Promise<EmitResult> {
  const files: EmittedFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const view = new TreeView(inputs.tree);
  const d = inputs.description;
  const title = d.model ?? inputs.board;
  const cpuCompatibles = d.cpus.map((c) => view.byPath(c.path)?.compatible ?? []);
  const render = (name: TemplateName, built: Built<object>, fileName = name): boolean => {
    appendAll(diagnostics, built.diagnostics);
    if (!built.model) return false;
    const content = renderer()(name, built.model);
    files.push({ name: fileName, content, executable: name.endsWith('.sh') });
    return true;
  };
  const guarded = async (kind: EmitKind, work: () => void | Promise<void>) => {
    try {
      await work();
    } catch (error) {
      diagnostics.push({
        code: 'emit/internal-error',
        severity: 'error',
        message: `emitting ${kind} failed: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  };
  let svg: string | null = null;
  const diagram = async () => {
    const dot = timed('render:diagram', () => {
      const built = buildWiringModel(inputs.board, d);
      appendAll(diagnostics, built.diagnostics);
      return built.model ? renderer()('wiring.dot', built.model) : undefined;
    });
    if (dot === undefined) return;
    svg = await timed('graphviz', () => dotToSvg(dot));
    return dot;
  };

  for (const kind of new Set(kinds)) {
    await guarded(kind, async () => {
      switch (kind) {
        case 'qemu':
          timed('render:qemu', () =>
            render(
              'qemu.sh',
              buildQemuModel({ board: inputs.board, tree: inputs.tree, description: d, cpuCompatibles }),
            ),
          );
          break;
        case 'renode':
          timed('render:renode', () =>
            render(
              'platform.repl',
              buildRenodeModel({
                board: inputs.board,
                tree: inputs.tree,
                description: d,
                cpuCompatibles,
                nodeFacts: (path) => nodeFacts(view, path),
              }),
            ),
          );
          break;
        case 'kconfig':
          if (!inputs.kconfig) {
            diagnostics.push({
              code: 'emit/no-kconfig',
              severity: 'error',
              message: 'kconfig output needs the Kconfig checker result',
            });
            break;
          }
          {
            const kconfig = inputs.kconfig;
            timed('render:kconfig', () =>
              render('kconfig.fragment', buildKconfigModel(title, kconfig.kernel, kconfig.fragment)),
            );
          }
          break;
        case 'diagram': {
          const dot = await diagram();
          if (dot !== undefined && svg !== null) {
            files.push({ name: 'wiring.dot', content: dot, executable: false });
            files.push({ name: 'wiring.svg', content: svg, executable: false });
          }
          break;
        }
        case 'report': {
          if (svg === null) await diagram();
          const diagramSvg: string | null = svg;
          timed('render:report', () =>
            render(
              'report.html',
              buildReportModel({
                board: inputs.board,
                title,
                diagnostics: inputs.diagnostics ?? [],
                sources: inputs.sources ?? [],
                svg: diagramSvg === null ? null : inlineSvg(diagramSvg),
                timeline: inputs.trace ?? null,
              }),
            ),
          );
          break;
        }
      }
    });
  }
  return { files, diagnostics };
}

function nodeFacts(view: TreeView, path: string): NodeFacts {
  const n = view.byPath(path);
  if (!n) return { name: 'node', compatible: [] };
  const reg = n.reg[0]?.cpuAddress;
  const freq = n.u32('clock-frequency');
  return {
    name: n.node.name.replace(/@.*/, '') || 'node',
    compatible: n.compatible,
    ...(freq !== undefined ? { clockFrequency: freq } : {}),
    ...(reg !== undefined ? { regBase: `0x${reg.toString(16)}` } : {}),
  };
}
