import type { DeviceTree, Node, Property } from '../../compiler/tree/tree.js';
import { readU32 } from './cells.js';
import { isOverlayFixup } from './overlay.js';
import { type Decoded, fail, type Issue, type ItemPlace, ok } from './result.js';
import type { CellRef } from './source.js';

/** Phandle → node, built once per tree (the tree's own lookup walks the whole tree every time). */
export class PhandleIndex {
  private map: Map<number, Node> | undefined;

  constructor(readonly tree: DeviceTree) {}

  get(phandle: number): Node | undefined {
    if (phandle === 0 || phandle === 0xffffffff) return undefined;
    if (!this.map) {
      this.map = new Map();
      for (const node of this.tree.root.walk()) if (node.phandle !== 0) this.map.set(node.phandle, node);
    }
    return this.map.get(phandle);
  }
}

/** A single `phandle` property, resolved. */
export interface PhandleRef {
  phandle: number;
  node: Node;
  source: CellRef;
}

/** One entry of a phandle-array: the provider and the specifier cells that follow its phandle. */
export interface PhandleEntry {
  /**
   * The provider node; null for an explicit empty entry `<0>` (allowed by dt-schema, skipped by Linux);
   * undefined for a reference outside an overlay (a fix-up, resolved when the overlay is applied).
   */
  provider: Node | null | undefined;
  phandle: number;
  args: number[];
  /** The whole entry (phandle cell included). */
  source: CellRef;
}

export function decodePhandle(node: Node, prop: Property, index: PhandleIndex): Decoded<PhandleRef> {
  if (prop.value.length !== 4)
    return fail('not-phandle', `'${prop.name}' must be a single phandle`, {
      hint: `write '${prop.name} = <&label>;'`,
    });
  const phandle = prop.value.cell(0);
  const target = index.get(phandle);
  if (!target && isOverlayFixup(index.tree, prop, 0))
    return fail('overlay-fixup', `'${prop.name}' refers to a node outside this overlay`, {
      severity: 'info',
      cell: 0,
      count: 1,
    });
  if (!target)
    return fail('unresolved-phandle', `'${prop.name}' refers to no node (phandle ${hex(phandle)})`, {
      cell: 0,
      count: 1,
    });
  return ok({ phandle, node: target, source: { node, property: prop, cell: 0, count: 1 } });
}

export interface PhandleArrayOptions {
  /**
   * What to do when a provider lacks the cells property: a number of cells to assume, or 'error'
   * (the default, as dtc's `check_property_phandle_args` and Linux's `of_parse_phandle_with_args` do).
   */
  missing?: number | 'error';
}

/**
 * A phandle-array (`mboxes`, `interrupts-extended`, `shmem`, …): entries of a phandle followed by as
 * many cells as the provider's `cellsName` property says. `cellsName` null means every entry is a bare
 * phandle. Decoding stops at the first entry it cannot size, as dtc does, since the rest cannot be
 * split reliably.
 */
export function decodePhandleArray(
  node: Node,
  prop: Property,
  cellsName: string | null,
  index: PhandleIndex,
  options: PhandleArrayOptions = {},
): Decoded<PhandleEntry[]> {
  const data = prop.value;
  if (data.length % 4 !== 0 || data.length === 0)
    return fail('not-phandle-array', `'${prop.name}' must be a list of phandles with arguments`);
  const cells = data.cells();
  const entries: PhandleEntry[] = [];
  const items: ItemPlace[] = [];
  const issues: Issue[] = [];
  let i = 0;
  while (i < cells.length) {
    const phandle = cells[i]!;
    if (phandle === 0) {
      entries.push({
        provider: null,
        phandle,
        args: [],
        source: { node, property: prop, cell: i, count: 1 },
      });
      items.push({ cell: i, count: 1 });
      i += 1;
      continue;
    }
    const provider = index.get(phandle);
    if (!provider && isOverlayFixup(index.tree, prop, i)) {
      // The provider's cell count is unknown: its arguments run to the next reference, as dt-schema
      // splits the unresolved phandles of its (overlay-compiled) binding examples.
      const next = prop.value.markers
        .filter((m) => m.kind === 'phandle' && m.offset > i * 4 && m.offset % 4 === 0)
        .map((m) => m.offset / 4);
      const end = next.length > 0 ? Math.min(...next) : cells.length;
      entries.push({
        provider: undefined,
        phandle,
        args: cells.slice(i + 1, end),
        source: { node, property: prop, cell: i, count: end - i },
      });
      items.push({ cell: i, count: end - i });
      i = end;
      continue;
    }
    if (!provider)
      return stop(issues, {
        rule: 'unresolved-phandle',
        message: `'${prop.name}' entry ${entries.length} refers to no node (phandle ${hex(phandle)})`,
        cell: i,
        count: 1,
      });
    let argc = 0;
    if (cellsName !== null) {
      const declared = readU32(provider, cellsName);
      if (declared === undefined) {
        if (options.missing === undefined || options.missing === 'error')
          return stop(issues, {
            rule: 'missing-cells-property',
            message: `'${prop.name}' entry ${entries.length}: provider ${provider.path} has no '${cellsName}'`,
            hint: `add '${cellsName}' to ${provider.path}`,
            cell: i,
            count: 1,
          });
        argc = options.missing;
      } else argc = declared;
    }
    if (i + 1 + argc > cells.length)
      return stop(issues, {
        rule: 'truncated-specifier',
        message: `'${prop.name}' entry ${entries.length} needs ${argc} argument cell(s) after the phandle (${cellsName} of ${provider.path}) but has ${cells.length - i - 1}`,
        cell: i,
        count: cells.length - i,
      });
    entries.push({
      provider,
      phandle,
      args: cells.slice(i + 1, i + 1 + argc),
      source: { node, property: prop, cell: i, count: 1 + argc },
    });
    items.push({ cell: i, count: 1 + argc });
    i += 1 + argc;
  }
  return ok(entries, items, issues);
}

function stop(issues: Issue[], issue: Issue): Decoded<never> {
  return { ok: false, issues: [...issues, issue] };
}

export function hex(n: number | bigint): string {
  return `0x${n.toString(16)}`;
}
