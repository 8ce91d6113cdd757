import { describe, expect, it } from 'vitest';
import { isFault } from '../../../runtime/core/memory.js';
import { PROTOCOL, STATUS } from '../../../runtime/scmi/constants.js';
import { ScmiFirmware } from '../../../runtime/scmi/firmware.js';
import { commandHeader, decodeHeader, encodeHeader } from '../../../runtime/scmi/header.js';
import { decodeMsgResponse, encodeMsgRequest, serveMsg } from '../../../runtime/scmi/msg.js';
import { nameAt, u32At, u64At } from '../../../runtime/scmi/payload.js';
import { ScmiServer } from '../../../runtime/scmi/server.js';
import { decodeSmt, encodeSmt, SMT, SMT_STATUS } from '../../../runtime/scmi/smt.js';
import { profile, rig, SHMEM_BASE } from './helpers.js';

function w(...values: number[]): Uint8Array {
  const b = new Uint8Array(values.length * 4);
  const v = new DataView(b.buffer);
  for (const [i, x] of values.entries()) v.setUint32(i * 4, x >>> 0, true);
  return b;
}

function call(server: ScmiServer, protocol: number, message: number, payload = w(), maxResponse = 96) {
  return server.process({
    agent: 1,
    channel: 0,
    header: commandHeader(protocol, message, 7),
    payload,
    maxResponse,
  });
}

describe('message header', () => {
  it('packs message id, type, protocol and token like Linux', () => {
    const raw = encodeHeader({ messageId: 0x6, type: 'command', protocolId: 0x14, token: 0x3ff });
    expect(raw).toBe((0x6 | (0x14 << 10) | (0x3ff << 18)) >>> 0);
    expect(decodeHeader(raw)).toEqual({ messageId: 6, type: 'command', protocolId: 0x14, token: 0x3ff });
    expect(decodeHeader(0x300).type).toBe('notification');
  });
});

describe('SMT codec', () => {
  it('lays the header out at 0x04/0x10/0x14/0x18 and the payload at 0x1c', () => {
    const bytes = encodeSmt({ status: 1, flags: 1, length: 8, header: 0x1234 }, w(0xabcd), 0x80);
    expect(bytes.length).toBe(0x80);
    expect(u32At(bytes, 0x1c)).toBe(0xabcd);
    expect(decodeSmt(bytes)).toEqual({ status: 1, flags: 1, length: 8, header: 0x1234 });
  });
});

