/**
 * The allocation-free paths of the hot loop: the `optee_msg_arg` codec writing and reading in place
 * (32- and 64-bit words, values the fast path does not take), memory spans and copies, and the
 * number-based shared-memory pool (first fit, alignment, merging on release).
 */
import { describe, expect, it } from 'vitest';
import { PhysicalMemory } from '../../../runtime/core/memory.js';
import { ShmPool } from '../../../runtime/linux/optee/shm-pool.js';
import {
  decodeMsgArg,
  encodeMsgArg,
  newMsgArg,
  readMsgArg,
  readMsgHeader,
  writeMsgArg,
} from '../../../runtime/optee/msg-arg.js';

describe('optee_msg_arg codec', () => {
  const params = [
    { attr: 0x1, a: 0n, b: 4095n, c: 4096n },
    { attr: 0xa, a: 0xffff_ffffn, b: 0x1_0000_0000n, c: 0xffff_ffff_ffff_ffffn },
    { attr: 0x5, a: -1n, b: 0x8000_0000_0000_0000n, c: 0x4000_1234n },
  ];
  const arg = newMsgArg(1, params, { func: 7, session: 3, cancelId: 9, ret: 0xffff0006, retOrigin: 4 });

  it('round-trips through memory in place and through bytes', () => {
    const mem = new PhysicalMemory();
    mem.map({ name: 'dram', base: 0x4000_0000n, size: 0x2000 });
    expect(writeMsgArg(mem, 0x4000_1000n, arg)).toBeUndefined();
    const back = readMsgArg(mem, 0x4000_1000n, 3);
    const want = { ...arg, params: params.map((p) => ({ ...p, a: BigInt.asUintN(64, p.a) })) };
    expect(back).toEqual(want);
    expect(decodeMsgArg(encodeMsgArg(arg), 3)).toEqual(want);
    expect(readMsgHeader(mem, 0x4000_1000n)).toMatchObject({ cmd: 1, numParams: 3, ret: 0xffff0006 });
    // The layout: attr at 32, value a at 40 (little-endian), reserved word at 16 zero.
    const bytes = mem.read(0x4000_1000n, 0x80) as Uint8Array;
    expect([...bytes.subarray(16, 20)]).toEqual([0, 0, 0, 0]);
    expect([...bytes.subarray(32 + 32 + 16, 32 + 32 + 24)]).toEqual([0, 0, 0, 0, 1, 0, 0, 0]);
  });

  it('reports a fault instead of writing across a region end', () => {
    const mem = new PhysicalMemory();
    mem.map({ name: 'dram', base: 0x4000_0000n, size: 0x100 });
    expect(writeMsgArg(mem, 0x4000_00c0n, arg)).toMatchObject({ fault: true, reason: 'crosses-region' });
    expect(readMsgArg(mem, 0x5000_0000n, 1)).toMatchObject({ fault: true, reason: 'unmapped' });
  });
});

describe('physical memory copies', () => {
  it('readInto / writeFrom copy short and long ranges', () => {
    const mem = new PhysicalMemory();
    mem.map({ name: 'sram', base: 0x1000n, size: 0x1000 });
    for (const n of [3, 16, 17, 300]) {
      const src = Uint8Array.from({ length: n }, (_, i) => (i * 7 + n) & 0xff);
      expect(mem.writeFrom(0x1100, src, 0, n)).toBeUndefined();
      const into = new Uint8Array(n + 4);
      expect(mem.readInto(0x1100n, into, 4, n)).toBeUndefined();
      expect([...into.subarray(4)]).toEqual([...src]);
    }
    expect(mem.span(0x1ff0n, 0x20)).toMatchObject({ fault: true });
  });
});

describe('ShmPool', () => {
  it('allocates first fit with alignment and merges freed neighbours', () => {
    const pool = new ShmPool(0x4080_0000n, 0x4000);
    const a = pool.alloc(0x100, 8)!;
    const b = pool.alloc(0x1000, 0x1000)!;
    const c = pool.alloc(0x10, 8)!;
    expect([a, b, c]).toEqual([0x4080_0000n, 0x4080_1000n, 0x4080_0100n]);
    expect(pool.alloc(0x3000, 0x1000)).toBeUndefined();
    pool.release(b);
    pool.release(a);
    pool.release(c);
    expect(pool.inUse).toBe(0);
    // Everything merged back into one range: the whole pool fits again.
    expect(pool.alloc(0x4000, 0x1000)).toBe(0x4080_0000n);
    pool.release(0x1234n); // unknown: ignored
    expect(pool.inUse).toBe(1);
  });
});
