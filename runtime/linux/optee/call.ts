/**
 * Linux `optee_smc_do_call_with_arg` and `optee_handle_rpc` (`drivers/tee/optee/smc_abi.c`): put an
 * `optee_msg_arg` in shared memory, issue CALL_WITH_ARG (or CALL_WITH_RPC_ARG when OP-TEE takes an
 * RPC argument), and loop: ETHREAD_LIMIT ⇒ wait on the call queue until another call finishes;
 * RPC ⇒ serve it (ALLOC/FREE/FOREIGN_INTR/CMD) and RETURN_FROM_RPC; anything else ends the call.
 * A call that has to sleep (a notification wait, a suspend, a full call queue) continues from the
 * scheduler; `call` returns the outcome directly when nothing slept.
 */
import { isFault, type PhysicalMemory } from '../../core/memory.js';
import type { Scheduler } from '../../core/scheduler.js';
import type { SmcccInvoker } from '../../core/smc.js';
import { hex, type Trace } from '../../core/trace.js';
import { bigFromU32 } from '../../core/words.js';
import {
  fromRegPair,
  isRpc,
  MSG_ATTR,
  MSG_CMD,
  msgArgSize,
  OPTEE_RET,
  OPTEE_RPC,
  OPTEE_SMC,
  RPC_CMD,
  RPC_NOTIFICATION_SEND,
  RPC_NOTIFICATION_WAIT,
  regPair,
  TEE,
} from '../../optee/abi.js';
import {
  type MsgArg,
  type MsgParam,
  newMsgArg,
  readMsgArg,
  readMsgArgInto,
  readMsgHeader,
  writeMsgArg,
} from '../../optee/msg-arg.js';
import { ERRNO } from '../driver-core.js';
import type { OpteeNotif } from './notif.js';
import type { ShmPool } from './shm-pool.js';

export interface CallOutcome {
  /** a0 of the final return: OK, EBADADDR, EBADCMD, ... */
  a0: bigint;
  /** The argument as OP-TEE left it (ret, ret_origin, session, output params). */
  arg: MsgArg;
}

export interface CallsOptions {
  invoker: SmcccInvoker;
  memory: PhysicalMemory;
  scheduler: Scheduler;
  trace: Trace;
  src: string;
  pool: ShmPool;
  /** Dynamic shared memory: arguments live in their own page; buffers are registered. */
  dynamic: boolean;
  /** From EXCHANGE_CAPABILITIES a3 with RPC_ARG; 0 otherwise. */
  rpcParamCount: number;
  cpu?: number;
}

/** A buffer shared with OP-TEE (`struct tee_shm`). */
export interface TeeShm {
  pa: bigint;
  size: number;
  /** What OP-TEE knows it by (shm_ref); the PA in this model. */
  cookie: bigint;
  /** Registered with REGISTER_SHM (dynamic shared memory): passed as RMEM, else TMEM. */
  registered: boolean;
  /** The page list page of a registered buffer. */
  pageList?: bigint;
}

const PAGE = 4096;
/** Register values compared or sent on every call, made once (BigInt() per call costs ~50 ns). */
const RET_ETHREAD_LIMIT = BigInt(OPTEE_RET.ETHREAD_LIMIT);
const FID_CALL_WITH_ARG = BigInt(OPTEE_SMC.CALL_WITH_ARG);
const FID_CALL_WITH_RPC_ARG = BigInt(OPTEE_SMC.CALL_WITH_RPC_ARG);
const FID_RETURN_FROM_RPC = BigInt(OPTEE_SMC.RETURN_FROM_RPC);

export class OpteeCalls {
  notif: OpteeNotif | undefined;
  private readonly callQueue: (() => void)[] = [];
  private readonly rpcShm = new Map<bigint, bigint>();
  /** Yielding calls completed (benchmarks read it). */
  completed = 0;

  constructor(readonly options: CallsOptions) {}

