/**
 * The EL3 secure monitor's SMC path, as TF-A's `sync_handler` and `runtime_svc` do it (protocols
 * §1.5, checklist 1):
 *
 * - the function id is w0 (bits 63:32 of x0 are ignored);
 * - the SVE hint (bit 16, SMCCC v1.3) is stripped before dispatch; services see the plain id;
 * - a fast call with any of bits 23:17 set is Unknown;
 * - dispatch is by (call type, OEN) through a 128-slot table built from the services' declared
 *   ranges; overlapping declarations are refused at registration;
 * - Unknown writes x0 = 64-bit −1 (`SMC_UNK`); x1..x3 keep the caller's values, as TF-A's
 *   `SMC_RET1` leaves them (SMCCC ≥ 1.1: unused result registers are preserved);
 * - an SMC32 call's arguments reach the service as 32-bit values (SMCCC: the callee ignores the
 *   upper halves; TF-A's services truncate them one by one, the model does it once here);
 * - results are the 64-bit values firmware wrote: an AArch64 caller of an SMC32 function sees them
 *   whole (so TF-A's Unknown is 0xFFFFFFFF_FFFFFFFF, not OP-TEE's 0xFFFFFFFF — Linux's
 *   `OPTEE_SMC_RETURN_IS_RPC` tells them apart), while an AArch32 caller sees only w0..w3, and an
 *   SMC64 id from an AArch32 caller is Unknown.
 *
 * Every call is traced (`smc`: conduit, CPU, fid, args, results, the service that answered).
 */
import {
  type CallType,
  decodeFunctionId,
  type FunctionId,
  OEN,
  SMC_UNK,
  type SmcCall,
  type SmcResult,
  type SmcService,
} from '../core/smc.js';
import type { Trace } from '../core/trace.js';
import { low32 } from '../core/words.js';
import { DispatchTable, type Registration, slotOf } from './dispatch-table.js';
import { isNoReturn } from './outcome.js';

export interface CallerState {
  /** The caller runs in AArch32: it passes and reads 32-bit registers. */
  aarch32?: boolean;
}

export interface MonitorOptions {
  trace: Trace;
  /** Trace source; default `el3`. */
  name?: string;
  /** Trace every call (default true). The benchmark measures both. */
  traceCalls?: boolean;
}

const FAST_RESERVED_MASK = 0x00fe_0000;
const SVE_HINT = 0x0001_0000;
const U32 = 0xffff_ffffn;
const NO_CALLER: CallerState = {};

export class El3Monitor {
  readonly name: string;
  private readonly table = new DispatchTable();
  private readonly trace: Trace;
  private readonly traceCalls: boolean;
  /** Decoded ids, so the hot path does not rebuild the same object per call. */
  private readonly decoded = new Map<number, Decoded>();
  private readonly hexCache = new Map<bigint, string>();
  private readonly fidTexts = new Map<number, string>();

  constructor(options: MonitorOptions) {
    this.trace = options.trace;
    this.name = options.name ?? 'el3';
    this.traceCalls = options.traceCalls ?? true;
  }

  /** Adds a runtime service; refused (and traced) when its range overlaps one already present. */
  register(service: SmcService): Registration {
    const r = this.table.register(service);
    if (!r.ok)
      this.trace.emit('diag', this.name, `runtime service refused: ${r.reason}`, { service: service.name });
    return r;
  }

  /** The Trusted OS dispatcher slot (OEN 50–63, as opteed registers): the SPD's service goes here. */
  registerTrustedOs(service: SmcService): Registration {
    if (service.oenStart < OEN.TOS_START || service.oenEnd > OEN.TOS_END) {
      const reason = `${service.name}: a Trusted OS dispatcher owns OENs within ${OEN.TOS_START}-${OEN.TOS_END}, not ${service.oenStart}-${service.oenEnd}`;
      this.trace.emit('diag', this.name, `runtime service refused: ${reason}`, { service: service.name });
      return { ok: false, reason };
    }
    return this.register(service);
  }

  get services(): readonly SmcService[] {
    return this.table.registered;
  }

  /** The service that owns (call type, OEN), if any. */
  owner(type: CallType, oen: number): SmcService | undefined {
    return this.table.lookup(slotOf(type, oen));
  }

