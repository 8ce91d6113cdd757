/**
 * Little-endian payload helpers for SCMI messages: requests are read word by word with their size
 * checked by the caller, responses are built as a list of words and fixed-size strings.
 */

export function u32At(bytes: Uint8Array, offset: number): number {
  return (
    (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16) | (bytes[offset + 3]! << 24)) >>>
    0
  );
}

export function i32At(bytes: Uint8Array, offset: number): number {
  return u32At(bytes, offset) | 0;
}

export function putU32(bytes: Uint8Array, offset: number, value: number): void {
  const v = value >>> 0;
  bytes[offset] = v & 0xff;
  bytes[offset + 1] = (v >>> 8) & 0xff;
  bytes[offset + 2] = (v >>> 16) & 0xff;
  bytes[offset + 3] = v >>> 24;
}

/** Builds a response payload (after the status word). */
export class ResponseWriter {
  private bytes = new Uint8Array(64);
  private length = 0;

  private ensure(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const next = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }

  u32(value: number): this {
    this.ensure(4);
    putU32(this.bytes, this.length, value);
    this.length += 4;
    return this;
  }

  i32(value: number): this {
    return this.u32(value >>> 0);
  }

  /** Low word then high word, as SCMI spells 64-bit values. */
  u64(value: bigint): this {
    const v = BigInt.asUintN(64, value);
    return this.u32(Number(v & 0xffff_ffffn)).u32(Number(v >> 32n));
  }

  /** A non-negative integer below 2^53 as a 64-bit value, without going through BigInt. */
  u64n(value: number): this {
    return this.u32(value % 0x1_0000_0000).u32(Math.floor(value / 0x1_0000_0000));
  }

  /** A NUL-padded fixed-size ASCII field (names are char[16]; longer names are truncated, NUL kept). */
  name(text: string, size = 16): this {
    this.ensure(size);
    const n = Math.min(text.length, size - 1);
    for (let i = 0; i < n; i++) this.bytes[this.length + i] = text.charCodeAt(i) & 0xff;
    this.bytes.fill(0, this.length + n, this.length + size);
    this.length += size;
    return this;
  }

  u8s(values: readonly number[]): this {
    this.ensure(values.length);
    for (const [i, v] of values.entries()) this.bytes[this.length + i] = v & 0xff;
    this.length += values.length;
    return this;
  }

  /** Zero bytes up to the next multiple of 4. */
  pad4(): this {
    const pad = (4 - (this.length % 4)) % 4;
    this.ensure(pad);
    this.bytes.fill(0, this.length, this.length + pad);
    this.length += pad;
    return this;
  }

  get size(): number {
    return this.length;
  }

  /** Empties the writer for the next response (its buffer is kept). */
  reset(): this {
    this.length = 0;
    return this;
  }

  finish(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

/** Reads a NUL-terminated name from a fixed-size field. */
export function nameAt(bytes: Uint8Array, offset: number, size = 16): string {
  let s = '';
  for (let i = 0; i < size && offset + i < bytes.length; i++) {
    const c = bytes[offset + i]!;
    if (c === 0) break;
    s += String.fromCharCode(c);
  }
  return s;
}

export function u64At(bytes: Uint8Array, offset: number): bigint {
  return BigInt(u32At(bytes, offset)) | (BigInt(u32At(bytes, offset + 4)) << 32n);
}
