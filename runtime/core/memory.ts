/**
 * Simulated physical memory: the regions the platform description maps (DRAM, SRAM, reserved
 * and shared-memory carve-outs), little-endian as Arm runs. An access outside every region is
 * reported as a fault value, never thrown: the model then behaves as real hardware would
 * (an external abort the caller turns into an error code or a trace diagnostic).
 */

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
  /** base and end as plain numbers: every physical address a platform maps fits in 2^53. */
  start: number;
  end: number;
}

export type Address = bigint | number;

export class PhysicalMemory {
  private readonly regions: Region[] = [];
  /** The region the last access hit: shared-memory channels hit the same one again and again. */
  private last: Region | undefined;

  /** Maps a region; overlapping an existing one is refused (returns false). */
  map(spec: RegionSpec): boolean {
    const start = Number(spec.base);
    const end = start + spec.size;
    for (const r of this.regions) if (start < r.end && r.start < end) return false;
    this.regions.push({ ...spec, bytes: new Uint8Array(spec.size), start, end });
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

  private locate(
    address: Address,
    length: number,
    secure: boolean,
  ): { region: Region; offset: number } | MemoryFault {
    const a = Number(address);
    let r = this.last;
    if (!r || a < r.start || a >= r.end) {
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
    return { region: r, offset };
  }

  /** A copy of the bytes. */
  read(address: Address, length: number, secure = false): Uint8Array | MemoryFault {
    const at = this.locate(address, length, secure);
    if ('fault' in at) return at;
    return at.region.bytes.slice(at.offset, at.offset + length);
  }

  /** The bytes themselves, without a copy: for models that parse a buffer in place. */
  view(address: Address, length: number, secure = false): Uint8Array | MemoryFault {
    const at = this.locate(address, length, secure);
    if ('fault' in at) return at;
    return at.region.bytes.subarray(at.offset, at.offset + length);
  }

  write(address: Address, data: Uint8Array, secure = false): MemoryFault | undefined {
    const at = this.locate(address, data.length, secure);
    if ('fault' in at) return at;
    at.region.bytes.set(data, at.offset);
    return undefined;
  }

  readU32(address: Address, secure = false): number | MemoryFault {
    const at = this.locate(address, 4, secure);
    if ('fault' in at) return at;
    const b = at.region.bytes;
    const o = at.offset;
    return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
  }

  writeU32(address: Address, value: number, secure = false): MemoryFault | undefined {
    const at = this.locate(address, 4, secure);
    if ('fault' in at) return at;
    const b = at.region.bytes;
    const o = at.offset;
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
