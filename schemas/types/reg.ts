import type { Node, Property } from '../../compiler/tree/tree.js';
import { addressCells, cellsToBigint, sizeCells } from './cells.js';
import { type Decoded, fail, type ItemPlace, ok } from './result.js';
import type { CellRef } from './source.js';

/** One `reg` entry in the parent bus's address space. */
export interface RegEntry {
  address: bigint;
  /** Absent when the parent has `#size-cells = <0>` (e.g. SCMI protocol nodes, CPUs). */
  size?: bigint;
  source: CellRef;
}

/** `reg` decoded with the parent's `#address-cells` / `#size-cells` (defaults 2 / 1). */
export function decodeReg(node: Node, prop: Property): Decoded<RegEntry[]> {
  const ac = addressCells(node.parent);
  const sc = sizeCells(node.parent);
  const data = prop.value;
  const width = ac + sc;
  if (data.length % 4 !== 0 || width === 0 || data.length === 0 || data.cellCount % width !== 0)
    return fail(
      'reg-shape',
      `'reg' must be a list of <address size> entries of ${ac}+${sc} cells (from the parent's #address-cells/#size-cells); it has ${data.length % 4 === 0 ? `${data.cellCount} cells` : `${data.length} bytes`}`,
      { hint: `check #address-cells/#size-cells of ${node.parent?.path ?? '/'}` },
    );
  const cells = data.cells();
  const entries: RegEntry[] = [];
  const items: ItemPlace[] = [];
  for (let i = 0; i < cells.length; i += width) {
    const entry: RegEntry = {
      address: cellsToBigint(cells.slice(i, i + ac)),
      source: { node, property: prop, cell: i, count: width },
    };
    if (sc > 0) entry.size = cellsToBigint(cells.slice(i + ac, i + width));
    entries.push(entry);
    items.push({ cell: i, count: width });
  }
  return ok(entries, items);
}
