/**
 * Normal-world memory the OP-TEE driver hands to the secure world: the reserved shared-memory
 * carve-out OP-TEE reports (GET_SHM_CONFIG), or kernel pages for dynamic shared memory. First-fit
 * over a sorted free list, so allocation addresses are the same on every run.
 */

export class ShmPool {
  /**
   * Free ranges sorted by address, [start, end) as plain numbers: every physical address a
   * platform maps fits in 2^53, and an allocation per call must not do bigint arithmetic.
   */
  private readonly freeStart: number[];
  private readonly freeEnd: number[];
  private readonly used = new Map<number, number>();

  constructor(
    readonly base: bigint,
    readonly size: number,
  ) {
    const b = Number(base);
    this.freeStart = [b];
    this.freeEnd = [b + size];
  }

  /** Allocates `size` bytes aligned to `align` (a power of two); undefined when exhausted. */
  alloc(size: number, align = 8): bigint | undefined {
    const n = Math.max(1, size);
    const starts = this.freeStart;
    const ends = this.freeEnd;
    for (let i = 0; i < starts.length; i++) {
      const start = starts[i]!;
      const end = ends[i]!;
      const at = Math.ceil(start / align) * align;
      if (at + n > end) continue;
      if (at > start && at + n < end) {
        ends[i] = at;
        starts.splice(i + 1, 0, at + n);
        ends.splice(i + 1, 0, end);
      } else if (at > start) ends[i] = at;
      else if (at + n < end) starts[i] = at + n;
      else {
        starts.splice(i, 1);
        ends.splice(i, 1);
      }
      this.used.set(at, n);
      return BigInt(at);
    }
    return undefined;
  }

  release(pa: bigint): void {
    const at = Number(pa);
    const n = this.used.get(at);
    if (n === undefined) return;
    this.used.delete(at);
    const end = at + n;
    const starts = this.freeStart;
    const ends = this.freeEnd;
    // Insert in address order, merging with the neighbours it touches.
    let i = 0;
    while (i < starts.length && starts[i]! < at) i++;
    const joinsPrev = i > 0 && ends[i - 1] === at;
    const joinsNext = i < starts.length && starts[i] === end;
    if (joinsPrev && joinsNext) {
      ends[i - 1] = ends[i]!;
      starts.splice(i, 1);
      ends.splice(i, 1);
    } else if (joinsPrev) ends[i - 1] = end;
    else if (joinsNext) starts[i] = at;
    else {
      starts.splice(i, 0, at);
      ends.splice(i, 0, end);
    }
  }

  get inUse(): number {
    return this.used.size;
  }
}
