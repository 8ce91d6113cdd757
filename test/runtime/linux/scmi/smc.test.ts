import { describe, expect, it } from 'vitest';
import { board, firmwareProfile, msgs, PROTOCOL_NODES, rig, SRAM } from './rig.js';

const SMC_SCMI = `scmi: scmi {
			compatible = "arm,scmi-smc";
			arm,smc-id = <0x82002000>;
			shmem = <&tx0>;
			${PROTOCOL_NODES}
		};`;

const profile = firmwareProfile([{ id: 0, agent: 1, shmem: { base: SRAM, size: 0x80 }, smcId: 0x82002000 }]);

describe('Linux SCMI over arm,scmi-smc', () => {
  it('probes, discovers, initialises only offered protocols, drives the consumer (trace step by step)', () => {
    const r = rig(board(SMC_SCMI), profile);
    const { probe, consumers } = r.boot();
    expect(probe).toEqual({ kind: 'ok' });
    expect(consumers).toEqual([{ node: '/gpu@2d000000', ok: true, errors: [] }]);
    expect(msgs(r.trace.events, 'probe', '/firmware/scmi')).toEqual([
      'probe via smc transport',
      'channel /firmware/scmi ready (polling)',
      "SCMI Protocol v2.0 'Linaro:dtpc' Firmware version 0x0",
      'SCMI protocol 0x18 (powercap) not implemented; /firmware/scmi/protocol@18 skipped',
      'probed',
    ]);
    expect(
      msgs(r.trace.events, 'probe').filter((m) => m.startsWith('SCMI ') && m.includes('resource')),
    ).toEqual([
      'SCMI power-domain v2.0: 1 resource(s)',
      'SCMI clock v2.0: 2 resource(s)',
      'SCMI reset v1.0: 1 resource(s)',
    ]);
    // Base discovery in Linux's order.
    expect(
      msgs(r.trace.events, 'scmi', '/firmware/scmi')
        .filter((m) => m.startsWith('->'))
        .slice(0, 8),
    ).toEqual([
      '-> base 0x0',
      '-> base 0x1',
      '-> base 0x3',
      '-> base 0x4',
      '-> base 0x5',
      '-> base 0x6',
      '-> base 0x7',
      '-> power-domain 0x0',
    ]);
    expect(msgs(r.trace.events, 'device', '/gpu@2d000000')).toEqual([
      'clock 1 (ck_gpu) rate set to 32000000',
      'power domain 0 (pd_gpu) on',
      'clock 1 (ck_gpu) enabled at 32000000 Hz',
      'reset 0 (rst_gpu) asserted',
      'reset 0 (rst_gpu) deasserted',
    ]);
    expect(r.firmware.server.state.clocks[1]).toMatchObject({ rate: 32_000_000, enabled: true });
    expect(r.firmware.server.state.powerDomains[0]!.on).toBe(true);
    expect(r.firmware.server.state.resets[0]!.asserted).toBe(false);
    expect(r.trace.ofKind('diag')).toEqual([]);
    expect(r.scheduler.now).toBe(0);
  });

  it('an arm,smc-id TF-A does not serve: SMC returns Unknown, transport error, probe fails', () => {
    const dts = board(SMC_SCMI.replace('0x82002000', '0x82002010'));
    const r = rig(dts, profile);
    const { probe } = r.boot();
    expect(probe).toMatchObject({ kind: 'error', errno: '-EOPNOTSUPP' });
    expect(r.trace.ofKind('smc')[0]!.data).toEqual({ a0: '0xffffffffffffffff' });
    expect(msgs(r.trace.events, 'diag')).toEqual([
      'SMC 0x82002010 returned 0xffffffffffffffff: transport error -EOPNOTSUPP',
    ]);
  });

  it('waits for the a2p completion interrupt when the node has one', () => {
    const dts = board(
      SMC_SCMI.replace('shmem = <&tx0>;', 'shmem = <&tx0>; interrupts = <0 5 1>; interrupt-names = "a2p";'),
    );
    const r = rig(
      dts,
      firmwareProfile([
        { id: 0, agent: 1, shmem: { base: SRAM, size: 0x80 }, smcId: 0x82002000, completionIntid: 37 },
      ]),
      { a2p: { 0: 37 } },
    );
    const { probe, consumers } = r.boot();
    expect(probe).toEqual({ kind: 'ok' });
    expect(consumers[0]!.ok).toBe(true);
    expect(msgs(r.trace.events, 'probe', '/firmware/scmi')[1]).toBe('channel /firmware/scmi ready');
    expect(r.trace.ofKind('irq').some((e) => e.msg === 'irq 37')).toBe(true);
    expect(r.scheduler.now).toBeGreaterThan(0);
  });

  it('arm,scmi-smc-param passes page/offset in a1/a2; the server picks the area by them', () => {
    const dts = board(SMC_SCMI.replace('"arm,scmi-smc"', '"arm,scmi-smc-param"').replace('<&tx0>', '<&tx1>'));
    const channels = [
      { id: 0, agent: 1, shmem: { base: SRAM, size: 0x80 }, smcId: 0x82002000 },
      { id: 1, agent: 1, shmem: { base: SRAM + 0x200n, size: 0x80 }, smcId: 0x82002000 },
    ];
    const r = rig(dts, firmwareProfile(channels));
    expect(r.boot().probe).toEqual({ kind: 'ok' });
    const served = r.trace.ofKind('scmi').filter((e) => e.src === 'scmi-server');
    expect(new Set(served.map((e) => e.data?.channel))).toEqual(new Set([1]));
  });

  it('the shmem address the server does not use: Linux reads back its own request; a diag names both', () => {
    const dts = board(SMC_SCMI.replace('<&tx0>', '<&tx2>'));
    const r = rig(dts, profile);
    expect(r.checkAgreement()).toEqual([
      { node: '/firmware/scmi', channel: 0, dtAddress: SRAM + 0x400n, profileAddress: SRAM },
    ]);
    const { probe } = r.boot();
    // Synchronous completion: no timeout, Linux takes its own request as the answer (version 0, no protocols).
    expect(probe).toEqual({ kind: 'ok' });
    expect(r.linux.base).toMatchObject({ version: 0, protocols: [] });
    const diags = msgs(r.trace.events, 'diag');
    expect(diags[0]).toMatch(/\/firmware\/scmi uses shmem .*0xe000400.*channel 0 at 0xe000000/);
    expect(diags.some((d) => /channel 0 at 0xe000000: request rejected \(not-pending\)/.test(d))).toBe(true);
  });
});
