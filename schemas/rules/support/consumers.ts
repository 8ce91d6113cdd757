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
  const phandles = data.markers.filter((m) => m.kind === 'phandle').map((m) => m.offset);
  if (phandles.length === 0 || phandles.some((o) => o % 4 !== 0)) return undefined;
  // An explicit empty entry `<0>` (allowed by dt-schema, skipped by Linux) starts an entry too.
  const empty = groupStarts(prop).filter((o) => o % 4 === 0 && o < data.length && data.cell(o / 4) === 0);
  const refs = [...new Set([...phandles, ...empty])].sort((a, b) => a - b);
  if (refs[0] !== 0) return undefined;
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

/** Byte offsets where each `<…>` group of a property value starts, as written. */
function groupStarts(prop: Property): number[] {
  const out: number[] = [];
  let offset = 0;
  for (const chunk of prop.valueAst?.chunks ?? []) {
    if (chunk.kind === 'string') offset += chunk.bytes.length + 1;
    else if (chunk.kind === 'bytes') offset += chunk.elements.filter((e) => e.kind === 'byte').length;
    else if (chunk.kind === 'cells') {
      out.push(offset);
      offset += (chunk.bits / 8) * chunk.elements.filter((e) => e.kind !== 'label').length;
    } else if (chunk.kind !== 'label') break;
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
  const decoded = decodePhandleArray(node, prop, cp.cells, index, { missing: 0 });
  // The providers' cell counts are the truth when they split the value cleanly and every entry starts
  // where the source wrote a reference (arguments may themselves be references, as TI's mailboxes
  // write `<&cluster &sub_mailbox>`). Otherwise the source's own grouping shows which entry is wrong.
  const written = cp.cells === '#interrupt-cells' ? undefined : writtenEntries(prop, index);
  if (written && !(decoded.ok && decoded.issues.length === 0 && alignedWith(decoded.value, written)))
    return written.map((e) => ({
      provider: e.provider,
      phandle: e.phandle,
      phandleRef: ref(e.cell, 1),
      source: ref(e.cell, 1 + e.args),
    }));
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

/** Does every entry split by cell counts start at a cell where the source wrote an entry? */
function alignedWith(entries: readonly { source: CellRef }[], written: readonly WrittenEntry[]): boolean {
  const starts = new Set(written.map((w) => w.cell));
  return entries.every((e) => starts.has(e.source.cell));
}

/** The cell count a provider declares for a consumer property (undefined: it declares none). */
export function declaredCells(provider: Node, cp: ConsumerProperty): number | undefined {
  return cp.cells === null ? 0 : readU32(provider, cp.cells);
}
