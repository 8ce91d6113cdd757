import { describe, expect, it } from 'vitest';
import { PhysicalMemory } from '../../../runtime/core/memory.js';
import { Scheduler } from '../../../runtime/core/scheduler.js';
import { Trace } from '../../../runtime/core/trace.js';
import { LOGIN, TEE } from '../../../runtime/optee/abi.js';
import { GP, type GpParam, noneParam } from '../../../runtime/optee/pta.js';
import { PTA_SCMI_CMD, scmiPta } from '../../../runtime/optee/pta-scmi.js';
import { fakeScmiServer, SCMI_SHM as SHM } from './fakes.js';

function setup(server = fakeScmiServer()) {
  const s = new Scheduler();
  const trace = new Trace(() => s.now);
  const memory = new PhysicalMemory();
  memory.map({ name: 'shm', base: SHM, size: 0x1000 });
  return { server, memory, trace, pta: scmiPta(server, memory, trace, '/firmware/optee') };
}

const session = (login: number) => ({ id: 1, login, clientUuid: '' });
const params = (...p: GpParam[]): GpParam[] => [...p, ...Array.from({ length: 4 - p.length }, noneParam)];
const val = (type: number, a = 0, b = 0): GpParam => ({ type, a, b });

function smtRequest(memory: PhysicalMemory, header: number, payload: number[], status = 0) {
  const b = new Uint8Array(128);
  const v = new DataView(b.buffer);
  v.setUint32(4, status, true);
  v.setUint32(0x14, 4 + payload.length, true);
  v.setUint32(0x18, header, true);
  b.set(payload, 0x1c);
  memory.write(SHM, b);
}

