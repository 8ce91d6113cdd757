/**
 * Normal-world memory the OP-TEE driver hands to the secure world: the reserved shared-memory
 * carve-out OP-TEE reports (GET_SHM_CONFIG), or kernel pages for dynamic shared memory. First-fit
 * over a sorted free list, so allocation addresses are the same on every run.
 */

export class ShmPool {
  /** Free ranges sorted by address: [start, end). */
  private free: [bigint, bigint][];
  private readonly used = new Map<bigint, bigint>();

  constructor(
    readonly base: bigint,
    readonly size: number,
  ) {
    this.free = [[base, base + BigInt(size)]];
  }

  /** Allocates `size` bytes aligned to `align` (a power of two); undefined when exhausted. */
  alloc(size: number, align = 8): bigint | undefined {
    const a = BigInt(align);
    const n = BigInt(Math.max(1, size));
    for (let i = 0; i < this.free.length; i++) {
      const [start, end] = this.free[i]!;
      const at = (start + a - 1n) & ~(a - 1n);
      if (at + n > end) continue;
      const pieces: [bigint, bigint][] = [];
      if (at > start) pieces.push([start, at]);
      if (at + n < end) pieces.push([at + n, end]);
      this.free.splice(i, 1, ...pieces);
      this.used.set(at, n);
      return at;
    }
    return undefined;
  }

  release(pa: bigint): void {
    const n = this.used.get(pa);
    if (n === undefined) return;
    this.used.delete(pa);
    this.free.push([pa, pa + n]);
    this.free.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
    const merged: [bigint, bigint][] = [];
    for (const r of this.free) {
      const last = merged[merged.length - 1];
      if (last && last[1] === r[0]) last[1] = r[1];
      else merged.push([r[0], r[1]]);
    }
    this.free = merged;
  }

  get inUse(): number {
    return this.used.size;
  }
}
