import type { Node } from '../../compiler/tree/tree.js';
import { addressCells, cellsToBigint, sizeCells } from '../types/cells.js';
import { decodeReg, type RegEntry } from '../types/reg.js';
import type { Issue } from '../types/result.js';

/** A `reg` entry with its CPU (root) address when every bus above it translates. */
export interface RegRegion extends RegEntry {
  /**
   * The address seen from the CPU: the bus address translated through each ancestor's `ranges`.
   * Undefined when some bus has no `ranges` (its children are not memory-mapped, e.g. SCMI protocols,
   * I2C devices) or no range covers the address.
   */
  cpuAddress: bigint | undefined;
}

interface Range {
  child: bigint;
  parent: bigint;
  size: bigint;
}

/** Parsed `ranges` of a bus: null for an empty `ranges` (identity), undefined when absent or malformed. */
function parseRanges(bus: Node): Range[] | null | undefined {
  const prop = bus.prop('ranges');
  if (!prop) return undefined;
  if (prop.value.length === 0) return null;
  const cac = addressCells(bus);
  const pac = addressCells(bus.parent);
  const sc = sizeCells(bus);
  const width = cac + pac + sc;
  if (prop.value.length % 4 !== 0 || width === 0 || prop.value.cellCount % width !== 0) return undefined;
  const cells = prop.value.cells();
  const out: Range[] = [];
  for (let i = 0; i < cells.length; i += width)
    out.push({
      child: cellsToBigint(cells.slice(i, i + cac)),
      parent: cellsToBigint(cells.slice(i + cac, i + cac + pac)),
      size: cellsToBigint(cells.slice(i + cac + pac, i + width)),
    });
  return out;
}

/**
 * Translates an address in `node`'s parent bus up to the root, as Linux's `of_translate_address`
 * does for plain (non-PCI) buses: an empty `ranges` is an identity map, an absent one stops translation.
 */
export function translateAddress(node: Node, address: bigint): bigint | undefined {
  let bus = node.parent;
  let addr = address;
  while (bus && bus.parent) {
    const ranges = parseRanges(bus);
    if (ranges === undefined) return undefined;
    if (ranges !== null) {
      const hit = ranges.find((r) => addr >= r.child && addr < r.child + r.size);
      if (!hit) return undefined;
      addr = hit.parent + (addr - hit.child);
    }
    bus = bus.parent;
  }
  return addr;
}

export function resolveReg(node: Node): { value: RegRegion[]; issues: Issue[] } {
  const prop = node.prop('reg');
  if (!prop) return { value: [], issues: [] };
  const decoded = decodeReg(node, prop);
  if (!decoded.ok) return { value: [], issues: decoded.issues };
  return {
    value: decoded.value.map((e) => ({ ...e, cpuAddress: translateAddress(node, e.address) })),
    issues: [],
  };
}
