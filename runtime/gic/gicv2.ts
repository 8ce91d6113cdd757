/**
 * GICv2 with the Security Extensions (GIC-400 and friends). Two groups: Group 0 is secure and
 * signalled as FIQ (GICC_CTLR.FIQEn, which TF-A sets), Group 1 is non-secure and signalled as IRQ,
 * whatever world the CPU is in. There is no Secure Group 1: TF-A's GICv2 driver requires every
 * secure interrupt to be Group 0, so a `g1s` request is stored as Group 0 with a diag event.
 * SPIs are targeted by GICD_ITARGETSR, an 8-bit CPU mask: with several CPUs in the mask every one
 * of them sees the interrupt and the first to acknowledge it wins (the others read 1023).
 */
import type { InterruptGroup, Signal } from '../core/interrupts.js';
import { GicBase, type GicOptions, type IrqState } from './gic-base.js';

export class GicV2 extends GicBase {
  readonly version = 2 as const;

  constructor(options: GicOptions) {
    super(options);
    if (options.cpus > 8)
      this.diag(`GICv2 has at most 8 CPU interfaces; CPUs 8 and above cannot be targeted`, {
        cpus: options.cpus,
      });
    this.populate();
  }

  protected get eppiCount(): number {
    return 0;
  }

  protected get espiCount(): number {
    return 0;
  }

  protected signalFor(group: InterruptGroup): Signal {
    return group === 'g0' ? 'fiq' : 'irq';
  }

  /** Secure reads of GICC_IAR (FIQ handler) take Group 0; non-secure reads take Group 1. */
  protected acknowledges(signal: Signal, group: InterruptGroup): boolean {
    return signal === 'fiq' ? group === 'g0' : group === 'g1ns';
  }

  protected targets(s: IrqState, cpu: number): boolean {
    return cpu < 8 && ((s.targetMask >>> cpu) & 1) === 1;
  }

  protected applyTargets(s: IrqState, targets: readonly number[]): void {
    let mask = 0;
    for (const cpu of targets) {
      if (Number.isInteger(cpu) && cpu >= 0 && cpu < Math.min(8, this.cpuCount)) mask |= 1 << cpu;
      else this.diag(`configure: ITARGETSR cannot name CPU ${cpu}; ignored`, { intid: s.intid, cpu });
    }
    s.targetMask = mask;
  }

  protected normaliseGroup(group: InterruptGroup, intid: number): InterruptGroup {
    if (group !== 'g1s') return group;
    this.diag(`configure: GICv2 has no Secure Group 1; INTID ${intid} made Group 0 as TF-A requires`, {
      intid,
    });
    return 'g0';
  }
}
