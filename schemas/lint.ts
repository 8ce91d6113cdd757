import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import type { DeviceTree } from '../compiler/tree/tree.js';
import { wiringRules } from './rules/index.js';
import { checkWiring } from './rules/run.js';
import { validateTree } from './validate.js';
import { TreeView } from './view/view.js';

/**
 * The lint entry point: bindings (one node at a time) then wiring rules (across nodes), over one
 * shared typed view. Where a wiring rule refines a binding check (see `WiringRule.supersedes`) and
 * both fire at the same node and property, only the wiring finding is kept. Never throws.
 */
export function lintTree(tree: DeviceTree, view: TreeView = new TreeView(tree)): Diagnostic[] {
  const schema = validateTree(tree, { view });
  const wiring = checkWiring(tree, view);
  const superseded = new Set<string>();
  for (const d of wiring) {
    const rule = wiringRules.find((r) => r.id === d.code);
    for (const code of rule?.supersedes ?? []) superseded.add(`${code}\0${d.nodePath}\0${d.property ?? ''}`);
  }
  const kept = schema.filter((d) => !superseded.has(`${d.code}\0${d.nodePath}\0${d.property ?? ''}`));
  return [...kept, ...wiring];
}