  /** Runs a call; returns its outcome when it completed without sleeping, else `done` gets it later. */
  call(arg: MsgArg, done?: (outcome: CallOutcome) => void): CallOutcome | undefined {
    const o = this.options;
    const rpcSize = o.rpcParamCount ? msgArgSize(o.rpcParamCount) : 0;
    const size = msgArgSize(arg.params.length) + rpcSize;
    const pa = o.dynamic ? o.pool.alloc(Math.max(size, PAGE), PAGE) : o.pool.alloc(size, 8);
    if (pa === undefined) {
      o.trace.emit('diag', o.src, 'out of shared memory for a message argument', { size });
      const outcome = { a0: bigFromU32(OPTEE_RET.ENOMEM), arg };
      done?.(outcome);
      return outcome;
    }
    arg.numParams = arg.params.length;
    writeMsgArg(o.memory, pa, arg);
    const fid = o.rpcParamCount ? OPTEE_SMC.CALL_WITH_RPC_ARG : OPTEE_SMC.CALL_WITH_ARG;
    const [hi, lo] = regPair(pa);
    const rpcArgPa = o.rpcParamCount ? pa + BigInt(msgArgSize(arg.params.length)) : undefined;
    let sync: CallOutcome | undefined;
    let running = true;
    const finish = (a0: bigint) => {
      // Read back into the argument it sent (the caller's own, made for this call): the same
      // values a fresh decode gives, without allocating one per message. A fault leaves it as sent.
      readMsgArgInto(o.memory, pa, arg);
      o.pool.release(pa);
      this.completed++;
      const outcome: CallOutcome = { a0, arg };
      if (o.trace.enabled)
        o.trace.emit('optee', o.src, 'call done', {
          cmd: arg.cmd,
          a0: hex(a0),
          ret: hex(outcome.arg.ret),
        });
      // optee_cq_wait_final: a secure thread is free again, wake one caller waiting for it.
      const next = this.callQueue.shift();
      if (next) o.scheduler.after(0, 'optee call queue', next);
      if (running) sync = outcome;
      done?.(outcome);
    };
    if (o.trace.enabled) o.trace.emit('optee', o.src, 'call', { cmd: arg.cmd, fid: hex(fid) });
    const fidReg = o.rpcParamCount ? FID_CALL_WITH_RPC_ARG : FID_CALL_WITH_ARG;
    this.loop([fidReg, hi, lo, 0n, 0n, 0n, 0n, 0n], rpcArgPa, finish);
    running = false;
    return sync;
  }

  /** A yielding call without parameters (DO_BOTTOM_HALF, STOP_ASYNC_NOTIF). */
  simpleCall(cmd: number, done?: (outcome: CallOutcome) => void): CallOutcome | undefined {
    return this.call(newMsgArg(cmd), done);
  }

  private loop(regs: bigint[], rpcArgPa: bigint | undefined, finish: (a0: bigint) => void): void {
    const o = this.options;
    for (;;) {
      const res = o.invoker.invoke(regs, o.cpu ?? 0);
      const a0 = res.regs[0] ?? 0n;
      if (a0 === RET_ETHREAD_LIMIT) {
        // Out of secure threads: sleep on the call queue and retry the same registers.
        o.trace.emit('optee', o.src, 'call queue wait', { waiting: this.callQueue.length + 1 });
        const again = regs;
        this.callQueue.push(() => this.loop(again, rpcArgPa, finish));
        return;
      }
      if (!isRpc(a0)) {
        finish(a0);
        return;
      }
      // Resume information (a3..a7) is echoed unchanged; a1/a2/a4/a5 carry the RPC's answer.
      const param = [
        FID_RETURN_FROM_RPC,
        res.regs[1] ?? 0n,
        res.regs[2] ?? 0n,
        res.regs[3] ?? 0n,
        regs[4]!,
        regs[5]!,
        regs[6]!,
        regs[7]!,
      ];
      const slept = this.handleRpc(a0, param, rpcArgPa, () => this.loop(param, rpcArgPa, finish));
      if (slept) return;
      regs = param;
    }
  }

  /** Serves one RPC in `param`; returns true when it sleeps (then `resume` continues the call). */
  private handleRpc(a0: bigint, param: bigint[], rpcArgPa: bigint | undefined, resume: () => void): boolean {
    const o = this.options;
    const func = Number(a0 & 0xffff_ffffn);
    switch (func) {
      case OPTEE_RPC.ALLOC: {
        const size = Number(param[1]!);
        const pa = o.pool.alloc(size, o.dynamic ? PAGE : 8);
        const [hi, lo] = regPair(pa ?? 0n);
        param[1] = hi;
        param[2] = lo;
        param[4] = hi;
        param[5] = lo;
        if (pa !== undefined) this.rpcShm.set(pa, pa);
        o.trace.emit('optee', o.src, 'rpc alloc', { size, pa: hex(pa ?? 0n) });
        return false;
      }
      case OPTEE_RPC.FREE: {
        const cookie = fromRegPair(param[1]!, param[2]!);
        const pa = this.rpcShm.get(cookie);
        if (pa !== undefined) {
          this.rpcShm.delete(cookie);
          o.pool.release(pa);
        }
        o.trace.emit('optee', o.src, 'rpc free', { cookie: hex(cookie) });
        return false;
      }
      case OPTEE_RPC.FOREIGN_INTR:
        // The interrupt is taken when the CPU is back in the normal world; nothing to do here.
        return false;
      case OPTEE_RPC.CMD: {
        const at = rpcArgPa ?? this.rpcShm.get(fromRegPair(param[1]!, param[2]!));
        if (at === undefined) {
          o.trace.emit('diag', o.src, 'RPC CMD with an unknown argument cookie');
          return false;
        }
        return this.rpcCmd(at, resume);
      }
      default:
        o.trace.emit('diag', o.src, `Unknown RPC func 0x${func.toString(16)}`, { a0: hex(a0) });
        return false;
    }
  }

