import type { DeviceTree, Node } from '../tree/tree.js';
import {
  align,
  FDT_BEGIN_NODE,
  FDT_END,
  FDT_END_NODE,
  FDT_LAST_COMP_VERSION,
  FDT_MAGIC,
  FDT_PROP,
  FDT_RESERVE_ENTRY_SIZE,
  FDT_V17_SIZE,
  FDT_WRITE_VERSION,
  HDR,
} from './format.js';
import { StringsTable } from './strings-table.js';

/** dtc's blob-shaping options. */
export interface WriteDtbOptions {
  /** `-R`: extra empty memory-reservation entries. */
  reserveExtra?: number;
  /** `-p`: zero bytes appended after the strings block (overrides `space`). */
  padding?: number;
  /** `-S`: minimum total size; the blob is padded up to it. */
  space?: number;
  /** `-a`: the total size is padded up to a multiple of this. */
  align?: number;
}

/**
 * Flattens a tree into an FDT v17 blob exactly as dtc 1.8.1's `dt_to_blob` does: header, 8-aligned
 * reservation map (source order, `-R` extra zero entries, terminator), structure block (tombstones
 * skipped), strings block with suffix sharing, then optional zero padding.
 *
 * Two passes over the tree: the first sizes the structure block and fills the strings table (so the
 * name offsets are known), the second writes everything into one preallocated buffer.
 */
export function writeDtb(tree: DeviceTree, options: WriteDtbOptions = {}): Uint8Array {
  const strings = new StringsTable();
  const nameOffsets: number[] = [];
  const structSize = measureNode(tree.root, strings, nameOffsets) + 4; // + FDT_END

  const reserveOff = align(FDT_V17_SIZE, 8);
  const reserveCount = tree.memreserves.length + Math.max(0, options.reserveExtra ?? 0);
  const reserveSize = (reserveCount + 1) * FDT_RESERVE_ENTRY_SIZE;
  const structOff = reserveOff + reserveSize;
  const stringsOff = structOff + structSize;
  const unpadded = stringsOff + strings.length;
  const total = unpadded + paddingLength(unpadded, options);

  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(HDR.magic, FDT_MAGIC);
  view.setUint32(HDR.totalsize, total);
  view.setUint32(HDR.offDtStruct, structOff);
  view.setUint32(HDR.offDtStrings, stringsOff);
  view.setUint32(HDR.offMemRsvmap, reserveOff);
  view.setUint32(HDR.version, FDT_WRITE_VERSION);
  view.setUint32(HDR.lastCompVersion, FDT_LAST_COMP_VERSION);
  view.setUint32(HDR.bootCpuidPhys, tree.bootCpuidPhys >>> 0);
  view.setUint32(HDR.sizeDtStrings, strings.length);
  view.setUint32(HDR.sizeDtStruct, structSize);

  let o = reserveOff;
  for (const entry of tree.memreserves) {
    view.setBigUint64(o, BigInt.asUintN(64, entry.address));
    view.setBigUint64(o + 8, BigInt.asUintN(64, entry.size));
    o += FDT_RESERVE_ENTRY_SIZE;
  }
  // The extra entries and the terminator are already zero.

  const writer = { out, view, pos: structOff, nameIndex: 0, nameOffsets };
  emitNode(tree.root, writer);
  view.setUint32(writer.pos, FDT_END);
  strings.writeTo(out, stringsOff);
  return out;
}

/** dtc's `-S`/`-p`/`-a` rules, in its order: `-p` overrides `-S`, `-a` rounds whatever results up. */
function paddingLength(size: number, options: WriteDtbOptions): number {
  let pad = 0;
  const space = options.space ?? 0;
  const padding = options.padding ?? 0;
  const alignTo = options.align ?? 0;
  if (space > 0) pad = Math.max(0, space - size);
  if (padding > 0) pad = padding;
  if (alignTo > 0) pad = align(size + pad, alignTo) - size;
  return pad;
}

/** Structure-block bytes of a node and its live subtree; records name offsets in emission order. */
function measureNode(node: Node, strings: StringsTable, nameOffsets: number[]): number {
  let size = 4 + align(node.name.length + 1, 4);
  for (const prop of node.props) {
    if (prop.deleted) continue;
    nameOffsets.push(strings.insert(prop.name));
    size += 12 + align(prop.value.bytes.length, 4);
  }
  for (const child of node.children) {
    if (!child.deleted) size += measureNode(child, strings, nameOffsets);
  }
  return size + 4;
}

interface StructWriter {
  out: Uint8Array;
  view: DataView;
  pos: number;
  nameIndex: number;
  nameOffsets: number[];
}

function emitNode(node: Node, w: StructWriter): void {
  w.view.setUint32(w.pos, FDT_BEGIN_NODE);
  let p = w.pos + 4;
  const name = node.name;
  for (let i = 0; i < name.length; i++) w.out[p++] = name.charCodeAt(i) & 0xff;
  // The buffer is zero-filled, so the NUL and the padding need no writes.
  w.pos += 4 + align(name.length + 1, 4);
  for (const prop of node.props) {
    if (prop.deleted) continue;
    const bytes = prop.value.bytes;
    w.view.setUint32(w.pos, FDT_PROP);
    w.view.setUint32(w.pos + 4, bytes.length);
    w.view.setUint32(w.pos + 8, w.nameOffsets[w.nameIndex++]!);
    w.out.set(bytes, w.pos + 12);
    w.pos += 12 + align(bytes.length, 4);
  }
  for (const child of node.children) {
    if (!child.deleted) emitNode(child, w);
  }
  w.view.setUint32(w.pos, FDT_END_NODE);
  w.pos += 4;
}
