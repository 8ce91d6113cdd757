/**
 * An optional EL2 hypervisor as the normal world's `hvc` target. It answers the calls of its own
 * services first (its own dispatch table, same overlap rules as EL3: a KVM-like vendor hypervisor
 * service in OEN 6, for instance), then forwards the OEN ranges it is configured to pass through
 * to EL3 as an `smc` (a hypervisor that proxies PSCI or OP-TEE), stamping the client id in x7 when
 * it has one (Xen's OP-TEE mediator passes the guest id there); anything else is Unknown from EL2.
 * With `trapsSmc` (HCR_EL2.TSC) an `smc` from EL1 also lands here rather than at EL3.
 */
import {
  type CallType,
  decodeFunctionId,
  SMC_UNK,
  type SmcCall,
  type SmcResult,
  type SmcService,
} from '../core/smc.js';
import type { Trace } from '../core/trace.js';
import { DispatchTable, type Registration, slotOf } from './dispatch-table.js';
import type { CallerState, El3Monitor } from './monitor.js';
import { isNoReturn } from './outcome.js';

export interface OenRange {
  oenStart: number;
  oenEnd: number;
  callTypes?: readonly CallType[];
}

export interface HypervisorOptions {
  trace: Trace;
  monitor: El3Monitor;
  /** What is passed through to EL3: everything, nothing, or these ranges. Default: everything. */
  forward?: 'all' | 'none' | readonly OenRange[];
  /** Client id written to x7 of forwarded calls (SMCCC: 0 is the hypervisor itself). */
  clientId?: number;
  /** HCR_EL2.TSC: `smc` from EL1 traps to EL2. */
  trapsSmc?: boolean;
  name?: string;
}

export class El2Hypervisor {
  readonly name: string;
  readonly trapsSmc: boolean;
  private readonly table = new DispatchTable();
  private readonly trace: Trace;
  private readonly monitor: El3Monitor;
  private readonly forwarded: boolean[] = new Array(128).fill(false);
  private readonly clientId?: number;

  constructor(options: HypervisorOptions) {
    this.trace = options.trace;
    this.monitor = options.monitor;
    this.name = options.name ?? 'el2';
    this.trapsSmc = options.trapsSmc ?? false;
    this.clientId = options.clientId;
    const forward = options.forward ?? 'all';
    if (forward === 'all') this.forwarded.fill(true);
    else if (forward !== 'none')
      for (const r of forward)
        for (const type of r.callTypes ?? (['fast', 'yield'] as const))
          for (let oen = Math.max(0, r.oenStart); oen <= Math.min(63, r.oenEnd); oen++)
            this.forwarded[slotOf(type, oen)] = true;
  }

  register(service: SmcService): Registration {
    const r = this.table.register(service);
    if (!r.ok)
      this.trace.emit('diag', this.name, `hypervisor service refused: ${r.reason}`, {
        service: service.name,
      });
    return r;
  }

  /** Handles a call trapped to EL2 (an `hvc`, or an `smc` when trapping). Never throws on guest input. */
  call(call: SmcCall, caller: CallerState = {}): SmcResult {
    const w0 = Number((call.regs[0] ?? 0n) & 0xffff_ffffn);
    const slot = slotOf((w0 & 0x8000_0000) !== 0 ? 'fast' : 'yield', (w0 >>> 24) & 0x3f);
    const own = this.table.lookup(slot);
    if (own) {
      const r = own.handle(decodeFunctionId(w0), call);
      this.record(call, w0, own.name, r);
      return r;
    }
    if (this.forwarded[slot]) {
      const regs = call.regs.slice();
      if (this.clientId !== undefined) {
        while (regs.length < 8) regs.push(0n);
        regs[7] = BigInt(this.clientId >>> 0);
      }
      this.trace.emit('smc', this.name, `forward 0x${w0.toString(16).padStart(8, '0')} to EL3`, {
        conduit: call.conduit,
        cpu: call.cpu,
        fid: `0x${w0.toString(16).padStart(8, '0')}`,
      });
      return this.monitor.call({ conduit: 'smc', regs, cpu: call.cpu, secure: false }, caller);
    }
    const r: SmcResult = { regs: [SMC_UNK, call.regs[1] ?? 0n, call.regs[2] ?? 0n, call.regs[3] ?? 0n] };
    this.record(call, w0, null, r);
    return r;
  }

  private record(call: SmcCall, w0: number, service: string | null, r: SmcResult): void {
    const fid = `0x${w0.toString(16).padStart(8, '0')}`;
    this.trace.emit('smc', this.name, `${call.conduit} ${fid} ${service ?? 'unknown'}`, {
      conduit: call.conduit,
      cpu: call.cpu,
      secure: call.secure,
      fid,
      service,
      args: call.regs.slice(1).map((v) => `0x${v.toString(16)}`),
      results: r.regs.map((v) => `0x${v.toString(16)}`),
      ...(isNoReturn(r) ? { noReturn: r.noReturn } : {}),
    });
  }
}
