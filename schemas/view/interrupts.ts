import type { Node, Property } from '../../compiler/tree/tree.js';
import { readU32 } from '../types/cells.js';
import { decodeInterrupts, type RawInterrupt } from '../types/interrupt-parent.js';
import { decodePhandleArray, hex, type PhandleIndex } from '../types/phandles.js';
import type { Issue } from '../types/result.js';
import type { CellRef } from '../types/source.js';
import { decodeSpecifier, type InterruptSpecifier } from './specifiers.js';

/** An issue found while resolving, located by the cells it is about (which may be in another node). */
export interface ViewIssue extends Issue {
  at?: CellRef;
}

/** One hop through an `interrupt-map`. */
export interface MapStep {
  nexus: Node;
  /** The interrupt-map row that matched. */
  row: CellRef;
}

/** One interrupt of a node, resolved to the controller that finally receives it. */
export interface ResolvedInterrupt {
  /** Position in `interrupts` / `interrupts-extended`. */
  index: number;
  /** From `interrupt-names`, when present. */
  name?: string;
  controller: Node;
  /** The cells in the controller's own domain (after any interrupt-map translation). */
  specifier: number[];
  /** Named cells from the controller's binding (GIC), or the raw cells. */
  decoded: InterruptSpecifier;
  /** Where this interrupt is written in the consumer. */
  source: CellRef;
  /** Where `specifier` is written: the consumer's cells, or the last interrupt-map row's parent cells. */
  specifierSource: CellRef;
  /** interrupt-map hops, in order; empty for a direct controller. */
  via: MapStep[];
}

export interface InterruptMapRow {
  childAddress: number[];
  childSpecifier: number[];
  parent: Node;
  parentAddress: number[];
  parentSpecifier: number[];
  source: CellRef;
  /** Cell index of the parent specifier inside `interrupt-map`. */
  parentSpecifierCell: number;
}

export interface ParsedInterruptMap {
  addressCells: number;
  interruptCells: number;
  mask: number[];
  rows: InterruptMapRow[];
  issues: ViewIssue[];
}

/**
 * Parses a nexus's `interrupt-map` the way dtc's `check_interrupt_map` and Linux's `of_irq_parse_raw`
 * do: each row is child unit address (the nexus's `#address-cells`, default 2) + child specifier (its
 * `#interrupt-cells`) + parent phandle + parent unit address (the parent's `#address-cells`, 0 when
 * absent) + parent specifier (the parent's `#interrupt-cells`). Parsing stops at the first row that
 * cannot be sized.
 */
