import { describe, expect, it } from 'vitest';
import { type TeeResult, value } from '../../../runtime/linux/optee/client.js';
import type { Optee } from '../../../runtime/linux/optee/driver.js';
import { LOGIN, TEE } from '../../../runtime/optee/abi.js';
import type { OpteeConfig } from '../../../runtime/optee/config.js';
import type { PseudoTa, SecureRpc } from '../../../runtime/optee/pta.js';
import { linuxPlatform, NODE_PATH, opteeNode } from './platform.js';

const WAIT_UUID = '11111111-2222-3333-4444-555555555555';
/** Command 0 waits (RPC NOTIFICATION WAIT) for the value in params[0].a, with timeout params[0].b ms. */
const waitingPta: PseudoTa = {
  uuid: WAIT_UUID,
  name: 'wait.pta',
  deviceEnum: false,
  *invoke(_s, _cmd, params): Generator<SecureRpc, number, number> {
    return yield { kind: 'notif-wait', value: params[0]!.a, timeoutMs: params[0]!.b };
  },
};

function booted(config: Partial<OpteeConfig> = {}, dtIntid = 219) {
  const p = linuxPlatform(config);
  p.os.ptas.register(waitingPta);
  p.core.addDevice(opteeNode({ interrupts: [{ intid: dtIntid, type: 'spi', trigger: 'edge' }] }));
  const optee = p.core.bound<Optee>(NODE_PATH)!;
  const session = optee.client.openSession(WAIT_UUID, LOGIN.REE_KERNEL)!.session;
  /** Starts a secure wait on `key`; the result arrives through the returned box. */
  const wait = (key: number, timeoutMs = 0) => {
    const box: { result?: TeeResult } = {};
    const now = optee.client.invoke(session, 0, [value('in', BigInt(key), BigInt(timeoutMs))], (r) => {
      box.result = r;
    });
    if (now) box.result = now;
    return box;
  };
  return { ...p, optee, wait };
}

describe('OP-TEE notifications through Linux', () => {
  it('runs exactly one DO_BOTTOM_HALF for a burst of value-0 notifications (§8.4)', () => {
    const p = booted();
    for (let i = 0; i < 3; i++) p.os.notif.sendAsync(0);
    p.scheduler.run();
    expect(p.irqs.handled).toBe(1);
    expect(p.optee.bottomHalves()).toBe(1);
    expect(p.os.notif.bottomHalves).toBe(1);
    // A later burst is another IRQ and another bottom half.
    p.os.notif.sendAsync(0);
    p.scheduler.run();
    expect([p.irqs.handled, p.os.notif.bottomHalves]).toEqual([2, 2]);
    expect(p.trace.ofKind('diag')).toEqual([]);
  });

  it('wakes a secure thread waiting on a value, and latches a value nobody waits for', () => {
    const p = booted();
    const w = p.wait(5);
    expect(w.result).toBeUndefined();
    expect(p.os.busyThreads).toBe(1);
    p.os.notif.sendAsync(5);
    p.os.notif.sendAsync(0);
    p.scheduler.run();
    expect(w.result).toMatchObject({ rc: 0, ret: TEE.SUCCESS });
    expect(p.os.notif.bottomHalves).toBe(1);
    expect(p.os.busyThreads).toBe(0);
    p.os.notif.sendAsync(7);
    p.scheduler.run();
    expect(p.optee.notif.isLatched(7)).toBe(true);
    const later = p.wait(7); // returns at once: the key was latched
    expect(later.result).toMatchObject({ ret: TEE.SUCCESS });
  });

  it('never delivers when the tree names another INTID than the profile pends, and says why', () => {
    const p = booted({}, 47);
    const w = p.wait(5, 50);
    p.os.notif.sendAsync(5);
    p.scheduler.run();
    expect(p.irqs.handled).toBe(0);
    expect(p.gic.pends).toEqual([219]);
    expect(p.optee.notifIntid).toBe(47);
    expect(w.result).toMatchObject({ ret: TEE.ERROR_TIMEOUT });
    const diag = p.trace.ofKind('diag');
    expect(diag.map((e) => e.data)).toEqual([expect.objectContaining({ intid: 219, pending: [5] })]);
  });

  it('queues callers when every secure thread is busy and resumes them as threads free up', () => {
    const p = booted({ threads: 2 });
    const a = p.wait(1);
    const b = p.wait(2);
    const c = p.wait(3);
    expect(p.optee.calls.queued).toBe(1);
    expect(p.trace.ofKind('optee').some((e) => e.msg === 'thread limit')).toBe(true);
    p.os.notif.sendAsync(2);
    p.scheduler.run();
    expect([a.result, b.result?.ret, c.result]).toEqual([undefined, TEE.SUCCESS, undefined]);
    expect(p.optee.calls.queued).toBe(0); // c got the freed thread and now waits on 3
    p.os.notif.sendAsync(3);
    p.os.notif.sendAsync(1);
    p.scheduler.run();
    expect([a.result?.ret, c.result?.ret]).toEqual([TEE.SUCCESS, TEE.SUCCESS]);
    expect(p.os.busyThreads).toBe(0);
  });

  it('keys above max_notif_value are refused (EBUSY for a second waiter on a key)', () => {
    const p = booted();
    expect(p.optee.notif.wait(67, 0, () => {})).toBe(-22);
    expect(p.optee.notif.wait(9, 0, () => {})).toBe('waiting');
    expect(p.optee.notif.wait(9, 0, () => {})).toBe(-16);
    expect(p.optee.notif.send(300)).toBe(-22);
  });

  it('stops notifications on remove (STOP_ASYNC_NOTIF, IRQ freed)', () => {
    const p = booted();
    p.optee.remove();
    expect(p.os.notif.started).toBe(false);
    expect(p.gic.config.get(219)?.enabled).toBe(false);
  });

  it('is deterministic: the same scenario gives the same trace, byte for byte', () => {
    const run = () => {
      const p = booted();
      p.wait(4);
      p.wait(9, 20);
      for (const v of [4, 0, 0]) p.os.notif.sendAsync(v);
      p.scheduler.run();
      return p.trace.toJsonLines();
    };
    const first = run();
    expect(first.length).toBeGreaterThan(1000);
    expect(run()).toBe(first);
  });
});
