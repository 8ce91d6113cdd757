/**
 * The message-argument codec's word path (32/64-bit views of simulated memory) must write and read
 * exactly the bytes the byte path does, for aligned and unaligned arguments, values the small-value
 * table covers and values it does not, negative bigints (wrapped to 64 bits) and the zeroed words.
 */
import { describe, expect, it } from 'vitest';
import { PhysicalMemory, spanOver } from '../../../runtime/core/memory.js';
import {
  decodeMsgArg,
  decodeMsgArgAt,
  encodeMsgArg,
  encodeMsgArgAt,
  newMsgArg,
} from '../../../runtime/optee/msg-arg.js';

describe('optee_msg_arg codec word path', () => {
  const params = [
    { attr: 0x1, a: 0n, b: 4095n, c: 4096n },
    { attr: 0xa, a: 0xffff_ffffn, b: 0x1_0000_0000n, c: 0xffff_ffff_ffff_ffffn },
    { attr: 0x5, a: -1n, b: 0x8000_0000_0000_0000n, c: 0x4000_1234n },
    { attr: -1, a: -0x1234n, b: 2n ** 70n + 5n, c: 0x1234_5678_9abc_def0n },
  ];
  const arg = newMsgArg(0xffff_ffff, params, {
    func: -1,
    session: 3,
    cancelId: 9,
    ret: 0xffff0006,
    retOrigin: 4,
  });
  const bytes = encodeMsgArg(arg);

  it('encodes the bytes the byte path encodes, over dirty memory', () => {
    for (const offset of [0, 8, 0x100, 4, 0x104]) {
      const mem = new PhysicalMemory();
      mem.map({ name: 'dram', base: 0x4000_0000n, size: 0x1000 });
      mem.write(0x4000_0000n + BigInt(offset), new Uint8Array(bytes.length).fill(0xa5));
      const span = mem.span(0x4000_0000n + BigInt(offset), bytes.length);
      if ('fault' in span) throw new Error('unmapped');
      expect(encodeMsgArgAt(arg, span)).toBe(bytes.length);
      expect([...(mem.read(0x4000_0000n + BigInt(offset), bytes.length) as Uint8Array)]).toEqual([...bytes]);
      expect(decodeMsgArgAt(span, params.length)).toEqual(decodeMsgArg(bytes, params.length));
    }
  });

  it('works on a scratch span', () => {
    const scratch = spanOver(new Uint8Array(256));
    encodeMsgArgAt(arg, scratch);
    expect([...scratch.bytes.subarray(0, bytes.length)]).toEqual([...bytes]);
    const back = decodeMsgArgAt(scratch, params.length);
    expect(back.params[0]!.b).toBe(4095n);
    expect(back.params[2]!.a).toBe(0xffff_ffff_ffff_ffffn);
    expect(back.params[3]!.b).toBe(5n);
  });
});