export function parseInterruptMap(nexus: Node, index: PhandleIndex): ParsedInterruptMap {
  const prop = nexus.prop('interrupt-map')!;
  const ac = readU32(nexus, '#address-cells') ?? 2;
  const ic = readU32(nexus, '#interrupt-cells') ?? 0;
  const issues: ViewIssue[] = [];
  const at = (cell: number, count: number): CellRef => ({ node: nexus, property: prop, cell, count });
  let mask = new Array<number>(ac + ic).fill(0xffffffff);
  const maskProp = nexus.prop('interrupt-map-mask');
  if (maskProp) {
    const m = maskProp.value.length % 4 === 0 ? maskProp.value.cells() : [];
    if (m.length !== ac + ic)
      issues.push({
        rule: 'interrupt-map-mask-length',
        message: `'interrupt-map-mask' must have #address-cells + #interrupt-cells = ${ac + ic} cells, has ${m.length}`,
        at: { node: nexus, property: maskProp, cell: 0, count: 0 },
      });
    else mask = m;
  }
  const rows: InterruptMapRow[] = [];
  const cells = prop.value.length % 4 === 0 ? prop.value.cells() : [];
  let i = 0;
  while (i < cells.length) {
    const head = ac + ic;
    if (i + head + 1 > cells.length) {
      issues.push({
        rule: 'interrupt-map-truncated',
        message: `'interrupt-map' row ${rows.length} is cut short`,
        at: at(i, cells.length - i),
      });
      break;
    }
    const phandleCell = i + head;
    const parent = index.get(cells[phandleCell]!);
    if (!parent) {
      issues.push({
        rule: 'interrupt-map-parent',
        message: `'interrupt-map' row ${rows.length} refers to no node (phandle ${hex(cells[phandleCell]!)})`,
        at: at(phandleCell, 1),
      });
      break;
    }
    const pac = readU32(parent, '#address-cells') ?? 0;
    const pic = readU32(parent, '#interrupt-cells');
    if (pic === undefined) {
      issues.push({
        rule: 'interrupt-map-parent-cells',
        message: `'interrupt-map' row ${rows.length}: ${parent.path} has no '#interrupt-cells' (or the row is mis-sized: rows before it are ${ac}+${ic}+1+parent #address-cells+#interrupt-cells cells)`,
        at: at(phandleCell, 1),
      });
      break;
    }
    const end = phandleCell + 1 + pac + pic;
    if (end > cells.length) {
      issues.push({
        rule: 'interrupt-map-truncated',
        message: `'interrupt-map' row ${rows.length} needs ${end - i} cells, has ${cells.length - i}`,
        at: at(i, cells.length - i),
      });
      break;
    }
    rows.push({
      childAddress: cells.slice(i, i + ac),
      childSpecifier: cells.slice(i + ac, i + head),
      parent,
      parentAddress: cells.slice(phandleCell + 1, phandleCell + 1 + pac),
      parentSpecifier: cells.slice(phandleCell + 1 + pac, end),
      source: at(i, end - i),
      parentSpecifierCell: phandleCell + 1 + pac,
    });
    i = end;
  }
  return { addressCells: ac, interruptCells: ic, mask, rows, issues };
}

/** Caches parsed interrupt maps; one per view. */
export class InterruptResolver {
  private readonly maps = new Map<Node, ParsedInterruptMap>();

  constructor(readonly index: PhandleIndex) {}

  interruptMap(nexus: Node): ParsedInterruptMap | undefined {
    if (!nexus.prop('interrupt-map')) return undefined;
    let parsed = this.maps.get(nexus);
    if (!parsed) {
      parsed = parseInterruptMap(nexus, this.index);
      this.maps.set(nexus, parsed);
    }
    return parsed;
  }

  /**
   * A node's interrupts, resolved to their controllers. `interrupts-extended` wins over `interrupts`
   * when both are present (as in Linux). Interrupts that cannot be resolved are left out and explained
   * in `issues`.
   */
  resolve(node: Node): { value: ResolvedInterrupt[]; issues: ViewIssue[] } {
    const issues: ViewIssue[] = [];
    const raws: RawInterrupt[] = [];
    const ext = node.prop('interrupts-extended');
    const plain = node.prop('interrupts');
    if (ext) {
      const entries = decodePhandleArray(node, ext, '#interrupt-cells', this.index);
      for (const is of entries.issues) issues.push(located(is, node, ext));
      if (entries.ok)
        for (const e of entries.value)
          if (e.provider)
            raws.push({
              parent: e.provider,
              specifier: e.args,
              source: e.source,
            });
    } else if (plain) {
      const decoded = decodeInterrupts(node, plain, this.index);
      for (const is of decoded.issues) issues.push(located(is, node, plain));
      if (decoded.ok) raws.push(...decoded.value);
    }
    const namesProp = node.prop('interrupt-names');
    const names = namesProp ? namesProp.value.strings() : [];
    const value: ResolvedInterrupt[] = [];
    raws.forEach((raw, i) => {
      const specifierOffset = raw.source.property.name === 'interrupts-extended' ? 1 : 0;
      const resolved = this.resolveOne(node, raw, specifierOffset, issues);
      if (!resolved) return;
      const name = names[i];
      value.push({ index: i, ...(name !== undefined ? { name } : {}), ...resolved });
    });
    return { value, issues };
  }

