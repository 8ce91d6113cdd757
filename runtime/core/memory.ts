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
}

export class PhysicalMemory {
  private readonly regions: Region[] = [];

  /** Maps a region; overlapping an existing one is refused (returns false). */
  map(spec: RegionSpec): boolean {
    const end = spec.base + BigInt(spec.size);
    for (const r of this.regions) {
      const rEnd = r.base + BigInt(r.size);
      if (spec.base < rEnd && r.base < end) return false;
    }
    this.regions.push({ ...spec, bytes: new Uint8Array(spec.size) });
    this.regions.sort((a, b) => (a.base < b.base ? -1 : a.base > b.base ? 1 : 0));
    return true;
  }

  get mapped(): readonly RegionSpec[] {
    return this.regions.map(({ bytes: _bytes, ...spec }) => spec);
  }

  private locate(
    address: bigint,
    length: number,
    secure: boolean,
  ): { region: Region; offset: number } | MemoryFault {
    for (const r of this.regions) {
      if (address >= r.base && address < r.base + BigInt(r.size)) {
        const offset = Number(address - r.base);
        if (offset + length > r.size) return { fault: true, address, length, reason: 'crosses-region' };
        if (r.secure && !secure) return { fault: true, address, length, reason: 'secure' };
        return { region: r, offset };
      }
    }
    return { fault: true, address, length, reason: 'unmapped' };
  }

  read(address: bigint, length: number, secure = false): Uint8Array | MemoryFault {
    const at = this.locate(address, length, secure);
    if ('fault' in at) return at;
    return at.region.bytes.slice(at.offset, at.offset + length);
  }

  write(address: bigint, data: Uint8Array, secure = false): MemoryFault | undefined {
    const at = this.locate(address, data.length, secure);
    if ('fault' in at) return at;
    at.region.bytes.set(data, at.offset);
    return undefined;
  }

  readU32(address: bigint, secure = false): number | MemoryFault {
    const b = this.read(address, 4, secure);
    if ('fault' in b) return b;
    return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
  }

  writeU32(address: bigint, value: number, secure = false): MemoryFault | undefined {
    const v = value >>> 0;
    return this.write(
      address,
      Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24),
      secure,
    );
  }
}

export function isFault(x: unknown): x is MemoryFault {
  return typeof x === 'object' && x !== null && (x as MemoryFault).fault === true;
}