  /** Handles one SMC trapped to EL3. Never throws on guest input. */
  call(call: SmcCall, caller: CallerState = NO_CALLER): SmcResult {
    const regs = call.regs;
    const x0 = regs.length > 0 ? regs[0]! : 0n;
    const w0 = low32(x0); // not Number(BigInt.asUintN(…)): the builtins cost more than the dispatch
    const fast = w0 >= 0x8000_0000;
    const smc64 = (w0 & 0x4000_0000) !== 0;
    const aarch32 = caller.aarch32 === true;
    let service: SmcService | undefined;
    if (!((fast && (w0 & FAST_RESERVED_MASK) !== 0) || (smc64 && aarch32)))
      service = this.table.lookup(((fast ? 1 : 0) << 6) | ((w0 >>> 24) & 0x3f));

    let result: SmcResult;
    if (service === undefined) {
      result = { regs: [SMC_UNK, regs[1] ?? 0n, regs[2] ?? 0n, regs[3] ?? 0n] };
    } else {
      let entry = this.decoded.get(w0);
      if (entry === undefined) entry = this.decode(w0);
      result = service.handle(entry.id, this.presented(call, entry, x0, smc64 && !aarch32));
      if (!isNoReturn(result) && result.regs.length < 4) result = complete(result.regs, regs);
    }
    if (aarch32 && !isNoReturn(result)) result = { regs: result.regs.map((r) => r & U32) };
    if (this.traceCalls) this.record(call, w0, service, result);
    return result;
  }

  private decode(w0: number): Decoded {
    const fid = (w0 & ~SVE_HINT) >>> 0;
    // `raw` is the stripped id services compare with; `sveHint` keeps what the caller said (TF-A
    // passes it in the handler's flags).
    const id = Object.freeze({ ...decodeFunctionId(fid), sveHint: (w0 & SVE_HINT) !== 0 });
    const entry: Decoded = { id, x0: BigInt(fid) };
    if (this.decoded.size >= 4096) this.decoded.clear(); // bounded against arbitrary guest ids
    this.decoded.set(w0, entry);
    return entry;
  }

  /** The call as the service sees it: plain 32-bit id in x0, SMC32 arguments cut to 32 bits. */
  private presented(call: SmcCall, entry: Decoded, x0: bigint, wide: boolean): SmcCall {
    const regs = call.regs;
    let change = x0 !== entry.x0;
    if (!change && !wide)
      for (let i = 1; i < regs.length; i++)
        if (regs[i]! > U32) {
          change = true;
          break;
        }
    if (!change) return call;
    const out = new Array<bigint>(regs.length);
    out[0] = entry.x0;
    for (let i = 1; i < regs.length; i++) out[i] = wide ? regs[i]! : regs[i]! & U32;
    return { conduit: call.conduit, regs: out, cpu: call.cpu, secure: call.secure };
  }

  private record(call: SmcCall, w0: number, service: SmcService | undefined, result: SmcResult): void {
    const regs = call.regs;
    const args = new Array<string>(regs.length > 0 ? regs.length - 1 : 0);
    for (let i = 1; i < regs.length; i++) args[i - 1] = this.hex(regs[i]!);
    const out = result.regs;
    const results = new Array<string>(out.length);
    for (let i = 0; i < out.length; i++) results[i] = this.hex(out[i]!);
    const fid = this.fidText(w0);
    const nr = isNoReturn(result) ? result.noReturn : undefined;
    const name = service ? service.name : null;
    const data: Record<string, string | number | boolean | null | readonly string[]> = {
      conduit: call.conduit,
      cpu: call.cpu,
      secure: call.secure,
      fid,
      service: name,
      args,
      results,
    };
    if (nr) data.noReturn = nr;
    this.trace.emit('smc', this.name, `${call.conduit} ${fid} ${name ?? 'unknown'}`, data);
  }

  private fidText(w0: number): string {
    let text = this.fidTexts.get(w0);
    if (text === undefined) {
      text = `0x${w0.toString(16).padStart(8, '0')}`;
      if (this.fidTexts.size >= 4096) this.fidTexts.clear();
      this.fidTexts.set(w0, text);
    }
    return text;
  }

  /**
   * Register values repeat (0, ids, status codes): formatting a bigint costs more than the rest of a
   * traced call, so recent texts are kept in a bounded cache.
   */
  private hex(v: bigint): string {
    if (v === 0n) return '0x0';
    let text = this.hexCache.get(v);
    if (text === undefined) {
      text = `0x${v.toString(16)}`;
      if (this.hexCache.size >= 1024) this.hexCache.clear();
      this.hexCache.set(v, text);
    }
    return text;
  }
}

interface Decoded {
  id: FunctionId;
  /** The stripped id as the service's x0. */
  x0: bigint;
}

/** x0..x3 always present: registers the service did not write keep the caller's values. */
function complete(written: readonly bigint[], callerRegs: readonly bigint[]): SmcResult {
  return {
    regs: [
      written[0] ?? callerRegs[0] ?? 0n,
      written[1] ?? callerRegs[1] ?? 0n,
      written[2] ?? callerRegs[2] ?? 0n,
      written[3] ?? callerRegs[3] ?? 0n,
    ],
  };
}
