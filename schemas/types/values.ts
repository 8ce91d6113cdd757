import type { Data } from '../../compiler/tree/data.js';
import type { Property } from '../../compiler/tree/tree.js';
import { type Decoded, fail, type ItemPlace, ok } from './result.js';

/**
 * Decoders for the plain DT value types (dt-schema's `types.yaml` vocabulary) that need nothing but
 * the property's bytes. Decoders that need other nodes (phandles, `reg`, `interrupts`) live next to
 * this file and build on these.
 */

/** `flag`: an empty property; present means true. */
export function decodeFlag(prop: Property): Decoded<true> {
  if (prop.value.length !== 0)
    return fail('not-flag', `'${prop.name}' is a boolean flag and must have no value`, {
      hint: `write '${prop.name};'`,
    });
  return ok(true);
}

/** `uint32`: exactly one cell. */
export function decodeU32(prop: Property): Decoded<number> {
  const data = prop.value;
  if (data.length !== 4)
    return fail('not-u32', `'${prop.name}' must be a single 32-bit cell (${describeLength(data)})`, {
      hint: `write '${prop.name} = <value>;'`,
    });
  return ok(data.cell(0), [{ cell: 0, count: 1 }]);
}

/** `uint64`: exactly two cells (or one `/bits/ 64` element). */
export function decodeU64(prop: Property): Decoded<bigint> {
  const data = prop.value;
  if (data.length !== 8)
    return fail('not-u64', `'${prop.name}' must be a 64-bit value (${describeLength(data)})`, {
      hint: `write '${prop.name} = /bits/ 64 <value>;' or two cells`,
    });
  return ok((BigInt(data.cell(0)) << 32n) | BigInt(data.cell(1)), [{ cell: 0, count: 2 }]);
}

/** `uint32-array`: any number of whole cells. */
export function decodeCells(prop: Property): Decoded<number[]> {
  const data = prop.value;
  if (data.length % 4 !== 0)
    return fail('not-cells', `'${prop.name}' must be a list of 32-bit cells (${describeLength(data)})`);
  const cells = data.cells();
  return ok(
    cells,
    cells.map((_, i) => ({ cell: i, count: 1 })),
  );
}

/** `uint32-matrix` with a fixed row width (how `arm,mhuv2-protocols`, `mbi-ranges` are read). */
export function decodeMatrix(prop: Property, width: number): Decoded<number[][]> {
  const cells = decodeCells(prop);
  if (!cells.ok) return cells;
  const all = cells.value;
  if (width <= 0 || all.length % width !== 0)
    return fail(
      'matrix-width',
      `'${prop.name}' must be a list of ${width}-cell entries (has ${all.length} cells)`,
      {
        cell: all.length - (all.length % Math.max(width, 1)),
        count: all.length % Math.max(width, 1),
      },
    );
  const rows: number[][] = [];
  const items: ItemPlace[] = [];
  for (let i = 0; i < all.length; i += width) {
    rows.push(all.slice(i, i + width));
    items.push({ cell: i, count: width });
  }
  return ok(rows, items);
}

/** `string`: exactly one NUL-terminated string. */
export function decodeString(prop: Property): Decoded<string> {
  const list = decodeStringList(prop);
  if (!list.ok) return fail('not-string', `'${prop.name}' must be a string`);
  if (list.value.length !== 1)
    return fail('not-string', `'${prop.name}' must be a single string (has ${list.value.length})`, {
      string: 1,
    });
  return ok(list.value[0]!);
}

/** `string-array`: one or more NUL-terminated, non-empty-list strings. */
export function decodeStringList(prop: Property): Decoded<string[]> {
  const data = prop.value;
  if (!isStrings(data))
    return fail('not-string-list', `'${prop.name}' must be one or more strings`, {
      hint: `write '${prop.name} = "a", "b";'`,
    });
  const strings = data.strings();
  return ok(
    strings,
    strings.map((_, i) => ({ string: i })),
  );
}

/** Like `Data.isStringList`, but empty strings are allowed (dt-schema accepts `""`). */
function isStrings(data: Data): boolean {
  const b = data.bytes;
  return b.length > 0 && b[b.length - 1] === 0;
}

function describeLength(data: Data): string {
  if (data.length === 0) return 'it is empty';
  if (data.length % 4 !== 0) return `it has ${data.length} bytes`;
  return `it has ${data.length / 4} cells`;
}
