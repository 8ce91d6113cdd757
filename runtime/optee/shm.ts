/**
 * Secure-side view of normal-world shared memory: the reserved (static) carve-out, buffers passed by
 * physical address (TMEM), non-contiguous page lists (NONCONTIG) and buffers registered with
 * REGISTER_SHM and named by cookie afterwards (RMEM). A buffer is a list of physical segments, so a
 * page list never has to be contiguous in the model either.
 */
import { isFault, type MemoryFault, type PhysicalMemory } from '../core/memory.js';
import { TEE } from './abi.js';

export const SMALL_PAGE_SIZE = 4096;
const PAGE_MASK = 0xfffn;
/** Entries per page-list page: 511 page addresses, then the address of the next list page. */
const PAGES_PER_LIST = SMALL_PAGE_SIZE / 8 - 1;

export interface Segment {
  pa: bigint;
  length: number;
}

/** A buffer in normal-world memory as OP-TEE maps it. */
export interface ShmBuffer {
  segments: Segment[];
  size: number;
}

export function contiguous(pa: bigint, size: number): ShmBuffer {
  return { segments: size > 0 ? [{ pa, length: size }] : [], size };
}

/** A sub-range of a buffer (offset and size already checked by the caller). */
export function slice(buf: ShmBuffer, offset: number, size: number): ShmBuffer {
  // Hot (several times per message): a range inside the first segment needs no walk.
  const first = buf.segments[0];
  if (first !== undefined && size > 0 && offset + size <= first.length)
    return { segments: [{ pa: offset === 0 ? first.pa : first.pa + BigInt(offset), length: size }], size };
  const segments: Segment[] = [];
  let skip = offset;
  let left = size;
  for (const s of buf.segments) {
    if (left === 0) break;
    if (skip >= s.length) {
      skip -= s.length;
      continue;
    }
    const take = Math.min(s.length - skip, left);
    segments.push({ pa: s.pa + BigInt(skip), length: take });
    left -= take;
    skip = 0;
  }
  return { segments, size };
}

export function readBuffer(mem: PhysicalMemory, buf: ShmBuffer): Uint8Array | MemoryFault {
  const segs = buf.segments;
  if (segs.length === 1 && segs[0]!.length === buf.size) return mem.read(segs[0]!.pa, buf.size);
  const out = new Uint8Array(buf.size);
  const f = readBufferInto(mem, buf, out);
  return f ?? out;
}

/** Copies the buffer's bytes into `into` (at least `buf.size` long) without allocating. */
export function readBufferInto(
  mem: PhysicalMemory,
  buf: ShmBuffer,
  into: Uint8Array,
): MemoryFault | undefined {
  let at = 0;
  for (const s of buf.segments) {
    const f = mem.readInto(s.pa, into, at, s.length);
    if (f) return f;
    at += s.length;
  }
  return undefined;
}

export function writeBuffer(mem: PhysicalMemory, buf: ShmBuffer, data: Uint8Array): MemoryFault | undefined {
  return writeBufferFrom(mem, buf, data, data.length);
}

/** Writes the first `length` bytes of `data` over the buffer's segments, in order. */
export function writeBufferFrom(
  mem: PhysicalMemory,
  buf: ShmBuffer,
  data: Uint8Array,
  length: number,
): MemoryFault | undefined {
  let at = 0;
  for (const s of buf.segments) {
    if (at >= length) break;
    const n = Math.min(s.length, length - at);
    const f = mem.writeFrom(s.pa, data, at, n);
    if (f) return f;
    at += n;
  }
  return undefined;
}

/**
 * Follows a NONCONTIG page list (`optee_msg.h`: the low 12 bits of `buf_ptr` are the offset into the
 * first page; each list page holds 511 page addresses and the next list page's address).
 */
export function pageListBuffer(mem: PhysicalMemory, bufPtr: bigint, size: number): ShmBuffer | MemoryFault {
  // A list longer than all mapped memory cannot be valid, and a list page naming itself as the
  // next one would be followed forever: refuse before walking, as OP-TEE's allocation would fail.
  if (!fitsMemory(mem, size)) return { fault: true, address: bufPtr, length: size, reason: 'unmapped' };
  const offset = Number(bufPtr & PAGE_MASK);
  const pageCount = Math.ceil((offset + size) / SMALL_PAGE_SIZE);
  let list = bufPtr & ~PAGE_MASK;
  const pages: bigint[] = [];
  while (pages.length < pageCount) {
    const raw = mem.read(list, SMALL_PAGE_SIZE);
    if (isFault(raw)) return raw;
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let i = 0; i < PAGES_PER_LIST && pages.length < pageCount; i++)
      pages.push(view.getBigUint64(i * 8, true));
    list = view.getBigUint64(PAGES_PER_LIST * 8, true);
  }
  const whole: ShmBuffer = {
    segments: pages.map((pa) => ({ pa, length: SMALL_PAGE_SIZE })),
    size: pageCount * SMALL_PAGE_SIZE,
  };
  return slice(whole, offset, size);
}

/**
 * Whether a buffer of `size` bytes could be backed by the mapped memory at all (guest sizes are
 * 64-bit). Checked before anything is allocated or walked for a guest-supplied size.
 */
export function fitsMemory(mem: PhysicalMemory, size: number): boolean {
  if (!Number.isSafeInteger(size) || size < 0) return false;
  if (size <= 0x10_0000) return true; // the common case, without summing the regions
  let total = 0;
  for (const r of mem.mapped) total += r.size;
  return size <= total;
}

/** REGISTER_SHM'd buffers by cookie (`mobj_reg_shm`). */
export class RegisteredShm {
  private readonly byCookie = new Map<bigint, ShmBuffer>();
  /**
   * The last cookie looked up and its buffer: a channel passes the same registered buffer on every
   * message, and a Map lookup by bigint key (hashing the digits) costs ~100 ns.
   */
  private lastCookie: bigint | undefined;
  private lastBuf: ShmBuffer | undefined;

  register(cookie: bigint, buf: ShmBuffer): number {
    if (this.byCookie.has(cookie)) return TEE.ERROR_BAD_PARAMETERS;
    this.byCookie.set(cookie, buf);
    this.lastCookie = undefined;
    return TEE.SUCCESS;
  }

  unregister(cookie: bigint): number {
    this.lastCookie = undefined;
    this.lastBuf = undefined;
    return this.byCookie.delete(cookie) ? TEE.SUCCESS : TEE.ERROR_ITEM_NOT_FOUND;
  }

  get(cookie: bigint): ShmBuffer | undefined {
    if (cookie === this.lastCookie) return this.lastBuf;
    const buf = this.byCookie.get(cookie);
    if (buf !== undefined) {
      this.lastCookie = cookie;
      this.lastBuf = buf;
    }
    return buf;
  }

  get count(): number {
    return this.byCookie.size;
  }
}
