import { describe, expect, it } from 'vitest';
import { result, SMC_UNK } from '../../../runtime/core/smc.js';
import { Trace } from '../../../runtime/core/trace.js';
import { El3Monitor } from '../../../runtime/firmware/monitor.js';
import { echoService } from './harness.js';

function monitor() {
  const trace = new Trace(() => 0);
  return { trace, el3: new El3Monitor({ trace }) };
}
const call = (...regs: bigint[]) => ({ conduit: 'smc' as const, regs, cpu: 0, secure: false });

describe('EL3 monitor dispatch', () => {
  it('refuses a service whose (call type, OEN) range overlaps one already registered', () => {
    const { el3, trace } = monitor();
    expect(el3.register(echoService('a', 2, 3, ['fast'])).ok).toBe(true);
    const clash = el3.register(echoService('b', 3, 5, ['fast']));
    expect(clash).toMatchObject({ ok: false, conflictsWith: 'a' });
    expect(el3.register(echoService('c', 3, 5, ['yield'])).ok).toBe(true); // other call type: no overlap
    expect(el3.register(echoService('d', 62, 64, ['fast'])).ok).toBe(false);
    expect(el3.owner('fast', 4)).toBeUndefined(); // a refused service takes no slot at all
    expect(trace.ofKind('diag')).toHaveLength(2);
  });

  it('dispatches by call type and OEN', () => {
    const { el3 } = monitor();
    const fast = echoService('fast', 2, 2, ['fast']);
    const yieldSvc = echoService('yield', 2, 2, ['yield']);
    el3.register(fast);
    el3.register(yieldSvc);
    el3.call(call(0x8200_0001n));
    el3.call(call(0xc200_0002n));
    el3.call(call(0x0200_0003n));
    expect(fast.seen.map((s) => s.fid.raw)).toEqual([0x8200_0001, 0xc200_0002]);
    expect(yieldSvc.seen.map((s) => s.fid.raw)).toEqual([0x0200_0003]);
  });

  it('a fast call with reserved bits 23:17 set is Unknown, without reaching the service', () => {
    const { el3 } = monitor();
    const svc = echoService('sip', 2, 2, ['fast', 'yield']);
    el3.register(svc);
    for (const bit of [17, 20, 23])
      expect(el3.call(call(BigInt(0x8200_0000 | (1 << bit)), 5n)).regs[0]).toBe(SMC_UNK);
    expect(svc.seen).toHaveLength(0);
    el3.call(call(BigInt(0x0200_0000 | (1 << 17)))); // yielding calls are not checked (as TF-A)
    expect(svc.seen).toHaveLength(1);
  });

  it('strips the SVE hint (bit 16) before dispatch and keeps it in the decoded id', () => {
    const { el3 } = monitor();
    const svc = echoService('std', 4, 4, ['fast']);
    el3.register(svc);
    const r = el3.call(call(0x8401_0000n));
    expect(r.regs[0]).toBe(0x8400_0000n);
    expect(svc.seen[0]?.fid).toMatchObject({ raw: 0x8400_0000, number: 0, sveHint: true });
    expect(svc.seen[0]?.call.regs[0]).toBe(0x8400_0000n);
  });

  it('Unknown is 64-bit −1 for an AArch64 caller and 0xFFFFFFFF for an AArch32 caller (§8.1)', () => {
    const { el3 } = monitor();
    const r64 = el3.call(call(0xb200_0000n, 1n, 2n, 3n));
    expect(r64.regs).toEqual([SMC_UNK, 1n, 2n, 3n]); // x1..x3 preserved
    expect(r64.regs[0]).toBe(0xffff_ffff_ffff_ffffn);
    const r32 = el3.call(call(0xb200_0000n), { aarch32: true });
    expect(r32.regs[0]).toBe(0xffff_ffffn);
    // Linux's OPTEE_SMC_RETURN_IS_RPC: (a0 & 0xFFFF0000) == 0xFFFF0000 && a0 != 0xFFFFFFFF
    const isRpc = (a0: bigint) => a0 !== 0xffff_ffffn && (a0 & 0xffff_0000n) === 0xffff_0000n;
    expect([isRpc(r64.regs[0]!), isRpc(r32.regs[0]!)]).toEqual([true, false]);
  });

  it('SMC32 arguments reach the service as 32-bit values; SMC64 arguments whole', () => {
    const { el3 } = monitor();
    const svc = echoService('sip', 2, 2, ['fast']);
    el3.register(svc);
    const big = 0x1234_5678_9abc_def0n;
    expect(el3.call(call(0x8200_0001n, big, big)).regs.slice(1, 3)).toEqual([0x9abc_def0n, 0x9abc_def0n]);
    expect(el3.call(call(0xc200_0001n, big)).regs[1]).toBe(big);
    expect(el3.call(call(0xffff_ffff_8200_0001n)).regs[0]).toBe(0x8200_0001n); // w0 only
  });

  it('an SMC64 id from an AArch32 caller is Unknown', () => {
    const { el3 } = monitor();
    const svc = echoService('sip', 2, 2, ['fast']);
    el3.register(svc);
    expect(el3.call(call(0xc200_0001n), { aarch32: true }).regs[0]).toBe(0xffff_ffffn);
    expect(svc.seen).toHaveLength(0);
  });

  it('result registers the service did not write keep the caller values', () => {
    const { el3 } = monitor();
    el3.register({ name: 'one', oenStart: 7, oenEnd: 7, callTypes: ['fast'], handle: () => result(9) });
    expect(el3.call(call(0x8700_0000n, 4n, 5n, 6n)).regs).toEqual([9n, 4n, 5n, 6n]);
  });

  it('the Trusted OS slot takes only OENs 50-63', () => {
    const { el3 } = monitor();
    expect(el3.registerTrustedOs(echoService('optee', 48, 63, ['fast', 'yield'])).ok).toBe(false);
    expect(el3.registerTrustedOs(echoService('optee', 50, 63, ['fast', 'yield'])).ok).toBe(true);
    expect(el3.call(call(0x3200_0004n)).regs[0]).toBe(0x3200_0004n);
  });

  it('traces every call with conduit, fid, args and results', () => {
    const { el3, trace } = monitor();
    el3.register(echoService('sip', 2, 2, ['fast']));
    el3.call(call(0x8200_0010n, 1n));
    el3.call(call(0x8300_0000n));
    const events = trace.ofKind('smc');
    expect(events.map((e) => e.data)).toEqual([
      {
        conduit: 'smc',
        cpu: 0,
        secure: false,
        fid: '0x82000010',
        service: 'sip',
        args: ['0x1'],
        results: ['0x82000010', '0x1', '0x0', '0x0'],
      },
      {
        conduit: 'smc',
        cpu: 0,
        secure: false,
        fid: '0x83000000',
        service: null,
        args: [],
        results: ['0xffffffffffffffff', '0x0', '0x0', '0x0'],
      },
    ]);
  });
});
