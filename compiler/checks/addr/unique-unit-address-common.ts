import type { Node } from '../../tree/tree.js';
import type { CheckContext } from '../define-check.js';
import { cString, unitName } from '../values.js';

function isDisabled(node: Node): boolean {
  const status = node.prop('status');
  return status !== undefined && cString(status.value) === 'disabled';
}

/**
 * For each child, reports every earlier sibling with the same unit address (dtc's pairwise loop,
 * indexed by address so that large buses stay linear).
 */
export function checkUniqueUnitAddress(node: Node, ctx: CheckContext, skipDisabled: boolean): void {
  if (ctx.state.rawAddrCells(node) < 0 || ctx.state.rawSizeCells(node) < 0) return;
  const earlier = new Map<string, Node[]>();
  for (const child of ctx.children(node)) {
    const addr = unitName(child);
    if (!addr) continue;
    if (skipDisabled && isDisabled(child)) continue;
    const list = earlier.get(addr);
    if (list) {
      for (const other of list)
        ctx.report(other, undefined, `duplicate unit-address (also used in node ${child.path})`);
      list.push(child);
    } else earlier.set(addr, [child]);
  }
}
