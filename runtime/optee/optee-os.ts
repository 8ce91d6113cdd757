/**
 * The OP-TEE secure OS as the normal world sees it through the SMC ABI: the Trusted OS service for
 * OENs 50–63 (fast and yielding), as the opteed SPD dispatches it. Fast calls (`entry_fast.c`) answer
 * at once; yielding calls (`entry_std.c`) run on one of `CFG_NUM_THREADS` threads, read the
 * `optee_msg_arg` from normal-world memory, and may suspend in an RPC that the normal world resumes
 * with RETURN_FROM_RPC. A thread is a generator: each RPC is a `yield`, so a suspended thread keeps
 * its state exactly as OP-TEE's thread context does. Bad guest input is answered with the codes
 * OP-TEE returns (EBADADDR, EBADCMD, TEE_ERROR_*), never a throw.
 */
import type { InterruptController } from '../core/interrupts.js';
import { isFault, type MemorySpan, type PhysicalMemory, spanOver } from '../core/memory.js';
import type { Scheduler } from '../core/scheduler.js';
import {
  type CallType,
  type FunctionId,
  OEN,
  reg,
  result,
  type SmcCall,
  type SmcResult,
  type SmcService,
} from '../core/smc.js';
import { hex, type Trace } from '../core/trace.js';
import { bigFromNumber, bigFromU32, low32, u64ToNumber } from '../core/words.js';
import {
  ASYNC_NOTIF_PENDING,
  ASYNC_NOTIF_VALID,
  fromRegPair,
  MSG_ATTR,
  MSG_CMD,
  MSG_MAX_NUM_PARAMS,
  msgArgSize,
  NSEC_CAP_UNIPROCESSOR,
  OPTEE_MSG_REVISION,
  OPTEE_MSG_UID,
  OPTEE_OS_UUID,
  OPTEE_RET,
  OPTEE_RPC,
  OPTEE_SMC,
  ORIGIN,
  octetsToUuid,
  RPC_CMD,
  RPC_NOTIFICATION_SEND,
  RPC_NOTIFICATION_WAIT,
  regPair,
  SHM_CACHED,
  TEE,
  THREAD_RPC_MAX_NUM_PARAMS,
} from './abi.js';
import { maxNotifValue, type OpteeConfig, rpcParamCount, secureCapabilities } from './config.js';
import { SecureInterrupts } from './itr.js';
import {
  decodeMsgArg,
  decodeMsgArgAt,
  emptyParam,
  encodeMsgArg,
  encodeMsgArgAt,
  type MsgArg,
  type MsgParam,
  valueToOctets,
} from './msg-arg.js';
import { SecureNotif } from './notif.js';
import {
  GP,
  type GpParam,
  noneParam,
  type PseudoTa,
  PtaRegistry,
  type PtaSession,
  type SecureRpc,
} from './pta.js';
import { devicePta } from './pta-device.js';
import {
  contiguous,
  fitsMemory,
  pageListBuffer,
  RegisteredShm,
  readBuffer,
  readBufferInto,
  type ShmBuffer,
  SMALL_PAGE_SIZE,
  slice,
  writeBuffer,
  writeBufferFrom,
} from './shm.js';

export interface OpteeDeps {
  memory: PhysicalMemory;
  gic: InterruptController;
  scheduler: Scheduler;
  trace: Trace;
  /** Trace source (the DT path of the optee node, or a model name). */
  src?: string;
}

/** Registers an RPC return hands to the normal world: a0 = RPC code, a1/a2 = arguments. */
interface RpcOut {
  a0: number;
  a1: bigint;
  a2: bigint;
}

/** What RETURN_FROM_RPC brings back (`thread_resume_from_rpc(thread, a1, a2, a4, a5)`). */
interface RpcIn {
  a1: bigint;
  a2: bigint;
  a4: bigint;
  a5: bigint;
}

type ThreadBody = Generator<RpcOut, bigint[], RpcIn>;

interface Thread {
  body: ThreadBody;
  /** Set while the thread waits in an RPC. */
  suspended: boolean;
}

/** A thread's own RPC argument, allocated by RPC ALLOC when the caller gave none (pre-RPC_ARG ABI). */
interface CachedRpcArg {
  pa: bigint;
  cookie: bigint;
}

/** A parameter converted for a PTA, remembering where its memory lives to copy results back. */
interface Converted {
  gp: GpParam;
  buffer?: ShmBuffer;
}

/** A yielding call's decoded argument and where it lives (to write it back). */
interface StdCall {
  arg: MsgArg;
  argBuf: ShmBuffer;
  size: number;
  /** Where the argument was found, and whether the caller's RPC argument follows it there. */
  region: ShmBuffer;
  withRpcArg: boolean;
}

/** The caller's RPC argument (CALL_WITH_RPC_ARG), right after the call's own. */
function rpcArgOf(call: StdCall): ShmBuffer | undefined {
  return call.withRpcArg ? slice(call.region, call.size, msgArgSize(THREAD_RPC_MAX_NUM_PARAMS)) : undefined;
}

