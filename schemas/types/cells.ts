import type { Node } from '../../compiler/tree/tree.js';

/**
 * Cell-count properties and their defaults. `#address-cells` and `#size-cells` of a bus default to 2
 * and 1 (Devicetree spec §2.3.5, dtc's `node_addr_cells`/`node_size_cells`); specifier counts such as
 * `#interrupt-cells` or `#mbox-cells` have no default: a provider without one cannot be decoded.
 */
export const DEFAULT_ADDRESS_CELLS = 2;
export const DEFAULT_SIZE_CELLS = 1;

/** The value of a one-cell property, or undefined when it is absent or not exactly one cell. */
export function readU32(node: Node, name: string): number | undefined {
  const prop = node.prop(name);
  if (!prop || prop.value.length !== 4) return undefined;
  return prop.value.cell(0);
}

/** `#address-cells` a bus node gives its children's `reg` (default 2). */
export function addressCells(bus: Node | undefined): number {
  return (bus && readU32(bus, '#address-cells')) ?? DEFAULT_ADDRESS_CELLS;
}

/** `#size-cells` a bus node gives its children's `reg` (default 1). */
export function sizeCells(bus: Node | undefined): number {
  return (bus && readU32(bus, '#size-cells')) ?? DEFAULT_SIZE_CELLS;
}

/** Joins big-endian cells into one number (any width). */
export function cellsToBigint(cells: readonly number[]): bigint {
  let v = 0n;
  for (const c of cells) v = (v << 32n) | BigInt(c >>> 0);
  return v;
}
