import { describe, expect, it } from 'vitest';
import type { Optee } from '../../../runtime/linux/optee/driver.js';
import { PTA_SCMI_UUID } from '../../../runtime/optee/pta-scmi.js';
import { RESERVED_SHM } from '../optee/fakes.js';
import { linuxPlatform, NODE_PATH, opteeNode } from './platform.js';

const steps = (p: ReturnType<typeof linuxPlatform>) =>
  p.trace
    .ofKind('probe')
    .filter((e) => e.src === NODE_PATH)
    .map((e) => (e.data?.step !== undefined ? `${e.data.step} ${e.msg}` : e.msg));

describe('Linux optee_probe', () => {
  it('runs the steps of smc_abi.c optee_probe in order (§2.7)', () => {
    const p = linuxPlatform();
    p.core.addDevice(opteeNode());
    expect(p.core.state(NODE_PATH)).toBe('bound');
    expect(steps(p)).toEqual([
      'probe',
      '1 invoke func',
      '3 calls uid',
      '4 revision 4.10',
      '5 api revision',
      '6 thread count',
      '7 exchange capabilities',
      '8 dynamic shared memory enabled',
      '9 tee devices registered',
      '10 notif init',
      '11 notif irq',
      '11 Asynchronous notifications enabled',
      '12 shm cache',
      '13 enumerate devices',
      'bound',
    ]);
    // The SMCs up to the first yielding call, in order.
    expect(p.monitor.fids.slice(0, 8)).toEqual([
      '0xbf00ff01',
      '0xb2000001',
      '0xbf00ff03',
      '0xb200000f',
      '0xb2000009',
      '0xb2000010',
      '0xb200000a',
      '0x32000012', // CALL_WITH_RPC_ARG: OP-TEE offers RPC_ARG, so no ENABLE_SHM_CACHE
    ]);
    const optee = p.core.bound<Optee>(NODE_PATH)!;
    expect(optee).toMatchObject({ maxNotifValue: 66, rpcParamCount: 4, threadCount: 2, notifIntid: 219 });
    expect(p.gic.config.get(219)).toMatchObject({ enabled: true, group: 'g1ns', trigger: 'edge' });
    expect(p.os.notif.started).toBe(true);
    expect(p.os.openSessions).toEqual([]);
  });

  it('uses the reserved shared memory and enables the shm cache with an older OP-TEE (no RPC_ARG, no async notif)', () => {
    const p = linuxPlatform({
      revision: { major: 3, minor: 15, buildId: 0 },
      capabilities: { memrefNull: true, rpcArg: false, rpmbProbe: false },
      asyncNotif: { enabled: false, intid: 0 },
      shm: { reserved: RESERVED_SHM, dynamic: false },
    });
    p.core.addDevice(opteeNode({ interrupts: [] }));
    expect(steps(p)).toContain('8 reserved shared memory');
    expect(steps(p)).not.toContain('11 notif irq');
    expect(p.monitor.fids).toContain('0xb2000007'); // GET_SHM_CONFIG
    expect(p.monitor.fids).toContain('0xb200000b'); // ENABLE_SHM_CACHE
    expect(p.monitor.fids).toContain('0x32000004'); // CALL_WITH_ARG
    expect(p.core.bound<Optee>(NODE_PATH)!.maxNotifValue).toBe(255);
  });

  it('fails as Linux does when firmware offers async notifications and the node has no interrupts (§8.3)', () => {
    const p = linuxPlatform();
    p.core.addDevice(opteeNode({ interrupts: [] }));
    expect(p.core.state(NODE_PATH)).toBe('failed');
    expect(p.core.why(NODE_PATH)).toEqual({ reason: 'platform_get_irq: ret -6', errno: -6 });
    expect(steps(p).slice(-2)).toEqual(['11 platform_get_irq: ret -6', 'failed']);
    const diag = p.trace.ofKind('diag').find((e) => e.src === NODE_PATH)!;
    expect(diag.data).toMatchObject({
      node: NODE_PATH,
      property: 'interrupts',
      setting: expect.stringContaining('asyncNotif.enabled'),
    });
    expect(p.monitor.fids).not.toContain('0xb2000010');
  });

  it('fails on the conduit: missing method -ENXIO, unknown method -EINVAL, and hvc uses the hvc conduit', () => {
    const a = linuxPlatform();
    a.core.addDevice(opteeNode({ method: undefined }));
    expect(a.core.why(NODE_PATH)?.errno).toBe(-6);
    const b = linuxPlatform();
    b.core.addDevice(opteeNode({ method: 'svc' }));
    expect(b.core.why(NODE_PATH)?.errno).toBe(-22);
    const c = linuxPlatform();
    c.core.addDevice(opteeNode({ method: 'hvc' }));
    expect(c.core.state(NODE_PATH)).toBe('bound');
    expect(c.monitor.calls).toHaveLength(0);
  });

  it('fails with "api uid mismatch" when the firmware byte-swaps the UID words (§8.2)', () => {
    const p = linuxPlatform();
    const real = p.os.handle.bind(p.os);
    p.os.handle = (fid, call) => {
      const r = real(fid, call);
      if (fid.raw !== 0xbf00ff01) return r;
      const swap = (w: bigint) =>
        BigInt(Buffer.from(w.toString(16).padStart(8, '0'), 'hex').reverse().readUInt32BE(0));
      return { regs: r.regs.map(swap) };
    };
    p.core.addDevice(opteeNode());
    expect(p.core.why(NODE_PATH)).toEqual({ reason: 'api uid mismatch', errno: -22 });
  });

  it('registers tee-bus devices for the PTAs the device PTA lists', () => {
    const p = linuxPlatform();
    p.os.ptas.register({ uuid: PTA_SCMI_UUID, name: 'PTA-SCMI', deviceEnum: true, invoke: () => 0 });
    const seen: string[] = [];
    p.core.addDriver({
      name: 'scmi-optee',
      compatible: [`optee-ta-${PTA_SCMI_UUID}`],
      probe: (d) => {
        seen.push(d.path);
        return { kind: 'ok', value: true };
      },
    });
    p.core.addDevice(opteeNode());
    expect(p.core.bound<Optee>(NODE_PATH)!.taDevices).toEqual([PTA_SCMI_UUID]);
    expect(seen).toEqual([`optee-ta-${PTA_SCMI_UUID}`]);
  });
});
