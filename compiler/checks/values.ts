import type { Data } from '../tree/data.js';
import type { LabelEntry, Node, Property } from '../tree/tree.js';

/**
 * Reading property values the way dtc's checks do: C strings stop at the first NUL, a "cell" read
 * of a value that is not one cell reads what is there instead of asserting.
 */

/** dtc's `data_is_one_string`: non-empty, NUL-terminated, no NUL before the end. */
export function isOneString(data: Data): boolean {
  return data.isOneString();
}

/** dtc's string-list test: every string is NUL-terminated (an empty value passes). */
export function isStringList(data: Data): boolean {
  const b = data.bytes;
  return b.length === 0 || b[b.length - 1] === 0;
}

/** The value read as a C string (up to the first NUL). */
export function cString(data: Data): string {
  return data.firstString();
}

/** First cell of a value; values shorter than a cell read as 0. */
export function firstCell(prop: Property): number {
  return prop.value.length >= 4 ? prop.value.cell(0) : 0;
}

/** Cell `index` of a value, or 0 past its end. */
export function cellAt(data: Data, index: number): number {
  return (index + 1) * 4 <= data.length ? data.cell(index) : 0;
}

/** dtc's `phandle_is_valid`: neither 0 nor 0xffffffff. */
export function isValidPhandle(value: number): boolean {
  return value !== 0 && value !== 0xffffffff;
}

/** Text after the first `@` of the node name, `''` when there is none (dtc's `get_unitname`). */
export function unitName(node: Node): string {
  return node.unitAddress ?? '';
}

/** dtc's `strends`. */
export function endsWith(name: string, suffix: string): boolean {
  return name.length >= suffix.length && name.endsWith(suffix);
}

/** Strings of a NUL-separated list, including empty ones, as dtc's `node_is_compatible` walks it. */
export function stringListItems(data: Data): string[] {
  const out: string[] = [];
  const b = data.bytes;
  let i = 0;
  while (i < b.length) {
    let s = '';
    while (i < b.length && b[i] !== 0) s += String.fromCharCode(b[i++]!);
    out.push(s);
    i++;
  }
  return out;
}

/** The node's `compatible` list contains `compat` (compared in place, byte by byte). */
export function isCompatible(node: Node, compat: string): boolean {
  const prop = node.prop('compatible');
  if (prop === undefined) return false;
  const b = prop.value.bytes;
  const n = compat.length;
  let i = 0;
  while (i < b.length) {
    let end = i;
    while (end < b.length && b[end] !== 0) end++;
    if (end - i === n) {
      let k = 0;
      while (k < n && b[i + k] === compat.charCodeAt(k)) k++;
      if (k === n) return true;
    }
    i = end + 1;
  }
  return false;
}

/** Byte length of the value as printed by dtc's `%d`. */
export function lengthOf(prop: Property): number {
  return prop.value.length;
}

/** Hex without leading zeros, as C's `%x` prints an unsigned value. */
export function hex(value: number | bigint): string {
  return (typeof value === 'bigint' ? value : BigInt(value >>> 0)).toString(16);
}

/**
 * The node's live properties. Tombstones are rare, so this is usually `node.props` itself rather than
 * a filtered copy (checks run over every node many times). Read only.
 */
export function liveProps(node: Node): readonly Property[] {
  const props = node.props;
  for (let i = 0; i < props.length; i++) if (props[i]!.deleted) return node.liveProps;
  return props;
}

/** The node's live children, without a copy when none is deleted. Read only. */
export function liveChildren(node: Node): readonly Node[] {
  const children = node.children;
  for (let i = 0; i < children.length; i++) if (children[i]!.deleted) return node.liveChildren;
  return children;
}

/** The live entries of a label list, without a copy when none is deleted. Read only. */
export function liveLabels(labels: readonly LabelEntry[]): readonly LabelEntry[] {
  for (let i = 0; i < labels.length; i++) if (labels[i]!.deleted) return labels.filter((l) => !l.deleted);
  return labels;
}
