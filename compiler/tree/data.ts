import type { Loc } from '../syntax/ast.js';

/** How a run of bytes was written in the source; the DTS printer uses it to print values back. */
export type ValueType = 'u8' | 'u16' | 'u32' | 'u64' | 'string' | 'bytes' | 'none';

/**
 * A position of interest inside a property value (dtc's markers). `offset` is a byte offset into the
 * value. Phandle and path references keep the reference as dtc spells it: a label (`uart0`), a path
 * (`/soc/uart@1000`) or a label-relative path (`uart0/sub`).
 */
export type Marker =
  | { kind: 'type'; offset: number; type: ValueType; loc?: Loc }
  | { kind: 'phandle'; offset: number; ref: string; loc?: Loc; resolved?: boolean }
  | { kind: 'path'; offset: number; ref: string; loc?: Loc; resolved?: boolean }
  | { kind: 'label'; offset: number; name: string; loc?: Loc };

/** A property value: raw big-endian bytes plus markers sorted by offset. */
export class Data {
  constructor(
    public bytes: Uint8Array = new Uint8Array(0),
    public markers: Marker[] = [],
  ) {}

  get length(): number {
    return this.bytes.length;
  }

  /** Number of whole 32-bit cells. */
  get cellCount(): number {
    return this.bytes.length >>> 2;
  }

  cell(index: number): number {
    const o = index * 4;
    const b = this.bytes;
    return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
  }

  /** All whole cells, in order. */
  cells(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.cellCount; i++) out.push(this.cell(i));
    return out;
  }

  /** dtc's `data_is_one_string`: non-empty, NUL-terminated, no NUL before the end. */
  isOneString(): boolean {
    const b = this.bytes;
    return b.length > 0 && b[b.length - 1] === 0 && b.indexOf(0) === b.length - 1;
  }

  /** True when the value is one or more NUL-terminated strings (dtc's `is_printable_string` sense is looser). */
  isStringList(): boolean {
    const b = this.bytes;
    if (b.length === 0 || b[b.length - 1] !== 0) return false;
    let start = 0;
    for (let i = 0; i < b.length; i++) {
      if (b[i] === 0) {
        if (i === start) return false;
        start = i + 1;
      }
    }
    return true;
  }

  /** The NUL-separated strings of the value (latin1), ignoring a missing final NUL. */
  strings(): string[] {
    const out: string[] = [];
    let cur = '';
    for (const byte of this.bytes) {
      if (byte === 0) {
        out.push(cur);
        cur = '';
      } else cur += String.fromCharCode(byte);
    }
    if (cur.length > 0) out.push(cur);
    return out;
  }

  /** The first string of the value (up to the first NUL), latin1. */
  firstString(): string {
    const b = this.bytes;
    let s = '';
    for (let i = 0; i < b.length && b[i] !== 0; i++) s += String.fromCharCode(b[i]!);
    return s;
  }

  clone(): Data {
    return new Data(
      this.bytes.slice(),
      this.markers.map((m) => ({ ...m })),
    );
  }
}

/** Appends bytes and markers while a value is built; avoids reallocating on every element. */
export class DataBuilder {
  private buf = new Uint8Array(16);
  private len = 0;
  readonly markers: Marker[] = [];

  get length(): number {
    return this.len;
  }

  private reserve(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  appendByte(value: number): void {
    this.reserve(1);
    this.buf[this.len++] = value & 0xff;
  }

  appendBytes(bytes: ArrayLike<number>): void {
    this.reserve(bytes.length);
    for (let i = 0; i < bytes.length; i++) this.buf[this.len++] = bytes[i]! & 0xff;
  }

  /** Appends a latin1 string's bytes (no terminator). */
  appendLatin1(text: string): void {
    this.reserve(text.length);
    for (let i = 0; i < text.length; i++) this.buf[this.len++] = text.charCodeAt(i) & 0xff;
  }

  /** Appends `value` big-endian in `bits` bits (value must already fit). */
  appendInteger(value: bigint, bits: 8 | 16 | 32 | 64): void {
    const n = bits / 8;
    this.reserve(n);
    if (bits === 32) {
      const v = Number(value & 0xffffffffn);
      this.buf[this.len++] = v >>> 24;
      this.buf[this.len++] = (v >>> 16) & 0xff;
      this.buf[this.len++] = (v >>> 8) & 0xff;
      this.buf[this.len++] = v & 0xff;
      return;
    }
    for (let i = n - 1; i >= 0; i--) this.buf[this.len++] = Number((value >> BigInt(i * 8)) & 0xffn);
  }

  appendU32(value: number): void {
    this.appendInteger(BigInt(value >>> 0), 32);
  }

  mark(marker: Marker): void {
    this.markers.push(marker);
  }

  build(): Data {
    return new Data(this.buf.slice(0, this.len), this.markers.slice());
  }
}

export function u32Bytes(value: number): Uint8Array {
  const v = value >>> 0;
  return Uint8Array.of(v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
}

/** Bytes of a latin1 string followed by NUL. */
export function stringBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length + 1);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}
