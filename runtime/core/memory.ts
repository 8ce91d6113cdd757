/**
 * Simulated physical memory: the regions the platform description maps (DRAM, SRAM, reserved
 * and shared-memory carve-outs), little-endian as Arm runs. An access outside every region is
 * reported as a fault value, never thrown: the model then behaves as real hardware would
 * (an external abort the caller turns into an error code or a trace diagnostic).
 */

import { u64ToNumber } from './words.js';

export interface RegionSpec {
  name: string;
  base: bigint;
  size: number;
  /** Secure-only memory: a non-secure access faults. */
  secure?: boolean;
}

export interface MemoryFault {
  fault: true;
  address: bigint;
  length: number;
  reason: 'unmapped' | 'secure' | 'crosses-region';
}

interface Region extends RegionSpec {
  bytes: Uint8Array;
  /** 32- and 64-bit views of `bytes` (see `MemorySpan.words`). */
  words: Uint32Array | undefined;
  dwords: BigUint64Array | undefined;
  /** base and end as plain numbers: every physical address a platform maps fits in 2^53. */
  start: number;
  end: number;
}

export type Address = bigint | number;

/** Where a range of simulated memory lives: `bytes[offset …]`. */
export interface MemorySpan {
  bytes: Uint8Array;
  offset: number;
  /**
   * Little-endian 32- and 64-bit views of the same bytes (index = byte offset / 4 or / 8), for
   * codecs of aligned structures: one element store instead of four byte stores, and a 64-bit
   * register value stored without converting the bigint (converting costs more than the rest of
   * a message argument's encoding). Undefined on a big-endian host, where codecs use the bytes.
   */
  words: Uint32Array | undefined;
  dwords: BigUint64Array | undefined;
}

/** Whether typed-array element order is little-endian here (it is on every host Node ships for). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * A span over a whole caller-owned buffer (scratch buffers codecs gather into), with its word
 * views; `bytes` must start its own ArrayBuffer.
 */
export function spanOver(bytes: Uint8Array): MemorySpan {
  const { words, dwords } = wordViews(bytes);
  return { bytes, offset: 0, words, dwords };
}

function wordViews(bytes: Uint8Array): {
  words: Uint32Array | undefined;
  dwords: BigUint64Array | undefined;
} {
  if (!LITTLE_ENDIAN || bytes.byteOffset !== 0) return { words: undefined, dwords: undefined };
  return {
    words: new Uint32Array(bytes.buffer, 0, bytes.byteLength >>> 2),
    dwords: new BigUint64Array(bytes.buffer, 0, bytes.byteLength >>> 3),
  };
}

export class PhysicalMemory {
  private readonly regions: Region[] = [];
  /** The region the last access hit: shared-memory channels hit the same one again and again. */
  private last: Region | undefined;

  /** Maps a region; overlapping an existing one is refused (returns false). */
  map(spec: RegionSpec): boolean {
    const start = Number(spec.base);
    const end = start + spec.size;
    for (const r of this.regions) if (start < r.end && r.start < end) return false;
    const bytes = new Uint8Array(spec.size);
    this.regions.push({ ...spec, bytes, ...wordViews(bytes), start, end });
    this.regions.sort((a, b) => a.start - b.start);
    return true;
  }

  get mapped(): readonly RegionSpec[] {
    return this.regions.map(({ name, base, size, secure }) => ({
      name,
      base,
      size,
      ...(secure ? { secure } : {}),
    }));
  }

  /** Where the last successful `locate` landed: set instead of returned, so no access allocates. */
  private hitBytes: Uint8Array = new Uint8Array(0);
  private hitOffset = 0;
  private hitRegion: Region | undefined;

  /**
   * Finds the region holding [address, address + length); on success sets `hitBytes`/`hitOffset`
   * and returns undefined, else the fault. Hot: every model access goes through here.
   */
  private locate(address: Address, length: number, secure: boolean): MemoryFault | undefined {
    // u64ToNumber, not Number(): the builtin conversion cost as much as the rest of the lookup.
    const a = typeof address === 'number' ? address : address >= 0n ? u64ToNumber(address) : Number(address);
    let r = this.last;
    if (r === undefined || a < r.start || a >= r.end) {
      r = undefined;
      for (const candidate of this.regions) {
        if (a >= candidate.start && a < candidate.end) {
          r = candidate;
          break;
        }
      }
      if (!r) return { fault: true, address: BigInt(address), length, reason: 'unmapped' };
      this.last = r;
    }
    const offset = a - r.start;
    if (offset + length > r.size)
      return { fault: true, address: BigInt(address), length, reason: 'crosses-region' };
    if (r.secure && !secure) return { fault: true, address: BigInt(address), length, reason: 'secure' };
    this.hitBytes = r.bytes;
    this.hitOffset = offset;
    this.hitRegion = r;
    return undefined;
  }

