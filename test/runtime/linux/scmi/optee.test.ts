import { describe, expect, it } from 'vitest';
import { directOpteeClient } from '../../../../runtime/transports/direct.js';
import type { OpteeScmiClient } from '../../../../runtime/transports/optee.js';
import { board, firmwareProfile, msgs, PROTOCOL_NODES, rig, SRAM } from './rig.js';

const scmi = (props: string) => `scmi: scmi {
			compatible = "linaro,scmi-optee";
			${props}
			${PROTOCOL_NODES}
		};`;

const profile = firmwareProfile([
  { id: 0, agent: 1, shmem: { base: SRAM, size: 0x80 }, smcId: 0x82002000 },
  { id: 1, agent: 1 },
]);

describe('Linux SCMI over linaro,scmi-optee', () => {
  it('static shmem: SMT + PROCESS_SMT_CHANNEL; the channel becomes PTA-owned (threaded)', () => {
    const r = rig(board(scmi('linaro,optee-channel-id = <0>; shmem = <&tx0>;')), profile);
    const { probe, consumers } = r.boot();
    expect(probe).toEqual({ kind: 'ok' });
    expect(consumers[0]!.ok).toBe(true);
    expect(msgs(r.trace.events, 'scmi', '/firmware/scmi')[0]).toBe('optee channel 0 ready (SMT)');
    expect(r.firmware.channel(0)!.threaded).toBe(true);
    // A SiP fast call on that channel is now refused (§8.11).
    expect(r.firmware.smtEntry(0, 'fastcall')).toBeUndefined();
    expect(r.scheduler.now).toBe(0);
  });

  it('no shmem: MSG + PROCESS_MSG_CHANNEL with a dynamic buffer', () => {
    const r = rig(board(scmi('linaro,optee-channel-id = <1>;')), profile);
    expect(r.boot().probe).toEqual({ kind: 'ok' });
    expect(msgs(r.trace.events, 'scmi', '/firmware/scmi')[0]).toBe('optee channel 1 ready (MSG)');
    expect(r.firmware.server.state.clocks[1]!.enabled).toBe(true);
  });

  it('defers until OP-TEE is up, then probes', () => {
    let up = false;
    const r = rig(board(scmi('linaro,optee-channel-id = <0>; shmem = <&tx0>;')), profile, {
      optee: (fw) => directOpteeClient(fw, () => (up ? { kind: 'ready' } : { kind: 'pending' })),
    });
    expect(r.boot().probe).toEqual({ kind: 'defer', reason: 'OP-TEE SCMI PTA not enumerated yet' });
    expect(r.linux.state).toBe('deferred');
    up = true;
    let again: unknown;
    r.linux.probe((p) => (again = p));
    r.scheduler.run();
    expect(again).toEqual({ kind: 'ok' });
    expect(msgs(r.trace.events, 'probe', '/firmware/scmi').slice(0, 3)).toEqual([
      'probe via optee transport',
      'deferred: OP-TEE SCMI PTA not enumerated yet',
      'probe via optee transport',
    ]);
  });

  it('defers forever when OP-TEE is disabled, and says so once', () => {
    const unavailable: OpteeScmiClient['state'] = () => ({
      kind: 'unavailable',
      why: '/firmware/optee is disabled',
    });
    const r = rig(board(scmi('linaro,optee-channel-id = <0>; shmem = <&tx0>;')), profile, {
      optee: (fw) => directOpteeClient(fw, unavailable),
    });
    expect(r.boot().probe?.kind).toBe('defer');
    r.linux.probe();
    r.scheduler.run();
    expect(msgs(r.trace.events, 'diag')).toEqual([
      '/firmware/scmi will stay deferred forever: OP-TEE will not come up: /firmware/optee is disabled',
    ]);
    expect(r.boot().consumers).toEqual([]);
  });

  it('an unknown channel id fails GET_CHANNEL', () => {
    const r = rig(board(scmi('linaro,optee-channel-id = <7>;')), profile);
    expect(r.boot().probe).toMatchObject({ kind: 'error', errno: '-EOPNOTSUPP' });
  });
});