describe('protocols', () => {
  const server = new ScmiServer(profile());

  it('base: version, attributes, vendor strings, protocol list, agents', () => {
    expect(u32At(call(server, 0x10, 0).data!, 0)).toBe(0x20000);
    // 2 agents, 7 protocols.
    expect(u32At(call(server, 0x10, 1).data!, 0)).toBe((2 << 8) | 7);
    expect(nameAt(call(server, 0x10, 3).data!, 0)).toBe('Linaro');
    expect(nameAt(call(server, 0x10, 4).data!, 0)).toBe('PMIC');
    expect(u32At(call(server, 0x10, 5).data!, 0)).toBe(0x30001);
    const list = call(server, 0x10, 6, w(0)).data!;
    expect(u32At(list, 0)).toBe(7);
    expect([...list.slice(4, 11)]).toEqual([0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17]);
    expect(list.length % 4).toBe(0);
    const skipped = call(server, 0x10, 6, w(5)).data!;
    expect(u32At(skipped, 0)).toBe(2);
    expect(call(server, 0x10, 6, w(8)).status).toBe(STATUS.INVALID_PARAMETERS);
    const agent = call(server, 0x10, 7, w(2)).data!;
    expect([u32At(agent, 0), nameAt(agent, 4)]).toEqual([2, 'PSCI']);
    expect(nameAt(call(server, 0x10, 7, w(0)).data!, 4)).toBe('platform');
    expect(u32At(call(server, 0x10, 7, w(0xffffffff)).data!, 0)).toBe(1);
    expect(call(server, 0x10, 7, w(9)).status).toBe(STATUS.NOT_FOUND);
  });

  it('base without agent discovery (scmi-msg) answers NOT_SUPPORTED and NOT_FOUND in attributes', () => {
    const s = new ScmiServer(profile({ discoverAgent: false }));
    expect(call(s, 0x10, 7, w(1)).status).toBe(STATUS.NOT_SUPPORTED);
    expect(call(s, 0x10, 2, w(7)).status).toBe(STATUS.NOT_FOUND);
    expect(call(s, 0x10, 2, w(6)).status).toBe(STATUS.SUCCESS);
  });

  it('clock: attributes, rates (list split over replies, range), set/get, enable', () => {
    expect(u32At(call(server, 0x14, 1).data!, 0)).toBe(4);
    const a = call(server, 0x14, 3, w(0)).data!;
    expect([u32At(a, 0), nameAt(a, 4)]).toEqual([1, 'ck_hse']);
    const first = call(server, 0x14, 4, w(3, 0)).data!;
    // 96 bytes of room: flags word + 11 rates.
    expect(u32At(first, 0)).toBe((3 << 16) | 11);
    const rest = call(server, 0x14, 4, w(3, 11)).data!;
    expect(u32At(rest, 0)).toBe(3);
    const range = call(server, 0x14, 4, w(2, 0)).data!;
    expect(u32At(range, 0)).toBe((1 << 12) | 3);
    expect(Number(u64At(range, 20))).toBe(1_000_000);
    expect(call(server, 0x14, 5, w(0, 1, 32_000_000, 0)).status).toBe(STATUS.SUCCESS);
    expect(Number(u64At(call(server, 0x14, 6, w(1)).data!, 0))).toBe(32_000_000);
    // Round down by default, up with bit 2; outside the range is OUT_OF_RANGE; async unsupported.
    call(server, 0x14, 5, w(0, 1, 20_000_000, 0));
    expect(server.state.clocks[1]!.rate).toBe(16_000_000);
    call(server, 0x14, 5, w(4, 1, 20_000_000, 0));
    expect(server.state.clocks[1]!.rate).toBe(32_000_000);
    expect(call(server, 0x14, 5, w(0, 2, 9_000_000, 0)).status).toBe(STATUS.OUT_OF_RANGE);
    expect(call(server, 0x14, 5, w(1, 1, 8_000_000, 0)).status).toBe(STATUS.NOT_SUPPORTED);
    expect(call(server, 0x14, 5, w(0x10, 1, 8_000_000, 0)).status).toBe(STATUS.INVALID_PARAMETERS);
    expect(call(server, 0x14, 7, w(1, 1)).status).toBe(STATUS.SUCCESS);
    expect(server.state.clocks[1]!.enabled).toBe(true);
    expect(call(server, 0x14, 7, w(1, 2)).status).toBe(STATUS.INVALID_PARAMETERS);
  });

  it('reset, power domain, perf, sensor, voltage, system power', () => {
    expect(call(server, 0x16, 4, w(0, 2, 0)).status).toBe(STATUS.SUCCESS);
    expect(server.state.resets[0]!.asserted).toBe(true);
    expect(call(server, 0x16, 4, w(0, 0, 0)).status).toBe(STATUS.SUCCESS);
    expect(server.state.resets[0]!.asserted).toBe(false);
    expect(call(server, 0x16, 4, w(0, 4, 0)).status).toBe(STATUS.NOT_SUPPORTED);
    expect(call(server, 0x16, 4, w(1, 4, 0)).status).toBe(STATUS.SUCCESS);
    expect(call(server, 0x16, 4, w(0, 0, 5)).status).toBe(STATUS.INVALID_PARAMETERS);
    expect(u32At(call(server, 0x11, 5, w(1)).data!, 0)).toBe(0);
    expect(call(server, 0x11, 4, w(0, 0, 0)).status).toBe(STATUS.SUCCESS);
    expect(server.state.powerDomains[0]!.on).toBe(true);
    expect(call(server, 0x11, 4, w(0, 0, 7)).status).toBe(STATUS.INVALID_PARAMETERS);
    expect(call(server, 0x13, 7, w(0, 800_000)).status).toBe(STATUS.SUCCESS);
    expect(call(server, 0x13, 7, w(0, 900_000)).status).toBe(STATUS.OUT_OF_RANGE);
    expect(call(server, 0x13, 5, w(0, 400_000, 800_000)).status).toBe(STATUS.INVALID_PARAMETERS);
    expect(u32At(call(server, 0x13, 4, w(0, 0)).data!, 0)).toBe(3);
    expect(Number(u64At(call(server, 0x15, 6, w(0, 0)).data!, 0))).toBe(42_000);
    expect(nameAt(call(server, 0x15, 3, w(0)).data!, 16)).toBe('soc_temp');
    expect(call(server, 0x17, 7, w(0, 0, 3_300_000)).status).toBe(STATUS.SUCCESS);
    expect(call(server, 0x17, 7, w(0, 0, 2_500_000)).status).toBe(STATUS.OUT_OF_RANGE);
    expect(u32At(call(server, 0x17, 8, w(0)).data!, 0)).toBe(3_300_000);
    expect(call(server, 0x12, 3, w(0, 1)).status).toBe(STATUS.SUCCESS);
    expect(server.state.system.requested).toBe(1);
    expect(call(server, 0x12, 3, w(0, 9)).status).toBe(STATUS.INVALID_PARAMETERS);
  });
});

