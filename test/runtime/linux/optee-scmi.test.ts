import { describe, expect, it } from 'vitest';
import { opteeScmiPtaClient } from '../../../runtime/linux/optee/scmi-client.js';
import { LOGIN, TEE } from '../../../runtime/optee/abi.js';
import { PTA_SCMI_CAPS, scmiPta } from '../../../runtime/optee/pta-scmi.js';
import { DRAM_BASE, fakeScmiServer } from '../optee/fakes.js';
import { linuxPlatform, NODE_PATH, opteeNode } from './platform.js';

const SMT = DRAM_BASE + 0x30_0000n;

function withScmi(interrupts = true) {
  const p = linuxPlatform();
  const server = fakeScmiServer({ smtBuffer: (id) => (id === 0 ? { base: SMT, size: 128 } : undefined) });
  const pta = scmiPta(server, p.memory, p.trace, NODE_PATH);
  p.os.ptas.register(pta);
  const client = opteeScmiPtaClient(p.core, NODE_PATH);
  return { ...p, server, pta, client, interrupts };
}

describe('SCMI over OP-TEE, Linux side', () => {
  it('reports pending before the probe, unavailable after a failed probe or without the PTA, else ready', () => {
    const a = withScmi();
    expect(a.client.state()).toEqual({ kind: 'pending' });
    a.core.addDevice(opteeNode());
    expect(a.client.state()).toEqual({ kind: 'ready' });
    const b = withScmi();
    b.core.addDevice(opteeNode({ interrupts: [] }));
    expect(b.client.state()).toMatchObject({
      kind: 'unavailable',
      why: expect.stringContaining('platform_get_irq'),
    });
    const c = linuxPlatform();
    c.core.addDevice(opteeNode());
    expect(opteeScmiPtaClient(c.core, NODE_PATH).state()).toMatchObject({ kind: 'unavailable' });
    expect(opteeScmiPtaClient(c.core, undefined).state()).toMatchObject({ kind: 'unavailable' });
  });

  it('opens REE_KERNEL sessions, gets channels, and runs SMT and MSG messages through the PTA', () => {
    const p = withScmi();
    p.core.addDevice(opteeNode());
    const public_ = p.client.openSession(LOGIN.PUBLIC);
    expect(public_.ret).toBe(TEE.ERROR_ACCESS_DENIED);
    const { ret, session } = p.client.openSession(LOGIN.REE_KERNEL);
    expect(ret).toBe(TEE.SUCCESS);
    expect(p.client.capabilities(session)).toEqual({ ret: TEE.SUCCESS, caps: 3 });
    expect(p.client.getChannel(session, 0, PTA_SCMI_CAPS.SMT_HEADER)).toEqual({
      ret: TEE.SUCCESS,
      handle: 0,
    });
    expect(p.pta.isThreaded(0)).toBe(true);

    // SMT: the agent writes the static area, OP-TEE answers in place.
    const b = new Uint8Array(128);
    const v = new DataView(b.buffer);
    v.setUint32(0x14, 6, true);
    v.setUint32(0x18, 0x10, true);
    b.set([5, 6], 0x1c);
    p.memory.write(SMT, b);
    expect(p.client.processSmtChannel(session, 0)).toBe(TEE.SUCCESS);
    expect(p.memory.readU32(SMT + 4n)).toBe(1);
    expect(p.memory.readU32(SMT + 0x20n)).toBe(0x0506);

    // MSG: a registered dynamic buffer, PROCESS_MSG_CHANNEL.
    const s2 = p.client.openSession(LOGIN.REE_KERNEL).session;
    expect(p.client.getChannel(s2, 1, PTA_SCMI_CAPS.MSG_HEADER).ret).toBe(TEE.SUCCESS);
    const r = p.client.processMsgChannel(s2, 1, Uint8Array.of(0x10, 0, 0, 0, 1, 2, 3), 112);
    expect(r.ret).toBe(TEE.SUCCESS);
    expect([...r.response!]).toEqual([0x10, 0, 0, 0, 0, 0, 0, 0, 3, 2, 1]);
    expect(p.os.shm.count).toBe(1); // the channel's buffer stays registered
    expect(p.server.seen.map((m) => m[0])).toEqual([0, 1]);
  });
});