describe('SCMI PTA', () => {
  it('accepts only REE_KERNEL sessions (§8.11)', () => {
    const { pta } = setup();
    expect(pta.openSession!(session(LOGIN.PUBLIC), params())).toBe(TEE.ERROR_ACCESS_DENIED);
    expect(pta.openSession!(session(LOGIN.USER), params())).toBe(TEE.ERROR_ACCESS_DENIED);
    expect(pta.openSession!(session(LOGIN.REE_KERNEL), params())).toBe(TEE.SUCCESS);
    const none = setup(fakeScmiServer({ smt: false, msg: false })).pta;
    expect(none.openSession!(session(LOGIN.REE_KERNEL), params())).toBe(TEE.ERROR_NOT_SUPPORTED);
  });

  it('reports capabilities and checks parameter types', () => {
    const { pta } = setup(fakeScmiServer({ msg: false }));
    const p = params(val(GP.VALUE_OUTPUT, 9, 9));
    expect(pta.invoke(session(LOGIN.REE_KERNEL), PTA_SCMI_CMD.CAPABILITIES, p)).toBe(TEE.SUCCESS);
    expect([p[0]!.a, p[0]!.b]).toEqual([1, 0]);
    expect(
      pta.invoke(session(LOGIN.REE_KERNEL), PTA_SCMI_CMD.CAPABILITIES, params(val(GP.VALUE_INPUT))),
    ).toBe(TEE.ERROR_BAD_PARAMETERS);
    expect(pta.invoke(session(LOGIN.REE_KERNEL), 99, params())).toBe(TEE.ERROR_NOT_SUPPORTED);
  });

  it('GET_CHANNEL checks caps and channel, returns the handle and marks the channel threaded', () => {
    const { pta } = setup(fakeScmiServer({ msg: false }));
    const s = session(LOGIN.REE_KERNEL);
    expect(pta.invoke(s, PTA_SCMI_CMD.GET_CHANNEL_HANDLE, params(val(GP.VALUE_INOUT, 0, 4)))).toBe(
      TEE.ERROR_BAD_PARAMETERS,
    );
    expect(pta.invoke(s, PTA_SCMI_CMD.GET_CHANNEL_HANDLE, params(val(GP.VALUE_INOUT, 0, 2)))).toBe(
      TEE.ERROR_NOT_SUPPORTED,
    );
    expect(pta.invoke(s, PTA_SCMI_CMD.GET_CHANNEL_HANDLE, params(val(GP.VALUE_INOUT, 7, 1)))).toBe(
      TEE.ERROR_BAD_PARAMETERS,
    );
    expect(pta.isThreaded(0)).toBe(false);
    const p = params(val(GP.VALUE_INOUT, 0, 1));
    expect(pta.invoke(s, PTA_SCMI_CMD.GET_CHANNEL_HANDLE, p)).toBe(TEE.SUCCESS);
    expect(p[0]!.a).toBe(0);
    expect(pta.isThreaded(0)).toBe(true);
  });

  it('processes the static SMT buffer in place: response after the header, length, FREE; header untouched', () => {
    const { pta, memory, server } = setup();
    smtRequest(memory, 0x0001_0810, [1, 2, 3, 4]);
    expect(
      pta.invoke(session(LOGIN.REE_KERNEL), PTA_SCMI_CMD.PROCESS_SMT_CHANNEL, params(val(GP.VALUE_INPUT, 0))),
    ).toBe(TEE.SUCCESS);
    expect(server.seen).toEqual([[0, 0x10, 0x08, 0x01, 0x00, 1, 2, 3, 4]]);
    const b = memory.read(SHM, 0x28) as Uint8Array;
    const v = new DataView(b.buffer);
    expect(v.getUint32(4, true)).toBe(1); // FREE
    expect(v.getUint32(0x14, true)).toBe(12); // header + status + 4 bytes
    expect(v.getUint32(0x18, true)).toBe(0x0001_0810);
    expect([...b.subarray(0x1c, 0x24)]).toEqual([0, 0, 0, 0, 4, 3, 2, 1]);
  });

  it('rejects SMT payloads over 92 bytes and busy/errored channels with FREE|ERROR (§8.9)', () => {
    const { pta, memory, server } = setup();
    smtRequest(memory, 0x10, new Array(93).fill(0));
    pta.invoke(session(LOGIN.REE_KERNEL), PTA_SCMI_CMD.PROCESS_SMT_CHANNEL, params(val(GP.VALUE_INPUT, 0)));
    expect(memory.readU32(SHM + 4n)).toBe(3);
    smtRequest(memory, 0x10, [1], 1);
    pta.invoke(session(LOGIN.REE_KERNEL), PTA_SCMI_CMD.PROCESS_SMT_CHANNEL, params(val(GP.VALUE_INPUT, 0)));
    expect(memory.readU32(SHM + 4n)).toBe(3);
    expect(server.seen).toEqual([]);
    // A channel without a static buffer cannot use PROCESS_SMT_CHANNEL.
    expect(
      pta.invoke(session(LOGIN.REE_KERNEL), PTA_SCMI_CMD.PROCESS_SMT_CHANNEL, params(val(GP.VALUE_INPUT, 1))),
    ).toBe(TEE.ERROR_BAD_PARAMETERS);
  });

  it('processes SMT messages in a caller buffer of at least 128 bytes', () => {
    const { pta } = setup();
    const small = { type: GP.MEMREF_INOUT, a: 0, b: 0, memref: { data: new Uint8Array(64), size: 64 } };
    expect(
      pta.invoke(
        session(LOGIN.REE_KERNEL),
        PTA_SCMI_CMD.PROCESS_SMT_CHANNEL_MESSAGE,
        params(val(GP.VALUE_INPUT, 1), small),
      ),
    ).toBe(TEE.ERROR_BAD_PARAMETERS);
    const data = new Uint8Array(128);
    new DataView(data.buffer).setUint32(0x14, 5, true);
    data[0x1c] = 42;
    const ok = { type: GP.MEMREF_INOUT, a: 0, b: 0, memref: { data, size: 128 } };
    expect(
      pta.invoke(
        session(LOGIN.REE_KERNEL),
        PTA_SCMI_CMD.PROCESS_SMT_CHANNEL_MESSAGE,
        params(val(GP.VALUE_INPUT, 1), ok),
      ),
    ).toBe(TEE.SUCCESS);
    expect([data[4], data[0x20]]).toEqual([1, 42]);
  });

  it('processes MSG channels through the injected server and sizes the output', () => {
    const { pta } = setup();
    const input = {
      type: GP.MEMREF_INPUT,
      a: 0,
      b: 0,
      memref: { data: Uint8Array.of(0x10, 0, 0, 0, 7, 8), size: 6 },
    };
    const output = { type: GP.MEMREF_OUTPUT, a: 0, b: 0, memref: { data: new Uint8Array(32), size: 32 } };
    expect(
      pta.invoke(
        session(LOGIN.REE_KERNEL),
        PTA_SCMI_CMD.PROCESS_MSG_CHANNEL,
        params(val(GP.VALUE_INPUT, 1), input, output),
      ),
    ).toBe(TEE.SUCCESS);
    expect(output.memref.size).toBe(10);
    expect([...output.memref.data.subarray(0, 10)]).toEqual([0x10, 0, 0, 0, 0, 0, 0, 0, 8, 7]);
    const noMsg = setup(fakeScmiServer({ msg: false })).pta;
    expect(
      noMsg.invoke(
        session(LOGIN.REE_KERNEL),
        PTA_SCMI_CMD.PROCESS_MSG_CHANNEL,
        params(val(GP.VALUE_INPUT, 1), input, output),
      ),
    ).toBe(TEE.ERROR_NOT_SUPPORTED);
  });
});
