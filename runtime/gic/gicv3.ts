/**
 * GICv3 (with the v3.1 extended ranges) under TF-A's routing model. Three groups: Group 0 always
 * signals FIQ (EL3 handles it); Secure Group 1 and Non-secure Group 1 signal IRQ to a CPU running in
 * their own security state and FIQ to a CPU in the other one, so with SCR_EL3.FIQ set while the
 * normal world runs (as TF-A's opteed does) a secure interrupt traps to EL3, and a non-secure one
 * arriving in the secure world is a "foreign" FIQ for OP-TEE.
 *
 * Acknowledge through ICC_IAR0_EL1 (`fiq`) takes Group 0; through ICC_IAR1_EL1 (`irq`) it takes the
 * Group 1 of the CPU's current security state. SPIs use affinity routing (GICD_IROUTER): one target
 * CPU, or 1-of-N (IRM = 1) when `targets` is empty, where every participating CPU is signalled
 * and the first to acknowledge wins. EPPIs (1056+) and ESPIs (4096+) exist only up to the counts the
 * platform configures (GICD_TYPER.ESPI_range, GICR_TYPER.PPInum).
 */
import type { InterruptGroup, Signal } from '../core/interrupts.js';
import { GicBase, type GicOptions, type IrqState } from './gic-base.js';

export interface GicV3Options extends GicOptions {
  /** Extended PPIs per CPU: 0, 32 or 64. */
  eppis?: number;
  /** Extended SPIs: a multiple of 32, at most 1024. */
  espis?: number;
}

export class GicV3 extends GicBase {
  readonly version = 3 as const;
  private readonly eppis: number;
  private readonly espis: number;

  constructor(options: GicV3Options) {
    super(options);
    const eppis = options.eppis ?? 0;
    this.eppis = eppis >= 64 ? 64 : eppis >= 32 ? 32 : 0;
    const espis = Math.min(Math.max(options.espis ?? 0, 0), 1024);
    this.espis = espis - (espis % 32);
    if (this.eppis !== eppis || this.espis !== (options.espis ?? 0))
      this.diag('GICv3 extended ranges come in blocks of 32; rounded down', {
        eppis: this.eppis,
        espis: this.espis,
      });
    this.populate();
  }

  protected get eppiCount(): number {
    return this.eppis;
  }

  protected get espiCount(): number {
    return this.espis;
  }

  protected signalFor(group: InterruptGroup, cpuSecure: boolean): Signal {
    if (group === 'g0') return 'fiq';
    return (group === 'g1s') === cpuSecure ? 'irq' : 'fiq';
  }

  protected acknowledges(signal: Signal, group: InterruptGroup, cpuSecure: boolean): boolean {
    if (signal === 'fiq') return group === 'g0';
    return group === (cpuSecure ? 'g1s' : 'g1ns');
  }

  protected targets(s: IrqState, cpu: number): boolean {
    return s.route === cpu || (s.route === -1 && this.isParticipating(cpu));
  }

  protected applyTargets(s: IrqState, targets: readonly number[]): void {
    if (targets.length === 1) {
      const cpu = targets[0]!;
      if (Number.isInteger(cpu) && cpu >= 0 && cpu < this.cpuCount) s.route = cpu;
      else this.diag(`configure: IROUTER names no CPU ${cpu}; routing unchanged`, { intid: s.intid, cpu });
      return;
    }
    if (targets.length > 1)
      this.diag('configure: GICD_IROUTER names one PE; several targets become 1-of-N routing', {
        intid: s.intid,
      });
    s.route = -1;
  }

  protected normaliseGroup(group: InterruptGroup): InterruptGroup {
    return group;
  }
}
