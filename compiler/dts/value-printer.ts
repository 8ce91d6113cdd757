import type { Data, Marker, ValueType } from '../tree/data.js';

/**
 * Prints a property value the way dtc 1.8.1's `write_propval` (treesource.c) does, from the value's
 * markers: type markers open `<`, `/bits/ 16 <`, `[`, or a string; label markers print `name:`;
 * phandle markers print `&label` / `&{/path}`. Values without type markers (read from a DTB) get
 * dtc's guessed types first (`guess_type_markers`).
 *
 * The output must match dtc byte for byte, quirks included (an unclosed chunk is followed by a space
 * only inside `< >`; a string split by an untyped marker prints as `"a" "b"`), so the algorithm is
 * dtc's: a singly linked marker list that the guessing pass edits in place, walked chunk by chunk.
 * Two deliberate differences, so that the printed text compiles back to the same bytes, unless
 * `dtcQuirks` asks for dtc's exact text: bytes ≥ 0x80 inside a string print as `\xNN` (dtc
 * sign-extends them to `\xffffffNN`), and a label-relative phandle reference prints as `&{label/sub}`
 * (dtc prints `&label/sub`, which it cannot parse back).
 */
export function formatPropertyValue(data: Data, dtcQuirks = false): string {
  const bytes = data.bytes;
  if (bytes.length === 0) return ';';
  const head = toList(data.markers, bytes.length);
  guessTypeMarkers(head, bytes);
  return ` =${writeChunks(listToArray(head), bytes, dtcQuirks)};`;
}

/** dtc's marker kinds: the type kinds, plus the ones that only split chunks. */
type Kind = Exclude<ValueType, 'none'> | 'none' | 'phandle' | 'path' | 'label';

interface Cell {
  kind: Kind;
  offset: number;
  /** Phandle/path reference, or label name. */
  ref: string;
  next: Cell | undefined;
}

function isType(kind: Kind): boolean {
  return kind === 'u8' || kind === 'u16' || kind === 'u32' || kind === 'u64' || kind === 'string';
}

function kindOf(m: Marker): Kind {
  return m.kind === 'type' ? m.type : m.kind;
}

function refOf(m: Marker): string {
  if (m.kind === 'phandle' || m.kind === 'path') return m.ref;
  if (m.kind === 'label') return m.name;
  return '';
}

/**
 * A list headed by a sentinel (whose `next` is the first marker), so a "slot" (dtc's `struct marker
 * **`) is simply the cell whose `next` field is meant. Markers past the end of the value are dropped
 * and the rest ordered by offset (stably), which dtc's marker lists always are.
 */
function toList(markers: Marker[], length: number): Cell {
  const kept = markers.filter((m) => m.offset >= 0 && m.offset <= length);
  const ordered = kept.every((m, i) => i === 0 || kept[i - 1]!.offset <= m.offset)
    ? kept
    : kept
        .map((m, i) => ({ m, i }))
        .sort((a, b) => a.m.offset - b.m.offset || a.i - b.i)
        .map((x) => x.m);
  const head: Cell = { kind: 'none', offset: -1, ref: '', next: undefined };
  let tail = head;
  for (const m of ordered) {
    const cell: Cell = { kind: kindOf(m), offset: m.offset, ref: refOf(m), next: undefined };
    tail.next = cell;
    tail = cell;
  }
  return head;
}

function listToArray(head: Cell): Cell[] {
  const out: Cell[] = [];
  for (let c = head.next; c; c = c.next) out.push(c);
  return out;
}

/**
 * dtc's `add_marker`, starting at `slot`: insert after lower offsets and after a type marker at the
 * same offset; no second type marker at one offset, no duplicate of the marker found there. Returns
 * the slot after the new marker, or the slot of the marker that made the insertion unnecessary.
 */
function addMarker(slot: Cell, kind: Kind, offset: number): Cell {
  let s = slot;
  while (s.next && s.next.offset < offset) s = s.next;
  if (s.next && s.next.offset === offset && isType(s.next.kind)) {
    if (isType(kind)) return s;
    s = s.next;
  }
  if (s.next && s.next.offset === offset && s.next.kind === kind) return s;
  const cell: Cell = { kind, offset, ref: '', next: s.next };
  s.next = cell;
  return cell;
}