  /** A copy of the bytes. */
  read(address: Address, length: number, secure = false): Uint8Array | MemoryFault {
    const f = this.locate(address, length, secure);
    if (f) return f;
    return this.hitBytes.slice(this.hitOffset, this.hitOffset + length);
  }

  /** The bytes themselves, without a copy: for models that parse a buffer in place. */
  view(address: Address, length: number, secure = false): Uint8Array | MemoryFault {
    const f = this.locate(address, length, secure);
    if (f) return f;
    return this.hitBytes.subarray(this.hitOffset, this.hitOffset + length);
  }

  write(address: Address, data: Uint8Array, secure = false): MemoryFault | undefined {
    const f = this.locate(address, data.length, secure);
    if (f) return f;
    copyBytes(data, 0, this.hitBytes, this.hitOffset, data.length);
    return undefined;
  }

  /**
   * Copies `length` bytes at `address` into `into` at `at` (a caller-owned buffer): the read that
   * allocates nothing, for the per-message paths (message arguments, bounce buffers).
   */
  readInto(
    address: Address,
    into: Uint8Array,
    at: number,
    length: number,
    secure = false,
  ): MemoryFault | undefined {
    const f = this.locate(address, length, secure);
    if (f) return f;
    copyBytes(this.hitBytes, this.hitOffset, into, at, length);
    return undefined;
  }

  /** Writes `length` bytes of `from` starting at `at`: `write` without a subarray. */
  writeFrom(
    address: Address,
    from: Uint8Array,
    at: number,
    length: number,
    secure = false,
  ): MemoryFault | undefined {
    const f = this.locate(address, length, secure);
    if (f) return f;
    copyBytes(from, at, this.hitBytes, this.hitOffset, length);
    return undefined;
  }

  /**
   * The backing bytes of [address, address + length) and the offset in them, for codecs that read
   * or write a structure in place. The returned object is reused by the next `span` call.
   */
  span(address: Address, length: number, secure = false): MemorySpan | MemoryFault {
    const f = this.locate(address, length, secure);
    if (f) return f;
    const out = this.spanOut;
    const r = this.hitRegion!;
    out.bytes = r.bytes;
    out.offset = this.hitOffset;
    out.words = r.words;
    out.dwords = r.dwords;
    return out;
  }

  private readonly spanOut: MemorySpan = spanOver(new Uint8Array(0));

  readU32(address: Address, secure = false): number | MemoryFault {
    const f = this.locate(address, 4, secure);
    if (f) return f;
    const b = this.hitBytes;
    const o = this.hitOffset;
    return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
  }

  writeU32(address: Address, value: number, secure = false): MemoryFault | undefined {
    const f = this.locate(address, 4, secure);
    if (f) return f;
    const b = this.hitBytes;
    const o = this.hitOffset;
    const v = value >>> 0;
    b[o] = v & 0xff;
    b[o + 1] = (v >>> 8) & 0xff;
    b[o + 2] = (v >>> 16) & 0xff;
    b[o + 3] = v >>> 24;
    return undefined;
  }
}

export function isFault(x: unknown): x is MemoryFault {
  return typeof x === 'object' && x !== null && (x as MemoryFault).fault === true;
}

/**
 * Copies bytes between buffers (they may be the same one; ranges never overlap in the models).
 * Short copies, the common case for message arguments and payloads, loop instead of building the
 * subarray `set` needs.
 */
export function copyBytes(
  from: Uint8Array,
  at: number,
  to: Uint8Array,
  offset: number,
  length: number,
): void {
  if (length <= 16) {
    for (let i = 0; i < length; i++) to[offset + i] = from[at + i]!;
    return;
  }
  to.set(from.subarray(at, at + length), offset);
}
