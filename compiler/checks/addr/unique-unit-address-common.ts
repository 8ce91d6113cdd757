import type { Node } from '../../tree/tree.js';
import type { CheckContext } from '../define-check.js';
import { cString, unitName } from '../values.js';

function isDisabled(node: Node): boolean {
  const status = node.prop('status');
  return status !== undefined && cString(status.value) === 'disabled';
}

/** Reports every later sibling whose unit address repeats an earlier one's. */
export function checkUniqueUnitAddress(node: Node, ctx: CheckContext, skipDisabled: boolean): void {
  if (ctx.state.rawAddrCells(node) < 0 || ctx.state.rawSizeCells(node) < 0) return;
  const children = ctx.children(node);
  for (let a = 0; a < children.length; a++) {
    const childA = children[a]!;
    const addrA = unitName(childA);
    if (!addrA) continue;
    if (skipDisabled && isDisabled(childA)) continue;
    for (let b = 0; b < a; b++) {
      const childB = children[b]!;
      if (skipDisabled && isDisabled(childB)) continue;
      if (unitName(childB) === addrA)
        ctx.report(childB, undefined, `duplicate unit-address (also used in node ${childA.path})`);
    }
  }
}
