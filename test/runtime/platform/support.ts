import * as path from 'node:path';
import { compileFile, compileText } from '../../../compiler/compile.js';
import type { DeviceTree } from '../../../compiler/tree/tree.js';

export const REPO = path.resolve(import.meta.dirname, '../../..');
export const PLATFORMS = path.join(REPO, 'platforms');
export const INCLUDE = path.join(PLATFORMS, 'include');

/** Compiles DTS text (with the bundled platforms' include folder); throws on errors (test input). */
export function treeOf(text: string, name = 'test.dts'): DeviceTree {
  const r = compileText(name, text, { includeDirs: [INCLUDE] });
  if (!r.tree || !r.ok) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  return r.tree;
}

export function platformTree(name: string): DeviceTree {
  const r = compileFile(path.join(PLATFORMS, name, 'board.dts'), { includeDirs: [INCLUDE] });
  if (!r.tree || !r.ok) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  return r.tree;
}

import * as fs from 'node:fs';
import { type FileSystem, NodeFileSystem } from '../../../compiler/source/file-system.js';
import { type Loaded, loadPlatform, simulationInput } from '../../../runtime/platform/load.js';
import { type Simulation, simulate } from '../../../runtime/platform/simulate.js';

/** Files in memory over the real file system (includes, bundled platforms). */
export function overlayFs(files: Record<string, string>): FileSystem {
  const real = new NodeFileSystem();
  return {
    readText: (p) => files[p] ?? real.readText(p),
    readBytes: (p) =>
      files[p] !== undefined ? new Uint8Array(Buffer.from(files[p]!, 'latin1')) : real.readBytes(p),
    isFile: (p) => files[p] !== undefined || real.isFile(p),
  } as FileSystem;
}

export function boardText(name: string): string {
  return fs.readFileSync(path.join(PLATFORMS, name, 'board.dts'), 'latin1');
}

export interface Case {
  board: string;
  profile?: string;
  scenario?: string;
}

/** Loads a board (text) with an optional profile and scenario (YAML text) and runs it. */
export function runCase(c: Case): { loaded: Loaded; sim?: Simulation } {
  const files: Record<string, string> = { '/case/board.dts': c.board };
  if (c.profile !== undefined) files['/case/firmware.yaml'] = c.profile;
  if (c.scenario !== undefined) files['/case/scenario.yaml'] = c.scenario;
  const loaded = loadPlatform({
    input: '/case/board.dts',
    ...(c.profile !== undefined ? { firmware: '/case/firmware.yaml' } : {}),
    ...(c.scenario !== undefined ? { scenario: '/case/scenario.yaml' } : {}),
    compile: { includeDirs: [INCLUDE] },
    fs: overlayFs(files),
  });
  const input = simulationInput(loaded);
  if (!input) return { loaded };
  const sim = simulate(input, loaded.scenario ? { scenario: loaded.scenario } : {});
  return { loaded, sim };
}
