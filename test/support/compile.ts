import { type CompileOptions, type CompileResult, compileText } from '../../compiler/compile.js';
import { MemoryFileSystem } from '../../compiler/source/file-system.js';
import type { DeviceTree, Node } from '../../compiler/tree/tree.js';

/** Compiles DTS text held in memory (no C preprocessing unless asked), for tests. */
export function compileDts(
  text: string,
  options: CompileOptions = {},
  files: Record<string, string> = {},
): CompileResult {
  const fs = new MemoryFileSystem({ 'test.dts': text, ...files });
  return compileText('test.dts', text, { cpp: false, fs, ...options });
}

/** Compiles and insists on success; returns the tree. */
export function treeOf(
  text: string,
  options: CompileOptions = {},
  files: Record<string, string> = {},
): DeviceTree {
  const result = compileDts(text, options, files);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (!result.ok || !result.tree)
    throw new Error(`compile failed: ${errors.map((e) => `${e.code} ${e.message}`).join('; ')}`);
  return result.tree;
}

export function node(tree: DeviceTree, path: string): Node {
  const n = tree.nodeByPath(path);
  if (!n) throw new Error(`no node ${path}`);
  return n;
}

/** Names of a node's live properties, in order. */
export function propNames(n: Node): string[] {
  return n.liveProps.map((p) => p.name);
}

export function cellsOf(n: Node, prop: string): number[] {
  const p = n.prop(prop);
  if (!p) throw new Error(`no property ${prop} in ${n.path}`);
  return p.value.cells();
}

export function codes(result: CompileResult): string[] {
  return result.diagnostics.map((d) => d.code);
}
