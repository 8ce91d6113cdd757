import { describe, expect, it } from 'vitest';
import { result, SMC_UNK } from '../../../runtime/core/smc.js';
import { platform } from './harness.js';

const SCMI_A2P = 0x8200_0010;

describe('SiP / OEM services from the firmware profile', () => {
  it('a served id bound to a handler runs it (the SCMI-over-SMC doorbell)', () => {
    const { smc, sip } = platform({ sip: { calls: [{ fid: '0x82000010', name: 'scmi-a2p' }] } });
    const rung: number[] = [];
    expect(
      sip?.bind(SCMI_A2P, 'scmi channel 0', (call) => {
        rung.push(call.cpu);
        return result(0);
      }),
    ).toEqual({ ok: true });
    expect(smc.invoke([SCMI_A2P], 2).regs[0]).toBe(0n);
    expect(rung).toEqual([2]);
  });

  it('an id the profile does not serve cannot be bound and answers Unknown', () => {
    const { smc, sip, trace } = platform({ sip: { calls: [{ fid: SCMI_A2P }] } });
    expect(sip?.bind(0x8200_0011, 'scmi channel 1', () => result(0)).ok).toBe(false);
    expect(smc.invoke([0x8200_0011]).regs[0]).toBe(SMC_UNK);
    expect(trace.ofKind('diag')).toHaveLength(1);
  });

  it('a served id nobody bound answers Unknown with a diag', () => {
    const { smc, trace } = platform({ sip: { calls: [{ fid: SCMI_A2P }] } });
    expect(smc.invoke([SCMI_A2P]).regs[0]).toBe(SMC_UNK);
    expect(trace.ofKind('diag')).toHaveLength(1);
  });

  it('an id binds once', () => {
    const { sip } = platform({ sip: { calls: [{ fid: SCMI_A2P }] } });
    sip?.bind(SCMI_A2P, 'a', () => result(0));
    expect(sip?.bind(SCMI_A2P, 'b', () => result(0))).toMatchObject({ ok: false, conflictsWith: 'a' });
  });

  it('profile ids of another OEN are not served', () => {
    const { sip } = platform({ sip: { calls: [{ fid: 0x8300_0001 }, { fid: SCMI_A2P }] } });
    expect(sip?.served).toEqual([SCMI_A2P]);
    expect(sip?.rejected).toEqual([{ fid: 0x8300_0001 }]);
  });

  it('general queries: call count, UID and revision when configured', () => {
    const { smc } = platform({
      sip: { calls: [{ fid: SCMI_A2P }], uid: [1, 2, 3, 4], revision: { major: 0, minor: 1 } },
    });
    expect(smc.invoke([0x8200_ff00]).regs[0]).toBe(1n);
    expect(smc.invoke([0x8200_ff01]).regs).toEqual([1n, 2n, 3n, 4n]);
    expect(smc.invoke([0x8200_ff03]).regs.slice(0, 2)).toEqual([0n, 1n]);
  });

  it('OEM ids live in OEN 3', () => {
    const { smc, oem } = platform({ oem: { calls: [{ fid: 0x8300_0001 }] } });
    oem?.bind(0x8300_0001, 'oem', () => result(7));
    expect(smc.invoke([0x8300_0001]).regs[0]).toBe(7n);
  });
});