/** C `isprint` in the C locale. */
function isPrint(c: number): boolean {
  return c >= 0x20 && c < 0x7f;
}

/** dtc's `isstring`: printable, NUL, or one of `\a\b\t\n\v\f\r`. */
function isStringByte(c: number): boolean {
  return isPrint(c) || c === 0 || (c >= 7 && c <= 13);
}

/**
 * dtc's `guess_value_type` for bytes [offset, offset+len): a string (list) when NUL-terminated,
 * all bytes string-like and no more NULs than other bytes; else cells when the length allows; else
 * bytes. A string list also gets a string marker at each further string (dtc walks from the list
 * head; every marker before `slot` has a lower offset, so starting at `slot` inserts at the same
 * places without the quadratic walk).
 */
function guessValueType(slot: Cell, bytes: Uint8Array, offset: number, len: number): Kind {
  let notString = 0;
  let nuls = 0;
  for (let i = offset; i < offset + len; i++) {
    const c = bytes[i]!;
    if (!isStringByte(c)) notString++;
    if (c === 0) nuls++;
  }
  if (bytes[offset + len - 1] === 0 && notString === 0 && nuls <= len - nuls) {
    if (nuls > 1) {
      let s = slot;
      for (let l = strlen(bytes, offset) + 1; l < len; l += strlen(bytes, offset + l) + 1) {
        s = addMarker(s, 'string', offset + l);
      }
    }
    return 'string';
  }
  return len % 4 === 0 ? 'u32' : 'u8';
}

function strlen(bytes: Uint8Array, at: number): number {
  let i = at;
  while (i < bytes.length && bytes[i] !== 0) i++;
  return i - at;
}

/** dtc's `guess_type_markers`, step for step (including where it stops early). */
function guessTypeMarkers(head: Cell, bytes: Uint8Array): void {
  let m = head;
  let offset = 0;
  for (; m.next; m = m.next!) {
    if (isType(m.next.kind)) return;
    if (m.next.offset > offset) {
      const kind = guessValueType(m, bytes, offset, m.next.offset - offset);
      m = addMarker(m, kind, offset);
      offset = m.next!.offset;
    }
    if (m.next!.kind === 'phandle') {
      m = addMarker(m, 'u32', offset);
      offset += 4;
      // Two reference markers at one offset (a blob whose fix-ups name it twice) leave the new
      // cell last: nothing follows it to walk.
      if (!m.next) break;
    }
  }
  if (offset < bytes.length) {
    const kind = guessValueType(m, bytes, offset, bytes.length - offset);
    addMarker(m, kind, offset);
  }
}

const DELIM_START: Partial<Record<Kind, string>> = {
  u8: '[',
  u16: '/bits/ 16 <',
  u32: '<',
  u64: '/bits/ 64 <',
  string: '',
};
const DELIM_END: Partial<Record<Kind, string>> = { u8: ']', u16: '>', u32: '>', u64: '>', string: '' };