/** An INVOKE_COMMAND whose PTA yields RPCs: finished by the thread's generator. */
interface PendingInvoke {
  arg: MsgArg;
  conv: Converted[];
  body: Generator<SecureRpc, number, number>;
}

const TOS_CALL_COUNT = 12;
/** The thread slot of a call running as plain code (it cannot be resumed: it never suspended). */
const RUNNING: Thread = Object.freeze({
  body: undefined as unknown as ThreadBody,
  suspended: false,
}) as Thread;
/** What a new thread's first step is given (nothing: it is not a return from an RPC). */
const NO_RPC_IN: RpcIn = Object.freeze({ a1: 0n, a2: 0n, a4: 0n, a5: 0n });

/** SMC32 ABI: only the low 32 bits of each argument register are defined. */
function arg32(call: SmcCall, i: number): bigint {
  const v = reg(call, i);
  return v >= 0n && v <= 0xffff_ffffn ? v : v & 0xffff_ffffn; // masking allocates: only when needed
}
/** Bytes of bounce buffer per thread; a larger memref gets its own copy. */
const BOUNCE_SIZE = 4096;

export class OpteeOs implements SmcService {
  readonly name = 'optee';
  readonly oenStart = OEN.TOS_START;
  readonly oenEnd = OEN.TOS_END;
  readonly callTypes: readonly CallType[] = ['fast', 'yield'];

  readonly notif: SecureNotif;
  /** Native secure interrupts (the GIC driver and `interrupt_add_handler`). */
  readonly itr: SecureInterrupts;
  readonly ptas = new PtaRegistry();
  readonly shm = new RegisteredShm();
  private readonly threads: (Thread | undefined)[];
  private readonly rpcArgCache: (CachedRpcArg | undefined)[];
  private rpcCacheEnabled = false;
  private readonly sessions = new Map<number, { pta: PseudoTa; session: PtaSession }>();
  private nextSession = 1;
  private readonly memory: PhysicalMemory;
  /** Where a message argument is decoded and encoded (one at a time: threads interleave only at RPCs). */
  private readonly argBytes = new Uint8Array(msgArgSize(MSG_MAX_NUM_PARAMS));
  private readonly argScratch = spanOver(this.argBytes);
  /**
   * Per-thread bounce buffers for memref parameters, as OP-TEE copies normal-world memrefs for a
   * pseudo TA (`bb_alloc`): reset at each invocation, so a call allocates nothing.
   */
  private readonly bounce: Uint8Array[];
  private readonly bounceTop: number[];
  /** The last view of each thread's bounce buffer handed out per parameter slot (see `memref`). */
  private readonly bounceViews: (Uint8Array | undefined)[][];
  private readonly trace: Trace;
  private readonly src: string;
  /** Yielding calls completed (benchmarks read it). */
  stdCalls = 0;

