import type { Node, Property } from '../../compiler/tree/tree.js';
import { readU32 } from './cells.js';
import type { PhandleIndex } from './phandles.js';
import { type Decoded, fail, type ItemPlace, ok } from './result.js';
import type { CellRef } from './source.js';

/** The interrupt domain a node's `interrupts` are written in. */
export interface InterruptParent {
  /** A controller (`interrupt-controller`) or a nexus (`interrupt-map`); it has `#interrupt-cells`. */
  node: Node;
  interruptCells: number;
  /** The `interrupt-parent` property that was followed last, if any (for diagnostics). */
  via?: Property;
}

/**
 * Linux's `of_irq_find_parent`: follow `interrupt-parent` when the node has one, its tree parent
 * otherwise, and repeat from there until a node with `#interrupt-cells` is reached. So an ancestor's
 * `interrupt-parent` is inherited, and an ancestor that is itself a controller ends the walk.
 */
export function findInterruptParent(node: Node, index: PhandleIndex): Decoded<InterruptParent> {
  let cursor: Node = node;
  let via: Property | undefined;
  for (let hops = 0; hops < 256; hops++) {
    const ip = cursor.prop('interrupt-parent');
    let next: Node | undefined;
    if (ip) {
      via = ip;
      const phandle = ip.value.length === 4 ? ip.value.cell(0) : 0;
      next = index.get(phandle);
      if (!next)
        return fail(
          'unresolved-interrupt-parent',
          `'interrupt-parent' of ${cursor.path} refers to no node`,
          cursor === node ? { cell: 0, count: 1 } : {},
        );
    } else next = cursor.parent;
    if (!next)
      return fail('no-interrupt-parent', `no interrupt parent found for ${node.path}`, {
        hint: "add 'interrupt-parent' to the node or an ancestor",
      });
    const cells = readU32(next, '#interrupt-cells');
    if (cells !== undefined)
      return ok(via ? { node: next, interruptCells: cells, via } : { node: next, interruptCells: cells });
    cursor = next;
  }
  return fail('interrupt-parent-loop', `the interrupt-parent chain of ${node.path} does not end`);
}

/** One interrupt specifier as written, before any interrupt-map translation. */
export interface RawInterrupt {
  /** The domain the cells are written in (controller or nexus). */
  parent: Node;
  specifier: number[];
  /** The specifier cells (for `interrupts-extended`, the phandle cell is included). */
  source: CellRef;
}

/** `interrupts`, split by the effective interrupt parent's `#interrupt-cells`. */
export function decodeInterrupts(node: Node, prop: Property, index: PhandleIndex): Decoded<RawInterrupt[]> {
  const data = prop.value;
  if (data.length % 4 !== 0 || data.length === 0)
    return fail('not-cells', `'interrupts' must be a list of 32-bit cells`);
  const parent = findInterruptParent(node, index);
  if (!parent.ok) return parent;
  const n = parent.value.interruptCells;
  const cells = data.cells();
  if (n === 0 || cells.length % n !== 0)
    return fail(
      'interrupts-length',
      `'interrupts' has ${cells.length} cells, not a multiple of #interrupt-cells = <${n}> of ${parent.value.node.path}`,
      {
        cell: cells.length - (cells.length % Math.max(n, 1)),
        count: cells.length % Math.max(n, 1) || cells.length,
      },
    );
  const out: RawInterrupt[] = [];
  const items: ItemPlace[] = [];
  for (let i = 0; i < cells.length; i += n) {
    out.push({
      parent: parent.value.node,
      specifier: cells.slice(i, i + n),
      source: { node, property: prop, cell: i, count: n },
    });
    items.push({ cell: i, count: n });
  }
  return ok(out, items);
}