describe('malformed messages', () => {
  const server = new ScmiServer(profile({ protocols: [0x14, 0x16, 0x18] }));

  it.each([
    ['unknown protocol', 0x42, 0, w(), STATUS.NOT_SUPPORTED],
    ['protocol not offered', 0x11, 0, w(), STATUS.NOT_SUPPORTED],
    ['offered but not implemented', 0x18, 0, w(), STATUS.NOT_SUPPORTED],
    ['unknown message', 0x14, 0x40, w(), STATUS.NOT_SUPPORTED],
    ['unknown clock', 0x14, 3, w(99), STATUS.NOT_FOUND],
    ['unknown reset', 0x16, 4, w(9, 0, 0), STATUS.NOT_FOUND],
    ['short request', 0x14, 6, new Uint8Array(2), STATUS.PROTOCOL_ERROR],
    ['long request', 0x14, 6, w(0, 0), STATUS.PROTOCOL_ERROR],
    ['payload on VERSION', 0x10, 0, w(1), STATUS.PROTOCOL_ERROR],
    ['message attributes of an unknown message', 0x14, 2, w(0x30), STATUS.NOT_FOUND],
  ])('%s', (_what, protocol, message, payload, status) => {
    expect(call(server, protocol, message, payload).status).toBe(status);
  });

  it('a reply that does not fit is PROTOCOL_ERROR; delayed-response headers are NOT_SUPPORTED', () => {
    expect(call(server, 0x14, 3, w(0), 8).status).toBe(STATUS.PROTOCOL_ERROR);
    const r = server.process({
      agent: 1,
      channel: 0,
      header: (0x14 << 10) | (2 << 8),
      payload: w(),
      maxResponse: 96,
    });
    expect(r.status).toBe(STATUS.NOT_SUPPORTED);
  });

  it('never throws on random input', () => {
    let seed = 1;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return (seed >>> 8) & 0xff;
    };
    expect(() => {
      for (let i = 0; i < 2000; i++) {
        const payload = Uint8Array.from({ length: rnd() % 24 }, rnd);
        // Keep protocol ids in the interesting range half of the time.
        const header = (rnd() | ((rnd() & 1 ? 0x10 + (rnd() & 7) : rnd()) << 10) | (rnd() << 18)) >>> 0;
        server.process({ agent: 1, channel: 0, header, payload, maxResponse: rnd() });
      }
    }).not.toThrow();
  });
});

