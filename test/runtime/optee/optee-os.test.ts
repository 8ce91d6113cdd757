import { describe, expect, it } from 'vitest';
import {
  ASYNC_NOTIF_PENDING,
  ASYNC_NOTIF_VALID,
  LOGIN,
  MSG_ATTR,
  MSG_CMD,
  OPTEE_RET,
  OPTEE_RPC,
  OPTEE_SMC,
  ORIGIN,
  regPair,
  SEC_CAP,
  TEE,
  uuidToOctets,
} from '../../../runtime/optee/abi.js';
import {
  type MsgArg,
  type MsgParam,
  newMsgArg,
  octetsToValue,
  readMsgArg,
  writeMsgArg,
} from '../../../runtime/optee/msg-arg.js';
import type { PseudoTa, SecureRpc } from '../../../runtime/optee/pta.js';
import { DRAM_BASE, RESERVED_SHM, SECURE_BASE, secureWorld } from './fakes.js';

const PAGE = 0x1000n;
const ARG = DRAM_BASE + 0x10_0000n;

function regs(w: ReturnType<typeof secureWorld>, ...r: (number | bigint)[]): bigint[] {
  return w.monitor.invoke(r).regs;
}

function callWithArg(
  w: ReturnType<typeof secureWorld>,
  arg: MsgArg,
  at = ARG,
  fid: number = OPTEE_SMC.CALL_WITH_ARG,
) {
  writeMsgArg(w.memory, at, arg);
  const [hi, lo] = regPair(at);
  const r = regs(w, fid, hi, lo);
  const back = readMsgArg(w.memory, at, arg.params.length);
  if ('fault' in back) throw new Error('arg unreadable');
  return { a0: r[0]!, r, arg: back };
}

function openArg(uuid: string, login: number): MsgArg {
  const ta = octetsToValue(uuidToOctets(uuid)!);
  const meta: MsgParam[] = [
    { attr: MSG_ATTR.META | MSG_ATTR.VALUE_INPUT, a: ta.a, b: ta.b, c: 0n },
    { attr: MSG_ATTR.META | MSG_ATTR.VALUE_INPUT, a: 0n, b: 0n, c: BigInt(login) },
  ];
  return newMsgArg(MSG_CMD.OPEN_SESSION, meta);
}

/** A PTA whose command 0 waits for notification value `a` (an RPC), then returns SUCCESS. */
const WAIT_UUID = '11111111-2222-3333-4444-555555555555';
function waitingPta(): PseudoTa {
  return {
    uuid: WAIT_UUID,
    name: 'wait.pta',
    deviceEnum: false,
    *invoke(_s, _cmd, params): Generator<SecureRpc, number, number> {
      const ret = yield { kind: 'notif-wait', value: params[0]!.a, timeoutMs: 0 };
      return ret;
    },
  };
}

