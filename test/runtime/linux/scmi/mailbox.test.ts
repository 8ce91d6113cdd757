import { describe, expect, it } from 'vitest';
import { board, firmwareProfile, msgs, PROTOCOL_NODES, rig, SRAM } from './rig.js';

const scmi = (props: string) => `scmi: scmi {
			compatible = "arm,scmi";
			${props}
			${PROTOCOL_NODES}
		};`;

const mhuChannel = (reply?: { channel: number; doorbell: number }) =>
  firmwareProfile([
    {
      id: 0,
      agent: 1,
      shmem: { base: SRAM, size: 0x80 },
      mailbox: { controller: '/mailbox@2b1f0000', channel: 0, doorbell: 0, ...(reply ? { reply } : {}) },
    },
  ]);

describe('Linux SCMI over arm,scmi with an MHU doorbell', () => {
  it('1/1: one bidirectional channel, completion interrupt on the same channel', () => {
    const r = rig(board(scmi('mboxes = <&mhu 0 0>; shmem = <&tx0>;')), mhuChannel());
    const { probe, consumers } = r.boot();
    expect(probe).toEqual({ kind: 'ok' });
    expect(consumers[0]!.ok).toBe(true);
    expect(msgs(r.trace.events, 'mbox', '/firmware/scmi')[0]).toBe(
      'mbox 0 -> /mailbox@2b1f0000 channel 0 doorbell 0',
    );
    expect(msgs(r.trace.events, 'scmi', '/firmware/scmi')[0]).toBe('mailbox tx channel ready (1/1)');
    // Doorbell → SCP serves after its latency → p2a doorbell → IRQ 68 → completion.
    const first = r.trace.events.findIndex((e) => e.kind === 'mbox' && e.msg === 'a2p doorbell channel 0');
    expect(r.trace.events.slice(first, first + 4).map((e) => `${e.kind}:${e.msg}`)).toEqual([
      'mbox:a2p doorbell channel 0',
      'scmi:base PROTOCOL_VERSION: SUCCESS',
      'mbox:p2a doorbell channel 0',
      'irq:irq 68',
    ]);
    expect(r.scheduler.now).toBeGreaterThan(0);
    expect(r.trace.ofKind('diag')).toEqual([]);
  });

  it('2/1: tx over two unidirectional channels, completion on tx_reply', () => {
    const r = rig(
      board(scmi('mboxes = <&mhu 0 0>, <&mhu 1 0>; mbox-names = "tx", "tx_reply"; shmem = <&tx0>;')),
      mhuChannel({ channel: 1, doorbell: 0 }),
    );
    expect(r.boot().probe).toEqual({ kind: 'ok' });
    expect(msgs(r.trace.events, 'scmi', '/firmware/scmi')[0]).toBe('mailbox tx channel ready (2/1)');
    expect(r.trace.ofKind('irq').some((e) => e.msg === 'irq 67')).toBe(true);
  });

  it('2/2: tx and rx over two bidirectional channels (p2a channel set up)', () => {
    const r = rig(board(scmi('mboxes = <&mhu 0 0>, <&mhu 1 0>; shmem = <&tx0>, <&rx0>;')), mhuChannel());
    expect(r.boot().probe).toEqual({ kind: 'ok' });
    expect(msgs(r.trace.events, 'probe', '/firmware/scmi')).toContain('rx (p2a) channel ready');
  });

  it.each([
    ['3/1', 'mboxes = <&mhu 0 0>, <&mhu 0 1>, <&mhu 0 2>; shmem = <&tx0>;'],
    ['1/2', 'mboxes = <&mhu 0 0>; shmem = <&tx0>, <&rx0>;'],
    ['2/2 same area', 'mboxes = <&mhu 0 0>, <&mhu 1 0>; shmem = <&tx0>, <&tx0>;'],
  ])('rejects the %s layout', (_name, props) => {
    const r = rig(board(scmi(props)), mhuChannel());
    expect(r.boot().probe).toMatchObject({ kind: 'error', errno: '-EINVAL' });
  });

  it('arm,no-completion-irq: the core polls the SMT area; no completion doorbell is rung (flags bit0 clear)', () => {
    const r = rig(board(scmi('mboxes = <&mhu 0 0>; shmem = <&tx0>; arm,no-completion-irq;')), mhuChannel());
    expect(r.boot().probe).toEqual({ kind: 'ok' });
    expect(msgs(r.trace.events, 'mbox').filter((m) => m.startsWith('p2a'))).toEqual([]);
  });

  it('a shmem the server does not use: never answered where Linux looks, Linux times out after 30 ms', () => {
    const r = rig(board(scmi('mboxes = <&mhu 0 0>; shmem = <&tx2>;')), mhuChannel());
    expect(r.checkAgreement()).toHaveLength(1);
    const { probe } = r.boot();
    expect(probe).toMatchObject({ kind: 'error', errno: '-ETIMEDOUT' });
    expect(msgs(r.trace.events, 'scmi', '/firmware/scmi').slice(-1)).toEqual([
      '<- base 0x0: timed out in resp',
    ]);
    const diags = msgs(r.trace.events, 'diag');
    expect(diags[0]).toMatch(
      /\/firmware\/scmi uses shmem \/sram@e000000\/scmi-sram@400 at 0xe000400.*channel 0 at 0xe000000/,
    );
    expect(diags).toContain('channel 0 at 0xe000000: request rejected (not-pending); status FREE|ERROR');
    expect(r.scheduler.now).toBeGreaterThanOrEqual(30_000_000);
  });

  it('the SMC-triggered mailbox (arm,smc-mbox) as the controller: served synchronously', () => {
    const r = rig(
      board(scmi('mboxes = <&smc_mbox 0>; shmem = <&tx0>;')),
      firmwareProfile([{ id: 0, agent: 1, shmem: { base: SRAM, size: 0x80 }, smcId: 0x82002000 }]),
    );
    const { probe, consumers } = r.boot();
    expect(probe).toEqual({ kind: 'ok' });
    expect(consumers[0]!.ok).toBe(true);
    expect(msgs(r.trace.events, 'mbox', '/firmware/mailbox')).toEqual([
      'smc mailbox (2019-v1) via smc',
      'mailbox controller registered',
    ]);
    expect(msgs(r.trace.events, 'smc', '/firmware/mailbox')[0]).toBe('mailbox smc 0x82002000');
  });

  it('is deterministic: two runs give byte-identical traces', () => {
    const run = () => {
      const r = rig(board(scmi('mboxes = <&mhu 0 0>; shmem = <&tx0>;')), mhuChannel());
      r.boot();
      return r.trace.toJsonLines();
    };
    const a = run();
    expect(a.length).toBeGreaterThan(1000);
    expect(run()).toBe(a);
  });
});
