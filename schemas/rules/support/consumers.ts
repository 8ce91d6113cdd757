import type { Node, Property } from '../../../compiler/tree/tree.js';
import { readU32 } from '../../types/cells.js';
import { decodePhandleArray, type PhandleIndex } from '../../types/phandles.js';
import type { CellRef } from '../../types/source.js';

/** Consumer properties whose providers wiring rules follow, with the provider's cell-count property. */
export interface ConsumerProperty {
  property: string;
  /** null: every entry is a bare phandle. */
  cells: string | null;
  /** What the provider provides, for messages. */
  kind: string;
}

export const CONSUMER_PROPERTIES: readonly ConsumerProperty[] = [
  { property: 'clocks', cells: '#clock-cells', kind: 'clock' },
  { property: 'resets', cells: '#reset-cells', kind: 'reset' },
  { property: 'power-domains', cells: '#power-domain-cells', kind: 'power domain' },
  { property: 'mboxes', cells: '#mbox-cells', kind: 'mailbox' },
  { property: 'shmem', cells: null, kind: 'shared memory' },
  { property: 'interrupts-extended', cells: '#interrupt-cells', kind: 'interrupt' },
];

/** One phandle-array entry as written: the phandle cell and the argument cells up to the next phandle. */
export interface WrittenEntry {
  phandle: number;
  /** Undefined when the phandle names no node. */
  provider: Node | undefined;
  /** Cell index of the phandle. */
  cell: number;
  /** Argument cells that follow it. */
  args: number;
}

/**
 * Splits a phandle-array by the phandle references the source wrote (the value's phandle markers), so
 * an entry with a wrong number of arguments is seen as written instead of shifting every entry after
 * it. Undefined when the value has no usable markers (a tree read from a DTB, a raw numeric phandle, a
 * reference that is not cell-aligned), or when an argument is itself a reference: then callers fall
 * back to splitting by the providers' cell counts.
 */
export function writtenEntries(prop: Property, index: PhandleIndex): WrittenEntry[] | undefined {
  const data = prop.value;
  if (data.length === 0 || data.length % 4 !== 0) return undefined;
  const refs = data.markers.filter((m) => m.kind === 'phandle').map((m) => m.offset);
  if (refs.length === 0 || refs[0] !== 0 || refs.some((o) => o % 4 !== 0)) return undefined;
  const cells = data.cellCount;
  const out: WrittenEntry[] = [];
  for (let i = 0; i < refs.length; i++) {
    const cell = refs[i]! / 4;
    const next = i + 1 < refs.length ? refs[i + 1]! / 4 : cells;
    const phandle = data.cell(cell);
    out.push({ phandle, provider: index.get(phandle), cell, args: next - cell - 1 });
  }
  return out;
}

/** A resolved entry for provider-following rules. */
export interface ProviderEntry {
  provider: Node | undefined;
  phandle: number;
  /** The phandle cell. */
  phandleRef: CellRef;
  /** The whole entry (phandle and arguments). */
  source: CellRef;
}

/**
 * The entries of a consumer property, by markers when the source shows them, else by the providers'
 * cell counts (stopping where that fails, as dtc does).
 */
export function providerEntries(
  node: Node,
  prop: Property,
  cp: ConsumerProperty,
  index: PhandleIndex,
): ProviderEntry[] {
  const ref = (cell: number, count: number): CellRef => ({ node, property: prop, cell, count });
  if (cp.cells !== '#interrupt-cells') {
    const written = writtenEntries(prop, index);
    if (written)
      return written.map((e) => ({
        provider: e.provider,
        phandle: e.phandle,
        phandleRef: ref(e.cell, 1),
        source: ref(e.cell, 1 + e.args),
      }));
  }
  const decoded = decodePhandleArray(node, prop, cp.cells, index, { missing: 0 });
  const out: ProviderEntry[] = [];
  if (decoded.ok)
    for (const e of decoded.value)
      if (e.provider)
        out.push({
          provider: e.provider,
          phandle: e.phandle,
          phandleRef: { ...e.source, count: 1 },
          source: e.source,
        });
  for (const issue of decoded.issues)
    if (issue.rule === 'unresolved-phandle' && issue.cell !== undefined) {
      const phandle = prop.value.cell(issue.cell);
      out.push({ provider: undefined, phandle, phandleRef: ref(issue.cell, 1), source: ref(issue.cell, 1) });
    }
  return out;
}

/** The cell count a provider declares for a consumer property (undefined: it declares none). */
export function declaredCells(provider: Node, cp: ConsumerProperty): number | undefined {
  return cp.cells === null ? 0 : readU32(provider, cp.cells);
}