describe('OP-TEE fast calls', () => {
  it('returns the UIDs as OP-TEE words, not byte-swapped (§8.2)', () => {
    const w = secureWorld();
    expect(regs(w, OPTEE_SMC.CALLS_UID)).toEqual([0x384fb3e0n, 0xe7f811e3n, 0xaf630002n, 0xa5d5c51bn]);
    expect(regs(w, OPTEE_SMC.GET_OS_UUID)).toEqual([0x486178e0n, 0xe7f811e3n, 0xbc5e0002n, 0xa5d5c51bn]);
    expect(regs(w, OPTEE_SMC.CALLS_REVISION)).toEqual([2n, 0n]);
    expect(regs(w, OPTEE_SMC.GET_OS_REVISION)).toEqual([4n, 10n, 0n]);
    expect(regs(w, OPTEE_SMC.GET_THREAD_COUNT)).toEqual([0n, 2n]);
  });

  it('offers ASYNC_NOTIF with max_notif_value = 64 + threads (§8.6)', () => {
    for (const threads of [2, 8]) {
      const w = secureWorld({ threads });
      const r = regs(w, OPTEE_SMC.EXCHANGE_CAPABILITIES, 0);
      expect(r[0]).toBe(0n);
      expect(Number(r[1]) & SEC_CAP.ASYNC_NOTIF).toBeTruthy();
      expect(r[2]).toBe(BigInt(64 + threads));
      expect(r[3]).toBe(4n);
    }
    const off = secureWorld({ asyncNotif: { enabled: false, intid: 0 } });
    const r = regs(off, OPTEE_SMC.EXCHANGE_CAPABILITIES, 1);
    expect(Number(r[1]) & SEC_CAP.ASYNC_NOTIF).toBe(0);
    expect(r[2]).toBe(0n);
  });

  it('refuses unknown normal-world capability bits with ENOTAVAIL', () => {
    expect(regs(secureWorld(), OPTEE_SMC.EXCHANGE_CAPABILITIES, 2)[0]).toBe(BigInt(OPTEE_RET.ENOTAVAIL));
  });

  it('reports reserved shared memory, or ENOTAVAIL without it', () => {
    const w = secureWorld({ shm: { reserved: RESERVED_SHM, dynamic: false } });
    expect(regs(w, OPTEE_SMC.GET_SHM_CONFIG)).toEqual([0n, RESERVED_SHM.base, BigInt(RESERVED_SHM.size), 1n]);
    expect(regs(secureWorld(), OPTEE_SMC.GET_SHM_CONFIG)[0]).toBe(BigInt(OPTEE_RET.ENOTAVAIL));
  });

  it('answers unknown functions with the 32-bit UNKNOWN, not TF-A 64-bit -1', () => {
    const w = secureWorld();
    expect(regs(w, 0xb200_00ff)).toEqual([0xffff_ffffn]);
    expect(regs(w, 0xf200_0000)).toEqual([0xffff_ffffn]); // SMC64 GET_OS_UUID is not OP-TEE's
  });

  it('answers ENABLE/GET_ASYNC_NOTIF with UNKNOWN and cmd 6/7 with EBADCMD when async notif is off', () => {
    const w = secureWorld({ asyncNotif: { enabled: false, intid: 0 } });
    expect(regs(w, OPTEE_SMC.ENABLE_ASYNC_NOTIF)[0]).toBe(0xffff_ffffn);
    expect(regs(w, OPTEE_SMC.GET_ASYNC_NOTIF_VALUE)[0]).toBe(0xffff_ffffn);
    expect(callWithArg(w, newMsgArg(MSG_CMD.DO_BOTTOM_HALF)).a0).toBe(BigInt(OPTEE_RET.EBADCMD));
    expect(callWithArg(w, newMsgArg(MSG_CMD.STOP_ASYNC_NOTIF)).a0).toBe(BigInt(OPTEE_RET.EBADCMD));
  });
});

describe('OP-TEE async notifications', () => {
  it('pops the lowest pending value first; PENDING is computed after the pop (§8.4)', () => {
    const w = secureWorld();
    for (const v of [5, 0, 3, 0]) w.os.notif.sendAsync(v);
    expect(w.gic.pends).toEqual([219, 219, 219, 219]);
    const pop = () => {
      const r = regs(w, OPTEE_SMC.GET_ASYNC_NOTIF_VALUE);
      return [Number(r[1]), Number(r[2])];
    };
    const both = ASYNC_NOTIF_VALID | ASYNC_NOTIF_PENDING;
    expect([pop(), pop(), pop(), pop()]).toEqual([
      [0, both],
      [3, both],
      [5, ASYNC_NOTIF_VALID],
      [0, 0],
    ]);
  });

  it('starts once (idempotent) and delivers bottom halves and STOPPED to secure drivers', () => {
    const w = secureWorld();
    const events: string[] = [];
    w.os.notif.registerDriver({
      name: 'console',
      atomic: (e) => events.push(e),
      yielding: (e) => events.push(e),
    });
    expect(regs(w, OPTEE_SMC.ENABLE_ASYNC_NOTIF)[0]).toBe(0n);
    regs(w, OPTEE_SMC.ENABLE_ASYNC_NOTIF);
    expect(callWithArg(w, newMsgArg(MSG_CMD.DO_BOTTOM_HALF), DRAM_BASE + PAGE).a0).toBe(0n);
    expect(callWithArg(w, newMsgArg(MSG_CMD.STOP_ASYNC_NOTIF), DRAM_BASE + PAGE).a0).toBe(0n);
    expect(events).toEqual(['started', 'do-bottom-half', 'stopped']);
  });

  it('reports values nobody fetched (the interrupt reached no handler)', () => {
    const w = secureWorld();
    w.os.notif.sendAsync(0);
    w.scheduler.run();
    const diag = w.trace.ofKind('diag');
    expect(diag).toHaveLength(1);
    expect(diag[0]!.data).toMatchObject({ intid: 219, pending: [0] });
  });

  it('drops out-of-range values with a diagnostic instead of throwing', () => {
    const w = secureWorld();
    w.os.notif.sendAsync(64);
    expect(w.gic.pends).toEqual([]);
    expect(w.trace.ofKind('diag')).toHaveLength(1);
  });
});

