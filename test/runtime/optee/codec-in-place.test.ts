/**
 * `readMsgArgInto`, the read-back Linux does after every call into the argument it sent: it must
 * give exactly what a fresh `readMsgArg` gives (aligned word path and the unaligned byte path),
 * reuse the caller's objects, and leave the argument untouched on a fault.
 */
import { describe, expect, it } from 'vitest';
import { PhysicalMemory } from '../../../runtime/core/memory.js';
import {
  type MsgArg,
  newMsgArg,
  readMsgArg,
  readMsgArgInto,
  writeMsgArg,
} from '../../../runtime/optee/msg-arg.js';

function stale(): MsgArg {
  const params = [0, 1, 2].map(() => ({ attr: 0x77, a: 5n, b: 6n, c: 7n }));
  return newMsgArg(0x55, params, { func: 1, session: 2, cancelId: 3, ret: 4, retOrigin: 5 });
}

describe('readMsgArgInto', () => {
  const sent = newMsgArg(
    1,
    [
      { attr: 0x1, a: 0n, b: 4095n, c: 4096n },
      { attr: 0xa, a: 0xffff_ffffn, b: 0x1_0000_0000n, c: 0xffff_ffff_ffff_ffffn },
      { attr: 0x6, a: 12n, b: 0x8000_0000_0000_0000n, c: 0x4000_1234n },
    ],
    { func: 7, session: 3, cancelId: 9, ret: 0xffff0006, retOrigin: 4 },
  );

  for (const pa of [0x4000_1000n, 0x4000_1004n]) {
    it(`equals a fresh decode and keeps the caller's objects (pa ${pa.toString(16)})`, () => {
      const mem = new PhysicalMemory();
      mem.map({ name: 'dram', base: 0x4000_0000n, size: 0x2000 });
      expect(writeMsgArg(mem, pa, sent)).toBeUndefined();
      const into = stale();
      const params = into.params;
      const first = params[0];
      expect(readMsgArgInto(mem, pa, into)).toBeUndefined();
      expect(into).toEqual(readMsgArg(mem, pa, 3));
      expect(into.params).toBe(params);
      if (pa % 8n === 0n) expect(into.params[0]).toBe(first);
    });
  }

  it('leaves the argument as it was on a fault', () => {
    const mem = new PhysicalMemory();
    mem.map({ name: 'dram', base: 0x4000_0000n, size: 0x100 });
    const into = stale();
    expect(readMsgArgInto(mem, 0x4000_00c0n, into)).toMatchObject({ fault: true, reason: 'crosses-region' });
    expect(into).toEqual(stale());
  });
});
