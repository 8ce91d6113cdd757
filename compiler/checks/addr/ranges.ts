import type { Node, Property } from '../../tree/tree.js';
import type { CheckContext } from '../define-check.js';
import { isMultipleOf } from './multiple.js';

/** The shared rule of `ranges_format` and `dma_ranges_format`, for `prop` (named `name`) of `node`. */
export function checkRangesFormat(node: Node, prop: Property, ctx: CheckContext, name: string): void {
  if (!node.parent) {
    ctx.report(node, prop, `Root node has a "${name}" property`);
    return;
  }
  const { state } = ctx;
  const pAddr = state.addrCellsOf(node.parent);
  const pSize = state.sizeCellsOf(node.parent);
  const cAddr = state.addrCellsOf(node);
  const cSize = state.sizeCellsOf(node);
  const len = prop.value.length;
  if (len === 0) {
    if (pAddr !== cAddr)
      ctx.report(
        node,
        prop,
        `empty "${name}" property but its #address-cells (${cAddr}) differs from ${node.parent.path} (${pAddr})`,
      );
    if (pSize !== cSize)
      ctx.report(
        node,
        prop,
        `empty "${name}" property but its #size-cells (${cSize}) differs from ${node.parent.path} (${pSize})`,
      );
  } else if (!isMultipleOf(len, (pAddr + cAddr + cSize) * 4)) {
    ctx.report(
      node,
      prop,
      `"${name}" property has invalid length (${len} bytes) (parent #address-cells == ${pAddr}, child #address-cells == ${cAddr}, #size-cells == ${cSize})`,
    );
  }
}