  private rpcCmd(at: bigint, resume: () => void): boolean {
    const o = this.options;
    const header = readMsgHeader(o.memory, at);
    if (isFault(header) || header.numParams > 4) {
      o.trace.emit('diag', o.src, 'unreadable RPC argument', { at: hex(at) });
      return false;
    }
    const arg = readMsgArg(o.memory, at, header.numParams);
    if (isFault(arg)) return false;
    const reply = (ret: number) => {
      arg.ret = ret >>> 0;
      writeMsgArg(o.memory, at, arg);
    };
    const p = arg.params[0];
    const isValueIn = (x: MsgParam | undefined): x is MsgParam => x?.attr === MSG_ATTR.VALUE_INPUT;
    switch (arg.cmd) {
      case RPC_CMD.NOTIFICATION: {
        if (!isValueIn(p) || arg.numParams !== 1 || !this.notif) {
          reply(TEE.ERROR_BAD_PARAMETERS);
          return false;
        }
        const key = Number(p.b);
        if (p.a === BigInt(RPC_NOTIFICATION_SEND)) {
          reply(this.notif.send(key) ? TEE.ERROR_BAD_PARAMETERS : TEE.SUCCESS);
          return false;
        }
        if (p.a !== BigInt(RPC_NOTIFICATION_WAIT)) {
          reply(TEE.ERROR_BAD_PARAMETERS);
          return false;
        }
        const toRet = (rc: number) =>
          rc === 0 ? TEE.SUCCESS : rc === -ERRNO.ETIMEDOUT ? TEE.ERROR_TIMEOUT : TEE.ERROR_BAD_PARAMETERS;
        const r = this.notif.wait(key, Number(p.c), (rc) => {
          reply(toRet(rc));
          resume();
        });
        if (r === 'waiting') return true;
        reply(toRet(r));
        return false;
      }
      case RPC_CMD.SUSPEND: {
        const ms = isValueIn(p) ? Number(p.a) : 0;
        o.trace.emit('optee', o.src, 'rpc suspend', { ms });
        o.scheduler.after(ms * 1_000_000, 'optee rpc suspend', () => {
          reply(TEE.SUCCESS);
          resume();
        });
        return true;
      }
      default:
        reply(TEE.ERROR_NOT_IMPLEMENTED);
        return false;
    }
  }

  /** Callers waiting for a free secure thread. */
  get queued(): number {
    return this.callQueue.length;
  }

  // ---- shared buffers for clients (tee_shm_alloc_kernel_buf) ----

  /**
   * Allocates a buffer OP-TEE can use: from the reserved pool (passed by PA), or kernel pages
   * registered with REGISTER_SHM (passed by cookie). Undefined when memory or registration fails.
   */
  allocShm(size: number): TeeShm | undefined {
    const o = this.options;
    if (!o.dynamic) {
      const pa = o.pool.alloc(size, 8);
      return pa === undefined ? undefined : { pa, size, cookie: pa, registered: false };
    }
    const pages = Math.max(1, Math.ceil(size / PAGE));
    const pa = o.pool.alloc(pages * PAGE, PAGE);
    const list = o.pool.alloc(PAGE, PAGE);
    if (pa === undefined || list === undefined) {
      if (pa !== undefined) o.pool.release(pa);
      if (list !== undefined) o.pool.release(list);
      return undefined;
    }
    const entries = new Uint8Array(PAGE);
    const view = new DataView(entries.buffer);
    for (let i = 0; i < pages; i++) view.setBigUint64(i * 8, pa + BigInt(i * PAGE), true);
    o.memory.write(list, entries);
    const shm: TeeShm = { pa, size, cookie: pa, registered: true, pageList: list };
    const reg = this.call(
      newMsgArg(MSG_CMD.REGISTER_SHM, [
        { attr: MSG_ATTR.TMEM_OUTPUT | MSG_ATTR.NONCONTIG, a: list, b: BigInt(size), c: shm.cookie },
      ]),
    );
    if (!reg || reg.a0 !== 0n || reg.arg.ret !== TEE.SUCCESS) {
      o.pool.release(pa);
      o.pool.release(list);
      o.trace.emit('diag', o.src, 'REGISTER_SHM failed', { ret: hex(reg?.arg.ret ?? 0) });
      return undefined;
    }
    return shm;
  }

  freeShm(shm: TeeShm): void {
    const o = this.options;
    if (shm.registered)
      this.call(
        newMsgArg(MSG_CMD.UNREGISTER_SHM, [{ attr: MSG_ATTR.RMEM_INPUT, a: 0n, b: 0n, c: shm.cookie }]),
      );
    o.pool.release(shm.pa);
    if (shm.pageList !== undefined) o.pool.release(shm.pageList);
  }
}
