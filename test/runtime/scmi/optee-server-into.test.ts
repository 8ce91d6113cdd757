/**
 * `processInto`, the PTA's write-in-place path: for every request shape (accepted, unknown
 * protocol, no room, too short, too long, unknown channel) it writes exactly the bytes `process`
 * returns, and reports the same length.
 */
import { describe, expect, it } from 'vitest';
import { ScmiFirmware } from '../../../runtime/scmi/firmware.js';
import { opteeScmiServer } from '../../../runtime/scmi/optee-server.js';
import { profile, rig } from './helpers.js';

function req(header: number, payload: number[]): Uint8Array {
  const b = new Uint8Array(4 + payload.length);
  new DataView(b.buffer).setUint32(0, header, true);
  b.set(payload, 4);
  return b;
}

describe('opteeScmiServer.processInto', () => {
  const cases: [string, number, Uint8Array, number][] = [
    ['base version', 2, req(0x10 << 10, []), 64],
    ['clock attributes', 2, req((0x14 << 10) | 3, [1, 0, 0, 0]), 64],
    ['base vendor, just enough room', 2, req((0x10 << 10) | 3, []), 24],
    ['base vendor, too little room', 2, req((0x10 << 10) | 3, []), 12],
    ['unknown protocol', 2, req(0x7f << 10, []), 64],
    ['no room for status', 2, req(0x10 << 10, []), 7],
    ['too short', 2, new Uint8Array(2), 64],
    ['too long', 2, req(0x10 << 10, new Array(200).fill(0)), 64],
    ['unknown channel', 9, req(0x10 << 10, []), 64],
  ];
  for (const [name, channel, request, room] of cases) {
    it(name, () => {
      const a = new ScmiFirmware(profile(), rig().mem);
      const b = new ScmiFirmware(profile(), rig().mem);
      a.boot();
      b.boot();
      const want = opteeScmiServer(a).process(channel, request, room);
      const into = new Uint8Array(room + 8).fill(0xee);
      const n = opteeScmiServer(b).processInto(channel, request, into, 4, room);
      expect(n).toBe(want.length);
      if (want.length <= room) {
        expect([...into.subarray(4, 4 + n)]).toEqual([...want]);
        expect(into.subarray(4 + n).every((x) => x === 0xee)).toBe(true);
      } else expect(into.every((x) => x === 0xee)).toBe(true);
      expect(into.subarray(0, 4).every((x) => x === 0xee)).toBe(true);
    });
  }
});