  constructor(
    readonly config: OpteeConfig,
    deps: OpteeDeps,
  ) {
    this.memory = deps.memory;
    this.trace = deps.trace;
    this.src = deps.src ?? 'optee';
    this.threads = new Array<Thread | undefined>(config.threads).fill(undefined);
    this.rpcArgCache = new Array<CachedRpcArg | undefined>(config.threads).fill(undefined);
    this.bounce = Array.from({ length: config.threads }, () => new Uint8Array(BOUNCE_SIZE));
    this.bounceTop = new Array<number>(config.threads).fill(0);
    this.bounceViews = Array.from({ length: config.threads }, () => [
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    this.notif = new SecureNotif(config, deps.gic, deps.trace, deps.scheduler, this.src);
    this.itr = new SecureInterrupts(deps.gic, deps.trace, this.src);
    this.ptas.register(devicePta(this.ptas));
  }

  /**
   * `fiq_entry` of OP-TEE's vector table (`thread_fiq_handler`), entered by opteed with the CPU in the
   * secure world: handles the native interrupt and returns (TEESMC_OPTEED_RETURN_FIQ_DONE).
   */
  fiqEntry(cpu: number): number {
    this.trace.emit('optee', this.src, 'fiq entry', { cpu });
    return this.itr.nativeEntry(cpu);
  }

  /** Threads currently suspended in an RPC. */
  get busyThreads(): number {
    return this.threads.filter((t) => t !== undefined).length;
  }

  /** Session ids currently open (tests check that sessions are closed). */
  get openSessions(): number[] {
    return [...this.sessions.keys()];
  }

  handle(fid: FunctionId, call: SmcCall): SmcResult {
    const raw = (fid.raw & ~0x1_0000) >>> 0; // SVE hint is not part of the function id
    if (fid.type === 'fast') return this.fast(raw, (i) => arg32(call, i));
    return this.yielding(raw, call);
  }

  // ---- fast calls (entry_fast.c) ----

  private fast(fid: number, a: (i: number) => bigint): SmcResult {
    const c = this.config;
    switch (fid) {
      case OPTEE_SMC.CALLS_COUNT:
        return result(TOS_CALL_COUNT);
      case OPTEE_SMC.CALLS_UID:
        return result(...OPTEE_MSG_UID);
      case OPTEE_SMC.CALLS_REVISION:
        return result(OPTEE_MSG_REVISION.major, OPTEE_MSG_REVISION.minor);
      case OPTEE_SMC.GET_OS_UUID:
        return result(...OPTEE_OS_UUID);
      case OPTEE_SMC.GET_OS_REVISION:
        return result(c.revision.major, c.revision.minor, c.revision.buildId >>> 0);
      case OPTEE_SMC.GET_SHM_CONFIG: {
        const r = c.shm.reserved;
        if (!r) return result(OPTEE_RET.ENOTAVAIL);
        return result(OPTEE_RET.OK, r.base, r.size, SHM_CACHED);
      }
      case OPTEE_SMC.EXCHANGE_CAPABILITIES: {
        if (a(1) & ~BigInt(NSEC_CAP_UNIPROCESSOR)) return result(OPTEE_RET.ENOTAVAIL);
        const caps = secureCapabilities(c);
        const max = c.asyncNotif.enabled ? maxNotifValue(c) : 0;
        this.trace.emit('optee', this.src, 'exchange capabilities', { secCaps: hex(caps), maxNotif: max });
        return result(OPTEE_RET.OK, caps, max, rpcParamCount(c));
      }
      case OPTEE_SMC.DISABLE_SHM_CACHE: {
        if (this.busyThreads > 0) return result(OPTEE_RET.EBUSY);
        this.rpcCacheEnabled = false;
        const i = this.rpcArgCache.findIndex((x) => x !== undefined);
        if (i < 0) return result(OPTEE_RET.ENOTAVAIL);
        const [hi, lo] = regPair(this.rpcArgCache[i]!.cookie);
        this.rpcArgCache[i] = undefined;
        return result(OPTEE_RET.OK, hi, lo);
      }
      case OPTEE_SMC.ENABLE_SHM_CACHE:
        if (this.busyThreads > 0) return result(OPTEE_RET.EBUSY);
        this.rpcCacheEnabled = true;
        return result(OPTEE_RET.OK);
      case OPTEE_SMC.BOOT_SECONDARY:
        return result(OPTEE_RET.EBADCMD);
      case OPTEE_SMC.GET_THREAD_COUNT:
        return result(OPTEE_RET.OK, c.threads);
      case OPTEE_SMC.ENABLE_ASYNC_NOTIF:
        // optee_smc.h says ENOTAVAIL when disabled; entry_fast.c answers UNKNOWN_FUNCTION.
        if (!c.asyncNotif.enabled) return result(OPTEE_RET.UNKNOWN_FUNCTION);
        this.notif.start();
        return result(OPTEE_RET.OK);
      case OPTEE_SMC.GET_ASYNC_NOTIF_VALUE: {
        if (!c.asyncNotif.enabled) return result(OPTEE_RET.UNKNOWN_FUNCTION);
        const v = this.notif.getValue();
        const flags = (v.valid ? ASYNC_NOTIF_VALID : 0) | (v.pending ? ASYNC_NOTIF_PENDING : 0);
        return result(OPTEE_RET.OK, v.value, flags);
      }
      default:
        // L2CC_MUTEX (AArch64: no PL310), VM_* (no virtualization), PROTMEM, SMC64 ids, other OENs.
        return result(OPTEE_RET.UNKNOWN_FUNCTION);
    }
  }

  // ---- yielding calls (thread_handle_std_smc) ----

  private yielding(fid: number, call: SmcCall): SmcResult {
    if (fid === OPTEE_SMC.RETURN_FROM_RPC) {
      const id = Number(arg32(call, 3));
      const t = this.threads[id];
      if (id >= this.threads.length || !t || !t.suspended) {
        this.trace.emit('diag', this.src, 'RETURN_FROM_RPC for a thread that is not suspended', {
          thread: id,
        });
        return result(OPTEE_RET.ERESUME);
      }
      return this.run(id, {
        a1: arg32(call, 1),
        a2: arg32(call, 2),
        a4: arg32(call, 4),
        a5: arg32(call, 5),
      });
    }
    const id = this.threads.indexOf(undefined);
    if (id < 0) {
      // a1-a7 preserved: the caller waits for a thread and retries the same call.
      this.trace.emit('optee', this.src, 'thread limit', { threads: this.threads.length });
      return result(OPTEE_RET.ETHREAD_LIMIT, arg32(call, 1), arg32(call, 2), arg32(call, 3));
    }
    return this.stdEntry(id, fid, arg32(call, 1), arg32(call, 2), arg32(call, 3));
  }

  /**
   * One yielding call on `thread`, as plain code: almost every call runs to its end without an RPC,
   * and a generator per call (with its Thread record) cost more than the call's own work. Only a
   * command that has to suspend — a PTA that asks the normal world something, or the RPC argument's
   * release when the cache is off — continues as the thread's generator (`suspendable`), from the
   * point it reached; the order of every step is the one `suspendable` alone would give.
   */
  private stdEntry(thread: number, fid: number, a1: bigint, a2: bigint, a3: bigint): SmcResult {
    this.threads[thread] = RUNNING; // taken while it runs, as OP-TEE's thread is
    const call = this.loadCall(fid, a1, a2, a3);
    let rv: number;
    if (typeof call === 'number') rv = call;
    else {
      const res = this.entryStd(thread, call.arg);
      if (typeof res !== 'number') return this.suspendable(thread, this.finishStd(thread, call, res));
      rv = this.storeCall(call, res);
    }
    if (this.rpcArgCache[thread] && !this.rpcCacheEnabled)
      return this.suspendable(thread, this.releaseAndReturn(thread, rv));
    this.threads[thread] = undefined;
    this.stdCalls++;
    return { regs: [rv === OPTEE_RET.OK ? 0n : BigInt(rv >>> 0)] };
  }

  /** Continues a yielding call as thread `thread`'s generator: it may now suspend in RPCs. */
  private suspendable(thread: number, body: ThreadBody): SmcResult {
    this.threads[thread] = { body, suspended: false };
    return this.run(thread, NO_RPC_IN);
  }

  /** Runs thread `id` until it finishes or suspends in an RPC. */
  private run(id: number, input: RpcIn): SmcResult {
    const t = this.threads[id]!;
    t.suspended = false;
    const step = t.body.next(input);
    if (step.done) {
      this.threads[id] = undefined;
      this.stdCalls++;
      const v = step.value;
      const regs = new Array<bigint>(v.length);
      for (let i = 0; i < v.length; i++) regs[i] = BigInt.asUintN(64, v[i]!);
      return { regs };
    }
    t.suspended = true;
    // a3 carries the resume information (the thread id) the normal world echoes back.
    return result(step.value.a0, step.value.a1, step.value.a2, id);
  }

  /**
   * The rest of a yielding call whose PTA yields RPCs: the thread suspends (yields an RPC) where
   * OP-TEE's would — the PTA's requests, the RPC argument's allocation, its release when the cache
   * is off.
   */
  private *finishStd(thread: number, call: StdCall, pending: PendingInvoke): ThreadBody {
    const res = yield* this.finishInvoke(thread, pending, rpcArgOf(call));
    const rv = this.storeCall(call, res);
    if (this.rpcArgCache[thread] && !this.rpcCacheEnabled) yield* this.releaseRpcArg(thread);
    return [BigInt(rv)];
  }

  private *releaseAndReturn(thread: number, rv: number): ThreadBody {
    yield* this.releaseRpcArg(thread);
    return [BigInt(rv)];
  }

  /** `thread_handle_std_smc` up to `__tee_entry_std`: finds and decodes the argument. */
  private loadCall(fid: number, a1: bigint, a2: bigint, a3: bigint): StdCall | number {
    switch (fid) {
      case OPTEE_SMC.CALL_WITH_ARG:
        return this.withParg(fromRegPair(a1, a2), false);
      case OPTEE_SMC.CALL_WITH_RPC_ARG:
        return this.withParg(fromRegPair(a1, a2), true);
      case OPTEE_SMC.CALL_WITH_REGD_ARG:
        return this.withRegdArg(fromRegPair(a1, a2), Number(a3));
      default:
        this.trace.emit('diag', this.src, 'unknown yielding call', { fid: hex(fid) });
        return OPTEE_RET.EBADCMD;
    }
  }

  /** `std_entry_with_parg`: the argument by physical address, in reserved shm or one dynamic page. */
  private withParg(parg: bigint, withRpcArg: boolean): StdCall | number {
    // Bounds as plain numbers (every mapped address is below 2^53; a larger parg, rounded, still
    // lies above the carve-out's end): bigint arithmetic here cost more than the lookup itself.
    const reserved = this.config.shm.reserved;
    const pa = u64ToNumber(parg);
    let region: ShmBuffer;
    let end = 0;
    if (reserved !== undefined) {
      const start = Number(reserved.base);
      end = start + reserved.size;
      if (pa < start || pa + msgArgSize(0) > end) end = 0;
    }
    if (end !== 0) {
      if (parg & 7n) return this.badAddr(parg);
      region = contiguous(parg, end - pa);
    } else {
      if (!this.config.shm.dynamic || parg & BigInt(SMALL_PAGE_SIZE - 1)) return this.badAddr(parg);
      region = contiguous(parg, SMALL_PAGE_SIZE);
    }
    return this.withArgIn(region, withRpcArg, parg);
  }

  /** `std_entry_with_regd_arg`: the argument at `offset` in a REGISTER_SHM'd buffer. */
  private withRegdArg(cookie: bigint, offset: number): StdCall | number {
    const buf = this.shm.get(cookie);
    if (!buf || offset >= buf.size) return this.badAddr(cookie);
    return this.withArgIn(slice(buf, offset, buf.size - offset), true, cookie);
  }

  private badAddr(what: bigint): number {
    this.trace.emit('diag', this.src, 'bad arg address', { address: hex(what) });
    return OPTEE_RET.EBADADDR;
  }

  private withArgIn(region: ShmBuffer, withRpcArg: boolean, where: bigint): StdCall | number {
    // The argument is decoded where it lies when it is one contiguous range (always, for
    // CALL_WITH_ARG), else gathered into a scratch buffer first.
    const headerSize = msgArgSize(0);
    if (region.size < headerSize) return this.badAddr(where);
    const segs = region.segments;
    let head: MemorySpan | undefined;
    if (segs.length === 1) {
      // One range (every CALL_WITH_ARG): the header in place, without a slice of the region.
      const sp = this.memory.span(segs[0]!.pa, headerSize);
      head = isFault(sp) ? undefined : sp;
    } else head = this.argSpan(slice(region, 0, headerSize));
    if (!head) return this.badAddr(where);
    const hb = head.bytes;
    const h = head.offset + 28;
    const numParams = (hb[h]! | (hb[h + 1]! << 8) | (hb[h + 2]! << 16) | (hb[h + 3]! << 24)) >>> 0;
    if (numParams > MSG_MAX_NUM_PARAMS) return this.badAddr(where);
    const size = msgArgSize(numParams);
    const total = size + (withRpcArg ? msgArgSize(THREAD_RPC_MAX_NUM_PARAMS) : 0);
    if (total > region.size) return this.badAddr(where);
    const argBuf = slice(region, 0, size);
    const body = this.argSpan(argBuf);
    if (!body) return this.badAddr(where);
    const arg = decodeMsgArgAt(body, numParams);
    return { arg, argBuf, size, region, withRpcArg };
  }

  /** Writes the argument back and turns the framework's result into a0. */
  private storeCall(call: StdCall, res: number): number {
    // The thread may have slept in an RPC: locate the argument again before writing it back.
    const out = this.argSpan(call.argBuf, false);
    if (out) {
      encodeMsgArgAt(call.arg, out);
      if (out.bytes === this.argBytes) writeBufferFrom(this.memory, call.argBuf, this.argBytes, call.size);
    }
    // __tee_entry_std's failure (unknown or disabled cmd) becomes EBADCMD in a0.
    return res === TEE.SUCCESS ? OPTEE_RET.OK : OPTEE_RET.EBADCMD;
  }

  /**
   * Where an argument's bytes can be read and written: in simulated memory itself when the buffer is
   * one segment, else in `argBytes` (gathered when `gather`; written back by the caller).
   */
  private argSpan(buf: ShmBuffer, gather = true): MemorySpan | undefined {
    const segs = buf.segments;
    if (segs.length === 1) {
      const sp = this.memory.span(segs[0]!.pa, buf.size);
      return isFault(sp) ? undefined : sp;
    }
    if (gather && readBufferInto(this.memory, buf, this.argBytes)) return undefined;
    return this.argScratch;
  }

  /** `__tee_entry_std`: dispatch on `arg.cmd`; the TEE result here is the framework's, not arg.ret. */
  private entryStd(thread: number, arg: MsgArg): number | PendingInvoke {
    const async = this.config.asyncNotif.enabled;
    switch (arg.cmd) {
      case MSG_CMD.OPEN_SESSION:
        this.openSession(thread, arg);
        return TEE.SUCCESS;
      case MSG_CMD.INVOKE_COMMAND:
        return this.invokeCommand(thread, arg);
      case MSG_CMD.CLOSE_SESSION:
        this.closeSession(arg);
        return TEE.SUCCESS;
      case MSG_CMD.CANCEL:
        // Nothing in the model runs long enough to cancel.
        this.setRet(arg, TEE.SUCCESS, ORIGIN.TEE);
        return TEE.SUCCESS;
      case MSG_CMD.REGISTER_SHM:
        this.registerShm(arg);
        return TEE.SUCCESS;
      case MSG_CMD.UNREGISTER_SHM:
        this.unregisterShm(arg);
        return TEE.SUCCESS;
      case MSG_CMD.DO_BOTTOM_HALF:
        if (!async) break;
        this.notif.deliver('do-bottom-half');
        this.setRet(arg, TEE.SUCCESS, ORIGIN.TEE);
        return TEE.SUCCESS;
      case MSG_CMD.STOP_ASYNC_NOTIF:
        if (!async) break;
        this.notif.deliver('stopped');
        this.setRet(arg, TEE.SUCCESS, ORIGIN.TEE);
        return TEE.SUCCESS;
    }
    this.trace.emit('diag', this.src, 'unknown msg cmd', { cmd: arg.cmd });
    return TEE.ERROR_NOT_IMPLEMENTED;
  }

  private setRet(arg: MsgArg, ret: number, origin: number): void {
    arg.ret = ret >>> 0;
    arg.retOrigin = origin;
  }

  // ---- sessions ----

  private openSession(thread: number, arg: MsgArg): void {
    const [p0, p1] = arg.params;
    const meta = MSG_ATTR.META | MSG_ATTR.VALUE_INPUT;
    if (!p0 || !p1 || p0.attr !== meta || p1.attr !== meta) {
      this.setRet(arg, TEE.ERROR_BAD_PARAMETERS, ORIGIN.TEE);
      return;
    }
    const uuid = octetsToUuid(valueToOctets(p0.a, p0.b));
    const clientUuid = octetsToUuid(valueToOctets(p1.a, p1.b));
    const login = Number(p1.c & 0xffff_ffffn);
    const conv = this.convertParams(thread, arg.params.slice(2));
    if (typeof conv === 'number') {
      this.setRet(arg, conv, ORIGIN.TEE);
      return;
    }
    const pta = this.ptas.get(uuid);
    if (!pta) {
      this.trace.emit('optee', this.src, 'open session: no such TA', { uuid });
      this.setRet(arg, TEE.ERROR_ITEM_NOT_FOUND, ORIGIN.TEE);
      return;
    }
    const session: PtaSession = { id: this.nextSession, login, clientUuid };
    const ret = pta.openSession
      ? pta.openSession(
          session,
          conv.map((c) => c.gp),
        )
      : TEE.SUCCESS;
    this.copyOut(arg.params.slice(2), conv);
    this.trace.emit('optee', this.src, 'open session', { ta: pta.name, login: hex(login), ret: hex(ret) });
    if (ret !== TEE.SUCCESS) {
      this.setRet(arg, ret, ORIGIN.TRUSTED_APP);
      return;
    }
    this.nextSession++;
    this.sessions.set(session.id, { pta, session });
    arg.session = session.id;
    this.setRet(arg, TEE.SUCCESS, ORIGIN.TRUSTED_APP);
  }

  /** Runs the command; a PTA that needs the normal world first comes back as a pending invocation. */
  private invokeCommand(thread: number, arg: MsgArg): number | PendingInvoke {
    const s = this.sessions.get(arg.session);
    if (!s) {
      this.setRet(arg, TEE.ERROR_BAD_PARAMETERS, ORIGIN.TEE);
      return TEE.SUCCESS;
    }
    const conv = this.convertParams(thread, arg.params);
    if (typeof conv === 'number') {
      this.setRet(arg, conv, ORIGIN.TEE);
      return TEE.SUCCESS;
    }
    const gp = new Array<GpParam>(conv.length);
    for (let i = 0; i < conv.length; i++) gp[i] = conv[i]!.gp;
    const out = s.pta.invoke(s.session, arg.func, gp);
    if (typeof out !== 'number') return { arg, conv, body: out };
    this.copyOut(arg.params, conv);
    this.setRet(arg, out, ORIGIN.TRUSTED_APP);
    return TEE.SUCCESS;
  }

  /** A PTA's RPCs, each sent to the normal world with the thread suspended, then its result. */
  private *finishInvoke(
    thread: number,
    pending: PendingInvoke,
    rpcArg: ShmBuffer | undefined,
  ): Generator<RpcOut, number, RpcIn> {
    const { arg, conv, body } = pending;
    let step = body.next();
    while (!step.done) {
      const rpcRet = yield* this.rpcCmd(thread, step.value, rpcArg);
      step = body.next(rpcRet);
    }
    this.copyOut(arg.params, conv);
    this.setRet(arg, step.value, ORIGIN.TRUSTED_APP);
    return TEE.SUCCESS;
  }

  private closeSession(arg: MsgArg): void {
    const s = this.sessions.get(arg.session);
    if (!s) {
      this.setRet(arg, TEE.ERROR_BAD_PARAMETERS, ORIGIN.TEE);
      return;
    }
    this.sessions.delete(arg.session);
    s.pta.closeSession?.(s.session);
    this.trace.emit('optee', this.src, 'close session', { ta: s.pta.name, session: arg.session });
    this.setRet(arg, TEE.SUCCESS, ORIGIN.TEE);
  }

  // ---- parameters (copy_in_params / copy_out_param) ----

  private convertParams(thread: number, params: MsgParam[]): Converted[] | number {
    if (params.length > 4) return TEE.ERROR_BAD_PARAMETERS;
    this.bounceTop[thread] = 0;
    const out = new Array<Converted>(4);
    let i = 0;
    for (; i < params.length; i++) {
      const p = params[i]!;
      if (p.attr & MSG_ATTR.META) return TEE.ERROR_BAD_PARAMETERS;
      const type = p.attr & MSG_ATTR.TYPE_MASK;
      switch (type) {
        case MSG_ATTR.NONE:
          out[i] = { gp: noneParam() };
          break;
        case MSG_ATTR.VALUE_INPUT:
        case MSG_ATTR.VALUE_OUTPUT:
        case MSG_ATTR.VALUE_INOUT:
          out[i] = { gp: { type, a: low32(p.a), b: low32(p.b) } };
          break;
        case MSG_ATTR.TMEM_INPUT:
        case MSG_ATTR.TMEM_OUTPUT:
        case MSG_ATTR.TMEM_INOUT:
        case MSG_ATTR.RMEM_INPUT:
        case MSG_ATTR.RMEM_OUTPUT:
        case MSG_ATTR.RMEM_INOUT: {
          const size = u64ToNumber(p.b);
          // A size no memory can back is refused before a byte is copied (mobj lookup fails).
          if (!fitsMemory(this.memory, size)) return TEE.ERROR_BAD_PARAMETERS;
          // TMEM_* (9..b) and RMEM_* (5..7) map onto MEMREF_INPUT/OUTPUT/INOUT (5..7).
          const gpType = GP.MEMREF_INPUT + ((type - 1) & 3);
          const c = this.memref(thread, i, p, type, gpType, size);
          if (typeof c === 'number') return c;
          out[i] = c;
          break;
        }
        default:
          return TEE.ERROR_BAD_PARAMETERS;
      }
    }
    for (; i < 4; i++) out[i] = { gp: noneParam() };
    return out;
  }

  private memref(
    thread: number,
    slot: number,
    p: MsgParam,
    type: number,
    gpType: number,
    size: number,
  ): Converted | number {
    let buffer: ShmBuffer | undefined;
    // A memref inside one physical range (every TMEM without NONCONTIG, an RMEM within the first
    // segment of its registered buffer) is read straight from `pa`; its buffer record, needed only
    // to write an output back, is made only for output memrefs. Same bytes and faults as
    // `contiguous`/`slice` + `readBufferInto` (a zero-size memref reads nothing either way).
    let pa: bigint | undefined;
    if (type >= MSG_ATTR.TMEM_INPUT) {
      if (p.a === 0n) {
        if (!this.config.capabilities.memrefNull) return TEE.ERROR_BAD_PARAMETERS;
        return { gp: { type: gpType, a: 0, b: 0, memref: { data: null, size } } };
      }
      if (p.attr & MSG_ATTR.NONCONTIG) {
        const b = pageListBuffer(this.memory, p.a, size);
        if (isFault(b)) return TEE.ERROR_BAD_PARAMETERS;
        buffer = b;
      } else pa = p.a;
    } else {
      const reg = this.shm.get(p.c);
      const offs = u64ToNumber(p.a);
      if (!reg || offs + size > reg.size) return TEE.ERROR_BAD_PARAMETERS;
      const first = reg.segments[0];
      if (first !== undefined && offs + size <= first.length)
        pa = offs === 0 ? first.pa : first.pa + BigInt(offs);
      else buffer = slice(reg, offs, size);
    }
    if (pa !== undefined && gpType !== GP.MEMREF_INPUT) {
      buffer = contiguous(pa, size);
      pa = undefined;
    }
    const top = this.bounceTop[thread]!;
    const pool = this.bounce[thread]!;
    let data: Uint8Array;
    if (top + size <= pool.length) {
      // A channel passes the same sizes on every message, so the view of the bounce buffer the
      // previous call used for this parameter is usually the one needed: a new subarray per
      // memref (a typed-array object) cost more than copying its bytes.
      const views = this.bounceViews[thread]!;
      const v = views[slot];
      if (v !== undefined && v.byteOffset === top && v.length === size) data = v;
      else data = views[slot] = pool.subarray(top, top + size);
      this.bounceTop[thread] = (top + size + 7) & ~7;
    } else data = new Uint8Array(size);
    if (pa !== undefined) {
      if (size > 0 && this.memory.readInto(pa, data, 0, size)) return TEE.ERROR_BAD_PARAMETERS;
      return { gp: { type: gpType, a: 0, b: 0, memref: { data, size } } };
    }
    if (readBufferInto(this.memory, buffer!, data)) return TEE.ERROR_BAD_PARAMETERS;
    return { gp: { type: gpType, a: 0, b: 0, memref: { data, size } }, buffer };
  }

  private copyOut(params: MsgParam[], conv: Converted[]): void {
    for (let i = 0; i < params.length; i++) {
      const p = params[i]!;
      const c = conv[i];
      if (!c) continue;
      const gp = c.gp;
      if (gp.type === GP.VALUE_OUTPUT || gp.type === GP.VALUE_INOUT) {
        p.a = bigFromU32(gp.a);
        p.b = bigFromU32(gp.b);
      } else if (gp.type === GP.MEMREF_OUTPUT || gp.type === GP.MEMREF_INOUT) {
        const size = gp.memref!.size;
        p.b = bigFromNumber(size);
        if (c.buffer && gp.memref!.data) writeBuffer(this.memory, c.buffer, gp.memref!.data);
      }
    }
  }

  // ---- shared memory registration ----

  private registerShm(arg: MsgArg): void {
    const p = arg.params[0];
    const type = (p?.attr ?? 0) & MSG_ATTR.TYPE_MASK;
    const okType =
      type === MSG_ATTR.TMEM_INPUT || type === MSG_ATTR.TMEM_OUTPUT || type === MSG_ATTR.TMEM_INOUT;
    if (arg.numParams !== 1 || !p || !okType || !(p.attr & MSG_ATTR.NONCONTIG) || !this.config.shm.dynamic) {
      this.setRet(arg, TEE.ERROR_BAD_PARAMETERS, ORIGIN.TEE);
      return;
    }
    const buf = pageListBuffer(this.memory, p.a, Number(p.b));
    if (isFault(buf)) {
      this.setRet(arg, TEE.ERROR_BAD_PARAMETERS, ORIGIN.TEE);
      return;
    }
    this.setRet(arg, this.shm.register(p.c, buf), ORIGIN.TEE);
  }

  private unregisterShm(arg: MsgArg): void {
    const p = arg.params[0];
    if (arg.numParams !== 1 || !p || p.attr !== MSG_ATTR.RMEM_INPUT) {
      this.setRet(arg, TEE.ERROR_BAD_PARAMETERS, ORIGIN.TEE);
      return;
    }
    this.setRet(arg, this.shm.unregister(p.c), ORIGIN.TEE);
  }

  // ---- RPC (thread_rpc_cmd) ----

  /** Sends one RPC command to the normal world and returns its `arg.ret`. */
  private *rpcCmd(
    thread: number,
    rpc: SecureRpc,
    given: ShmBuffer | undefined,
  ): Generator<RpcOut, number, RpcIn> {
    let where: ShmBuffer;
    let a1 = 0n;
    let a2 = 0n;
    if (given) where = given;
    else {
      const cached = yield* this.threadRpcArg(thread);
      if (!cached) return TEE.ERROR_OUT_OF_MEMORY;
      where = contiguous(cached.pa, msgArgSize(THREAD_RPC_MAX_NUM_PARAMS));
      [a1, a2] = regPair(cached.cookie);
    }
    const p = emptyParam();
    let cmd: number;
    if (rpc.kind === 'suspend') {
      cmd = RPC_CMD.SUSPEND;
      p.attr = MSG_ATTR.VALUE_INPUT;
      p.a = BigInt(rpc.ms);
    } else {
      cmd = RPC_CMD.NOTIFICATION;
      p.attr = MSG_ATTR.VALUE_INPUT;
      p.a = BigInt(rpc.kind === 'notif-wait' ? RPC_NOTIFICATION_WAIT : RPC_NOTIFICATION_SEND);
      p.b = BigInt(rpc.value);
      p.c = BigInt(rpc.kind === 'notif-wait' ? rpc.timeoutMs : 0);
    }
    const out: MsgArg = {
      cmd,
      func: 0,
      session: 0,
      cancelId: 0,
      ret: TEE.ERROR_GENERIC,
      retOrigin: 0,
      numParams: 1,
      params: [p],
    };
    if (writeBuffer(this.memory, where, encodeMsgArg(out))) return TEE.ERROR_COMMUNICATION;
    this.trace.emit('optee', this.src, 'rpc cmd', {
      thread,
      cmd,
      ...(rpc.kind === 'suspend' ? { ms: rpc.ms } : { value: rpc.value }),
    });
    yield { a0: OPTEE_RPC.CMD, a1, a2 };
    const back = readBuffer(this.memory, slice(where, 0, msgArgSize(1)));
    if (isFault(back)) return TEE.ERROR_COMMUNICATION;
    return decodeMsgArg(back, 1).ret;
  }

  /** `thread_rpc_alloc_arg`: the thread's own RPC argument, allocated by RPC ALLOC and cached per thread. */
  private *threadRpcArg(thread: number): Generator<RpcOut, CachedRpcArg | undefined, RpcIn> {
    const cached = this.rpcArgCache[thread];
    if (cached) return cached;
    const back = yield { a0: OPTEE_RPC.ALLOC, a1: BigInt(msgArgSize(THREAD_RPC_MAX_NUM_PARAMS)), a2: 0n };
    const pa = fromRegPair(back.a1, back.a2);
    if (pa === 0n) return undefined;
    const arg = { pa, cookie: fromRegPair(back.a4, back.a5) };
    this.rpcArgCache[thread] = arg;
    return arg;
  }

  /** With the RPC cache disabled, a thread frees its RPC argument (RPC FREE) before it returns. */
  private *releaseRpcArg(thread: number): Generator<RpcOut, void, RpcIn> {
    const cached = this.rpcArgCache[thread];
    if (!cached || this.rpcCacheEnabled) return;
    this.rpcArgCache[thread] = undefined;
    const [hi, lo] = regPair(cached.cookie);
    yield { a0: OPTEE_RPC.FREE, a1: hi, a2: lo };
  }
}