  private resolveOne(
    device: Node,
    raw: RawInterrupt,
    specifierOffset: number,
    issues: ViewIssue[],
  ): Omit<ResolvedInterrupt, 'index' | 'name'> | undefined {
    let domain = raw.parent;
    let specifier = raw.specifier;
    let specifierSource: CellRef = {
      ...raw.source,
      cell: raw.source.cell + specifierOffset,
      count: raw.source.count - specifierOffset,
    };
    const via: MapStep[] = [];
    let address = unitAddress(device, readU32(domain, '#address-cells') ?? 2);
    for (let hop = 0; hop < 16; hop++) {
      const map = this.interruptMap(domain);
      if (!map) break;
      const row = matchRow(map, address, specifier);
      if (!row) {
        issues.push({
          rule: 'interrupt-map-no-match',
          message: `no 'interrupt-map' row of ${domain.path} matches unit address <${address.map(hex).join(' ')}> and specifier <${specifier.map(hex).join(' ')}>`,
          at: raw.source,
        });
        return undefined;
      }
      via.push({ nexus: domain, row: row.source });
      domain = row.parent;
      specifier = row.parentSpecifier;
      address = row.parentAddress;
      specifierSource = { ...row.source, cell: row.parentSpecifierCell, count: row.parentSpecifier.length };
    }
    if (domain.prop('interrupt-map')) {
      issues.push({
        rule: 'interrupt-map-loop',
        message: 'interrupt-map translation does not end',
        at: raw.source,
      });
      return undefined;
    }
    if (!domain.prop('interrupt-controller')) {
      issues.push({
        rule: 'not-interrupt-controller',
        message: `${domain.path} has '#interrupt-cells' but is neither an 'interrupt-controller' nor an interrupt nexus ('interrupt-map')`,
        at: raw.source,
      });
      return undefined;
    }
    const decoded = decodeSpecifier(specifier, domain, this.index);
    for (const is of decoded.issues) {
      const { cell, count, ...rest } = is;
      issues.push({
        ...rest,
        at:
          cell === undefined
            ? specifierSource
            : { ...specifierSource, cell: specifierSource.cell + cell, count: count ?? 1 },
      });
    }
    return {
      controller: domain,
      specifier,
      decoded: decoded.value,
      source: raw.source,
      specifierSource,
      via,
    };
  }
}

function located(issue: Issue, node: Node, prop: Property): ViewIssue {
  if (issue.cell === undefined) return { ...issue, at: { node, property: prop, cell: 0, count: 0 } };
  return { ...issue, at: { node, property: prop, cell: issue.cell, count: issue.count ?? 1 } };
}

/** The first `cells` cells of the device's `reg` (zero-padded), as Linux builds the match key. */
function unitAddress(device: Node, cells: number): number[] {
  const out = new Array<number>(cells).fill(0);
  const reg = device.prop('reg');
  if (reg && reg.value.length % 4 === 0) {
    const v = reg.value.cells();
    for (let i = 0; i < cells && i < v.length; i++) out[i] = v[i]!;
  }
  return out;
}

function matchRow(
  map: ParsedInterruptMap,
  address: number[],
  specifier: number[],
): InterruptMapRow | undefined {
  const key = [...padTo(address, map.addressCells), ...specifier];
  if (specifier.length !== map.interruptCells) return undefined;
  for (const row of map.rows) {
    const rowKey = [...row.childAddress, ...row.childSpecifier];
    let same = true;
    for (let i = 0; i < rowKey.length && same; i++) {
      if ((((key[i] ?? 0) ^ rowKey[i]!) & (map.mask[i] ?? 0xffffffff)) !== 0) same = false;
    }
    if (same) return row;
  }
  return undefined;
}

function padTo(cells: number[], n: number): number[] {
  const out = cells.slice(0, n);
  while (out.length < n) out.push(0);
  return out;
}
