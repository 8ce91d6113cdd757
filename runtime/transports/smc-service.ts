import type { InterruptLine } from '../core/interrupts.js';
import type { Scheduler } from '../core/scheduler.js';
import {
  type CallType,
  type FunctionId,
  OEN,
  reg,
  result,
  SMC_UNK,
  SMCCC_RET_INVALID_PARAMETER,
  type SmcCall,
  type SmcResult,
  type SmcService,
} from '../core/smc.js';
import { hex, type Trace } from '../core/trace.js';
import type { ScmiFirmware } from '../scmi/firmware.js';

export interface ScmiSmcOptions {
  scheduler?: Scheduler;
  trace?: Trace;
  /** Completion interrupts by channel id, for channels the profile gives a `completionIntid`. */
  lines?: ReadonlyMap<number, InterruptLine>;
  /** Virtual time the platform takes before raising the completion interrupt (default 2 µs). */
  latencyNs?: number;
}

/**
 * The firmware end of `arm,scmi-smc` (TF-A stm32mp1/i.MX SiP handlers → `scmi_smt_fastcall_smc_entry`):
 * each profile channel with an `smcId` is rung by that exact function id. Synchronous channels are
 * served before the call returns (a0 = 0). Channels with a completion interrupt return at once and
 * are served later, then raise the interrupt (the a2p flow). With `-param`, a1/a2 must name the
 * channel's area; otherwise the call is refused with INVALID_PARAMETER.
 */
export class ScmiSmcHandler {
  constructor(
    readonly firmware: ScmiFirmware,
    private readonly options: ScmiSmcOptions = {},
  ) {}

  /** Function ids this handler serves (for the monitor's SiP registry). */
  get functionIds(): number[] {
    return this.firmware.channels.flatMap((c) => (c.smcId === undefined ? [] : [c.smcId >>> 0]));
  }

  serves(fid: number): boolean {
    return this.firmware.channelBySmcId(fid) !== undefined;
  }

  /** Handles one call to a served function id; undefined when the id is not an SCMI doorbell. */
  handle(fid: FunctionId, call: SmcCall): SmcResult | undefined {
    const candidates = this.firmware.channels.filter(
      (c) => c.smcId !== undefined && c.smcId >>> 0 === fid.raw,
    );
    if (candidates.length === 0) return undefined;
    let ch = candidates[0]!;
    const a1 = reg(call, 1);
    const a2 = reg(call, 2);
    if (a1 !== 0n || a2 !== 0n || candidates.length > 1) {
      // arm,scmi-smc-param: the shared-memory page and offset pick the instance.
      const address = (a1 << 12n) | (a2 & 0xfffn);
      const match = candidates.find((c) => c.shmem?.base === address);
      if (!match) {
        this.firmware.diag(
          `SMC ${hex(fid.raw)}: a1/a2 name ${hex(address)}, not a shared-memory area the profile serves on this id`,
          { 'smc-id': hex(fid.raw), address: hex(address) },
        );
        return result(SMCCC_RET_INVALID_PARAMETER);
      }
      ch = match;
    }
    const line = this.options.lines?.get(ch.id);
    if (ch.completionIntid !== undefined && line && this.options.scheduler) {
      const id = ch.id;
      this.options.scheduler.after(this.options.latencyNs ?? 2000, `scmi channel ${id}`, () => {
        this.firmware.smtEntry(id, 'fastcall');
        this.options.trace?.emit('irq', this.firmware.name, `a2p completion ${ch.completionIntid}`, {
          channel: id,
        });
        line.pulse();
      });
      return result(0);
    }
    this.firmware.smtEntry(ch.id, 'fastcall');
    return result(0);
  }

  /** A stand-alone SiP service (fast calls of OEN 2) for platforms without a SiP registry. */
  asService(oen: number = OEN.SIP, callTypes: readonly CallType[] = ['fast']): SmcService {
    return {
      name: `${this.firmware.name}-sip`,
      oenStart: oen,
      oenEnd: oen,
      callTypes,
      handle: (fid, call) => this.handle(fid, call) ?? result(SMC_UNK),
    };
  }
}
