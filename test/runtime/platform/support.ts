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