describe('SMT channel (scmi-msg smt.c semantics)', () => {
  function setup() {
    const r = rig();
    const fw = new ScmiFirmware(profile(), r.mem, r.trace);
    fw.boot();
    return { ...r, fw };
  }
  const write = (
    mem: ReturnType<typeof rig>['mem'],
    status: number,
    length: number,
    header: number,
    payload: Uint8Array,
    flags = 0,
  ) => mem.write(SHMEM_BASE, encodeSmt({ status, flags, length, header }, payload));

  it('boot leaves every area FREE', () => {
    const { mem } = setup();
    expect(mem.readU32(SHMEM_BASE + 4n)).toBe(SMT_STATUS.FREE);
  });

  it('answers in place, echoes the header, ORs FREE into status (§8.8)', () => {
    const { mem, fw } = setup();
    const header = commandHeader(PROTOCOL.CLOCK, 6, 42);
    write(mem, 0, 8, header, w(1), 1);
    const out = fw.smtEntry(0, 'fastcall');
    expect(out).toMatchObject({ kind: 'answered', status: 0 });
    expect(mem.readU32(SHMEM_BASE + 4n)).toBe(SMT_STATUS.FREE);
    expect(mem.readU32(SHMEM_BASE + BigInt(SMT.HEADER))).toBe(header);
    expect(mem.readU32(SHMEM_BASE + BigInt(SMT.LENGTH))).toBe(4 + 4 + 8);
    // flags untouched: the server never reads nor writes them (bit0 = INTR_ENABLED, §8.7).
    expect(mem.readU32(SHMEM_BASE + BigInt(SMT.FLAGS))).toBe(1);
  });

  it('a request whose status is already FREE or ERROR is rejected with FREE|ERROR, ERROR never cleared', () => {
    const { mem, fw, trace } = setup();
    write(mem, SMT_STATUS.ERROR, 4, commandHeader(0x10, 0), w());
    expect(fw.smtEntry(0, 'fastcall')).toMatchObject({ kind: 'rejected', reason: 'error-set' });
    expect(mem.readU32(SHMEM_BASE + 4n)).toBe(SMT_STATUS.FREE | SMT_STATUS.ERROR);
    // Nothing pending (FREE still set): rejected too.
    expect(fw.smtEntry(0, 'fastcall')).toMatchObject({ kind: 'rejected' });
    expect(trace.ofKind('diag').length).toBe(2);
  });

  it('rejects payloads above 92 bytes and lengths below 4 (§8.9)', () => {
    const { mem, fw } = setup();
    write(mem, 0, 4 + 96, commandHeader(0x10, 0), new Uint8Array(96));
    expect(fw.smtEntry(0, 'fastcall')).toMatchObject({ kind: 'rejected', reason: 'too-long' });
    expect(mem.readU32(SHMEM_BASE + 4n)).toBe(3);
    write(mem, 0, 4 + 92, commandHeader(0x10, 0), new Uint8Array(92));
    expect(fw.smtEntry(0, 'fastcall')).toMatchObject({ kind: 'answered', status: STATUS.PROTOCOL_ERROR });
    write(mem, 0, 2, commandHeader(0x10, 0), w());
    expect(fw.smtEntry(0, 'fastcall')).toMatchObject({ kind: 'rejected', reason: 'too-long' });
  });

  it('refuses fast calls on PTA-owned channels and reports unmapped areas', () => {
    const { fw, scheduler, trace } = setup();
    fw.markThreaded(0);
    expect(fw.smtEntry(0, 'fastcall')).toBeUndefined();
    const bad = new ScmiFirmware(
      profile({ channels: [{ id: 0, agent: 1, shmem: { base: 0x1000n, size: 0x80 } }] }),
      rig().mem,
      trace,
    );
    bad.boot();
    expect(bad.smtEntry(0, 'interrupt')).toMatchObject({ kind: 'fault' });
    expect(
      trace
        .ofKind('diag')
        .map((d) => d.msg)
        .join('\n'),
    ).toMatch(/0x1000/);
    expect(scheduler.now).toBe(0);
  });
});

describe('MSG format', () => {
  it('answers header + status + data; rejects short, long and roomless requests', () => {
    const server = new ScmiServer(profile());
    const ch = { id: 2, agent: 1 };
    const header = commandHeader(0x10, 0, 5);
    const r = serveMsg(server, ch, encodeMsgRequest(header, w()), 112);
    expect(r.ok).toBe(true);
    const resp = decodeMsgResponse(r.ok ? r.response : new Uint8Array())!;
    expect([resp.header, resp.status, u32At(resp.data, 0)]).toEqual([header, 0, 0x20000]);
    expect(serveMsg(server, ch, new Uint8Array(3), 112)).toEqual({ ok: false, reason: 'too-short' });
    expect(serveMsg(server, ch, new Uint8Array(4 + 93), 112)).toEqual({ ok: false, reason: 'too-long' });
    expect(serveMsg(server, ch, encodeMsgRequest(header, w()), 4)).toEqual({ ok: false, reason: 'no-room' });
    expect(isFault({})).toBe(false);
  });
});
