/**
 * Normal-world memory the OP-TEE driver hands to the secure world: the reserved shared-memory
 * carve-out OP-TEE reports (GET_SHM_CONFIG), or kernel pages for dynamic shared memory. First-fit
 * over a sorted free list, so allocation addresses are the same on every run.
 */

import { bigFromU53, u64ToNumber } from '../../core/words.js';

export class ShmPool {
  /**
   * Free ranges sorted by address, [start, end) as plain numbers: every physical address a
   * platform maps fits in 2^53, and an allocation per call must not do bigint arithmetic.
   */
  private readonly freeStart: number[];
  private readonly freeEnd: number[];
  /** Sizes of the blocks in use, by offset from the pool's base (small integers hash fastest). */
  private readonly used = new Map<number, number>();
  private readonly origin: number;

  constructor(
    readonly base: bigint,
    readonly size: number,
  ) {
    const b = Number(base);
    this.origin = b;
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
        insertAt(starts, i + 1, at + n);
        insertAt(ends, i + 1, end);
      } else if (at > start) ends[i] = at;
      else if (at + n < end) starts[i] = at + n;
      else {
        removeAt(starts, i);
        removeAt(ends, i);
      }
      this.used.set(at - this.origin, n);
      return bigFromU53(at);
    }
    return undefined;
  }

  release(pa: bigint): void {
    const at = u64ToNumber(pa);
    const n = this.used.get(at - this.origin);
    if (n === undefined) return;
    this.used.delete(at - this.origin);
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
      removeAt(starts, i);
      removeAt(ends, i);
    } else if (joinsPrev) ends[i - 1] = end;
    else if (joinsNext) starts[i] = at;
    else {
      insertAt(starts, i, at);
      insertAt(ends, i, end);
    }
  }

  get inUse(): number {
    return this.used.size;
  }
}

/**
 * `array.splice(i, 0, v)` and `array.splice(i, 1)` for the pool's short lists: every call's
 * argument page splits and re-merges a free range, and the builtin cost more than the search.
 */
function insertAt(array: number[], i: number, value: number): void {
  array.push(0);
  for (let k = array.length - 1; k > i; k--) array[k] = array[k - 1]!;
  array[i] = value;
}

function removeAt(array: number[], i: number): void {
  for (let k = i; k < array.length - 1; k++) array[k] = array[k + 1]!;
  array.pop();
}