/** dtc's `write_propval` loop over the (now typed) marker list. */
function writeChunks(cells: Cell[], bytes: Uint8Array, dtcQuirks: boolean): string {
  const len = bytes.length;
  // Offset of the next type marker after each position, and the first phandle marker per offset:
  // dtc searches the list for both every time, which is quadratic on long lists.
  const nextType: number[] = new Array(cells.length);
  let following = -1;
  for (let i = cells.length - 1; i >= 0; i--) {
    nextType[i] = following;
    if (isType(cells[i]!.kind)) following = cells[i]!.offset;
  }
  const phandleAt = new Map<number, string>();
  for (const c of cells) if (c.kind === 'phandle' && !phandleAt.has(c.offset)) phandleAt.set(c.offset, c.ref);

  let out = '';
  let emit: Kind | undefined;
  for (let i = 0; i < cells.length; i++) {
    const m = cells[i]!;
    const chunkLen = (i + 1 < cells.length ? cells[i + 1]!.offset : len) - m.offset;
    const typeLen = nextType[i]! >= 0 ? nextType[i]! - m.offset : 0;
    const dataLen = typeLen || len - m.offset;
    if (isType(m.kind)) {
      emit = m.kind;
      out += ` ${DELIM_START[emit]}`;
    } else if (m.kind === 'label') out += ` ${m.ref}:`;
    if (emit === undefined || chunkLen <= 0) continue;

    const at = m.offset;
    switch (emit) {
      case 'u16':
        out += ints(bytes, at, chunkLen, 2);
        break;
      case 'u32': {
        const ref = phandleAt.get(at);
        if (ref !== undefined) {
          out += ref.startsWith('/') || (!dtcQuirks && ref.includes('/')) ? `&{${ref}}` : `&${ref}`;
          if (chunkLen > 4) out += ` ${ints(bytes, at + 4, chunkLen - 4, 4)}`;
        } else out += ints(bytes, at, chunkLen, 4);
        if (dataLen > chunkLen) out += ' ';
        break;
      }
      case 'u64':
        out += ints(bytes, at, chunkLen, 8);
        break;
      case 'string':
        out += quoted(bytes, at, chunkLen, dtcQuirks);
        break;
      default:
        out += ints(bytes, at, chunkLen, 1);
    }
    if (chunkLen === dataLen) {
      out += DELIM_END[emit] ?? '';
      if (at + chunkLen !== len) out += ',';
      emit = undefined;
    }
  }
  return out;
}

function hex2(value: number | bigint): string {
  return value.toString(16).padStart(2, '0');
}

/** Big-endian integers of `width` bytes, `0x%02x` each (bytes: `%02x`), space separated. */
function ints(bytes: Uint8Array, at: number, len: number, width: 1 | 2 | 4 | 8): string {
  const parts: string[] = [];
  const end = at + len;
  for (let p = at; p + width <= end; p += width) {
    if (width === 1) parts.push(hex2(bytes[p]!));
    else if (width === 2) parts.push(`0x${hex2((bytes[p]! << 8) | bytes[p + 1]!)}`);
    else if (width === 4) {
      parts.push(
        `0x${hex2(((bytes[p]! << 24) | (bytes[p + 1]! << 16) | (bytes[p + 2]! << 8) | bytes[p + 3]!) >>> 0)}`,
      );
    } else {
      let v = 0n;
      for (let k = 0; k < 8; k++) v = (v << 8n) | BigInt(bytes[p + k]!);
      parts.push(`0x${hex2(v)}`);
    }
  }
  // A chunk that is not a whole number of elements cannot come from dtc; print the tail as bytes
  // rather than lose it.
  const rest = len % width;
  if (rest !== 0) for (let p = end - rest; p < end; p++) parts.push(hex2(bytes[p]!));
  return parts.join(' ');
}

const ESCAPES: Record<number, string> = {
  7: '\\a',
  8: '\\b',
  9: '\\t',
  10: '\\n',
  11: '\\v',
  12: '\\f',
  13: '\\r',
  92: '\\\\',
  34: '\\"',
  0: '\\0',
};

/** dtc's `write_propval_string`: the chunk minus its final NUL, quoted and escaped. */
function quoted(bytes: Uint8Array, at: number, len: number, dtcQuirks: boolean): string {
  // dtc asserts the chunk ends in NUL; print every byte when it does not (only a malformed marker
  // list gets here).
  const end = bytes[at + len - 1] === 0 ? at + len - 1 : at + len;
  let out = '"';
  for (let p = at; p < end; p++) {
    const c = bytes[p]!;
    const escaped = ESCAPES[c];
    if (escaped !== undefined) out += escaped;
    else if (isPrint(c)) out += String.fromCharCode(c);
    // dtc passes a signed char to printf: bytes >= 0x80 come out sign-extended.
    else out += `\\x${dtcQuirks && c >= 0x80 ? ((c | 0xffffff00) >>> 0).toString(16) : hex2(c)}`;
  }
  return `${out}"`;
}