describe('OP-TEE yielding calls', () => {
  it('answers EBADADDR for unmapped, secure, unaligned and oversized arguments', () => {
    const w = secureWorld();
    const bad = (at: bigint, fid: number = OPTEE_SMC.CALL_WITH_ARG) => {
      const [hi, lo] = regPair(at);
      return regs(w, fid, hi, lo)[0];
    };
    expect(bad(0x1000n)).toBe(BigInt(OPTEE_RET.EBADADDR));
    expect(bad(SECURE_BASE)).toBe(BigInt(OPTEE_RET.EBADADDR));
    expect(bad(ARG + 8n)).toBe(BigInt(OPTEE_RET.EBADADDR)); // dynamic path wants a page
    const big = newMsgArg(MSG_CMD.INVOKE_COMMAND);
    big.numParams = 128;
    writeMsgArg(w.memory, ARG, big);
    expect(bad(ARG)).toBe(BigInt(OPTEE_RET.EBADADDR));
    const fits = newMsgArg(MSG_CMD.INVOKE_COMMAND);
    fits.numParams = 127; // 32 + 127*32 = 4096 fills the page exactly...
    writeMsgArg(w.memory, ARG, fits);
    expect(bad(ARG)).toBe(0n);
    // ...so the RPC argument that must follow it does not fit.
    expect(bad(ARG, OPTEE_SMC.CALL_WITH_RPC_ARG)).toBe(BigInt(OPTEE_RET.EBADADDR));
  });

  it('answers EBADCMD for unknown commands and unknown yielding function ids', () => {
    const w = secureWorld();
    expect(callWithArg(w, newMsgArg(99)).a0).toBe(BigInt(OPTEE_RET.EBADCMD));
    expect(regs(w, 0x3200_0042)[0]).toBe(BigInt(OPTEE_RET.EBADCMD));
  });

  it('accepts unaligned arguments inside reserved shared memory', () => {
    const w = secureWorld({ shm: { reserved: RESERVED_SHM, dynamic: false } });
    const r = callWithArg(w, newMsgArg(MSG_CMD.CANCEL), RESERVED_SHM.base + 0x48n);
    expect(r.a0).toBe(0n);
    expect(callWithArg(w, newMsgArg(MSG_CMD.CANCEL), ARG).a0).toBe(BigInt(OPTEE_RET.EBADADDR)); // no dynamic shm
  });

  it('opens sessions by UUID with the login method and reports errors with their origin', () => {
    const w = secureWorld();
    const missing = callWithArg(w, openArg('00000000-0000-0000-0000-000000000001', LOGIN.PUBLIC));
    expect([missing.arg.ret, missing.arg.retOrigin]).toEqual([TEE.ERROR_ITEM_NOT_FOUND, ORIGIN.TEE]);
    const dev = callWithArg(w, openArg('7011a688-ddde-4053-a5a9-7b3c4ddf13b8', LOGIN.PUBLIC));
    expect([dev.a0, dev.arg.ret, dev.arg.session]).toEqual([0n, TEE.SUCCESS, 1]);
    const badMeta = newMsgArg(MSG_CMD.OPEN_SESSION, [{ attr: MSG_ATTR.VALUE_INPUT, a: 0n, b: 0n, c: 0n }]);
    expect(callWithArg(w, badMeta).arg.ret).toBe(TEE.ERROR_BAD_PARAMETERS);
    const close = callWithArg(w, newMsgArg(MSG_CMD.CLOSE_SESSION, [], { session: 1 }));
    expect(close.arg.ret).toBe(TEE.SUCCESS);
    const again = callWithArg(w, newMsgArg(MSG_CMD.INVOKE_COMMAND, [], { session: 1 }));
    expect([again.arg.ret, again.arg.retOrigin]).toEqual([TEE.ERROR_BAD_PARAMETERS, ORIGIN.TEE]);
    expect(w.os.openSessions).toEqual([]);
  });

  it('suspends threads in RPC, answers ETHREAD_LIMIT when all are busy, ERESUME for a bad resume', () => {
    const w = secureWorld({ threads: 2 });
    w.os.ptas.register(waitingPta());
    const open = callWithArg(w, openArg(WAIT_UUID, LOGIN.PUBLIC));
    const invoke = (value: number, page: bigint) => {
      const arg = newMsgArg(
        MSG_CMD.INVOKE_COMMAND,
        [{ attr: MSG_ATTR.VALUE_INPUT, a: BigInt(value), b: 0n, c: 0n }],
        {
          session: open.arg.session,
        },
      );
      return callWithArg(w, arg, page, OPTEE_SMC.CALL_WITH_RPC_ARG);
    };
    const t0 = invoke(1, DRAM_BASE + 2n * PAGE);
    const t1 = invoke(2, DRAM_BASE + 3n * PAGE);
    expect([t0.r[0], t0.r[3]]).toEqual([BigInt(OPTEE_RPC.CMD), 0n]);
    expect([t1.r[0], t1.r[3]]).toEqual([BigInt(OPTEE_RPC.CMD), 1n]);
    const [hi, lo] = regPair(DRAM_BASE + 4n * PAGE);
    expect(regs(w, OPTEE_SMC.CALL_WITH_ARG, hi, lo, 7)).toEqual([
      BigInt(OPTEE_RET.ETHREAD_LIMIT),
      hi,
      lo,
      7n,
    ]);
    expect(regs(w, OPTEE_SMC.DISABLE_SHM_CACHE)[0]).toBe(BigInt(OPTEE_RET.EBUSY));
    expect(regs(w, OPTEE_SMC.RETURN_FROM_RPC, 0, 0, 5)[0]).toBe(BigInt(OPTEE_RET.ERESUME));
    // Resume thread 1: its RPC arg (after the main arg) says SUCCESS.
    const r = regs(w, OPTEE_SMC.RETURN_FROM_RPC, 0, 0, 1);
    expect(r[0]).toBe(0n);
    expect(w.os.busyThreads).toBe(1);
  });

  it('allocates a per-thread RPC argument with RPC ALLOC when the caller gives none, and frees it when uncached', () => {
    const w = secureWorld({ capabilities: { memrefNull: true, rpcArg: false, rpmbProbe: false } });
    w.os.ptas.register(waitingPta());
    const open = callWithArg(w, openArg(WAIT_UUID, LOGIN.PUBLIC));
    const arg = newMsgArg(MSG_CMD.INVOKE_COMMAND, [{ attr: MSG_ATTR.VALUE_INPUT, a: 3n, b: 0n, c: 0n }], {
      session: open.arg.session,
    });
    const first = callWithArg(w, arg);
    expect(first.r.slice(0, 2)).toEqual([BigInt(OPTEE_RPC.ALLOC), 160n]);
    const rpcPa = DRAM_BASE + 0x20_0000n;
    const [hi, lo] = regPair(rpcPa);
    const cmd = regs(w, OPTEE_SMC.RETURN_FROM_RPC, hi, lo, first.r[3]!, hi, lo);
    expect(cmd.slice(0, 3)).toEqual([BigInt(OPTEE_RPC.CMD), hi, lo]);
    const rpc = readMsgArg(w.memory, rpcPa, 1);
    expect(rpc).toMatchObject({ cmd: 4, params: [{ attr: 1, a: 0n, b: 3n }] });
    const free = regs(w, OPTEE_SMC.RETURN_FROM_RPC, 0, 0, cmd[3]!);
    expect(free.slice(0, 3)).toEqual([BigInt(OPTEE_RPC.FREE), hi, lo]);
    expect(regs(w, OPTEE_SMC.RETURN_FROM_RPC, 0, 0, free[3]!)[0]).toBe(0n);
    expect(regs(w, OPTEE_SMC.DISABLE_SHM_CACHE)[0]).toBe(BigInt(OPTEE_RET.ENOTAVAIL));
  });

  it('keeps the RPC argument cached after ENABLE_SHM_CACHE and hands it back on DISABLE_SHM_CACHE', () => {
    const w = secureWorld({ capabilities: { memrefNull: true, rpcArg: false, rpmbProbe: false } });
    w.os.ptas.register(waitingPta());
    expect(regs(w, OPTEE_SMC.ENABLE_SHM_CACHE)[0]).toBe(0n);
    const open = callWithArg(w, openArg(WAIT_UUID, LOGIN.PUBLIC));
    const arg = newMsgArg(MSG_CMD.INVOKE_COMMAND, [{ attr: MSG_ATTR.VALUE_INPUT, a: 3n, b: 0n, c: 0n }], {
      session: open.arg.session,
    });
    const first = callWithArg(w, arg);
    const [hi, lo] = regPair(DRAM_BASE + 0x20_0000n);
    const cmd = regs(w, OPTEE_SMC.RETURN_FROM_RPC, hi, lo, first.r[3]!, hi, lo);
    expect(regs(w, OPTEE_SMC.RETURN_FROM_RPC, 0, 0, cmd[3]!)[0]).toBe(0n);
    expect(regs(w, OPTEE_SMC.DISABLE_SHM_CACHE)).toEqual([0n, hi, lo]);
    expect(regs(w, OPTEE_SMC.DISABLE_SHM_CACHE)[0]).toBe(BigInt(OPTEE_RET.ENOTAVAIL));
  });

  it('registers shared memory by page list and takes arguments from it with CALL_WITH_REGD_ARG', () => {
    const w = secureWorld();
    const list = DRAM_BASE + 5n * PAGE;
    const page = DRAM_BASE + 9n * PAGE; // the buffer's one page
    w.memory.write(list, new Uint8Array(new BigUint64Array([page]).buffer));
    const reg = callWithArg(
      w,
      newMsgArg(MSG_CMD.REGISTER_SHM, [
        { attr: MSG_ATTR.TMEM_OUTPUT | MSG_ATTR.NONCONTIG, a: list, b: 4096n, c: 0xc00c1en },
      ]),
    );
    expect(reg.arg.ret).toBe(TEE.SUCCESS);
    writeMsgArg(w.memory, page + 0x100n, newMsgArg(MSG_CMD.CANCEL));
    const [chi, clo] = regPair(0xc00c1en);
    expect(regs(w, OPTEE_SMC.CALL_WITH_REGD_ARG, chi, clo, 0x100)[0]).toBe(0n);
    expect(regs(w, OPTEE_SMC.CALL_WITH_REGD_ARG, 0, 0xbad, 0)[0]).toBe(BigInt(OPTEE_RET.EBADADDR));
    expect(regs(w, OPTEE_SMC.CALL_WITH_REGD_ARG, chi, clo, 0xf90)[0]).toBe(BigInt(OPTEE_RET.EBADADDR));
    const unreg = callWithArg(
      w,
      newMsgArg(MSG_CMD.UNREGISTER_SHM, [{ attr: MSG_ATTR.RMEM_INPUT, a: 0n, b: 0n, c: 0xc00c1en }]),
    );
    expect(unreg.arg.ret).toBe(TEE.SUCCESS);
    expect(w.os.shm.count).toBe(0);
  });
});
