/**
 * OP-TEE's native (secure) interrupt framework (`core/kernel/interrupt.c`, `core/drivers/gic.c`):
 * secure drivers register a handler per INTID (`interrupt_add_handler`), the GIC driver configures
 * the INTID secure (Group 1 Secure on GICv3, Group 0 on GICv2) and enabled, and the native interrupt
 * entry (`itr_core_handler` → `gic_native_itr_handler`) acknowledges in the secure CPU interface,
 * runs the handler and ends the interrupt. opteed reaches this entry through OP-TEE's `fiq_entry`
 * vector when a secure interrupt traps to EL3 while the normal world runs.
 */
import { type InterruptController, SPURIOUS_INTID } from '../core/interrupts.js';
import type { Trace } from '../core/trace.js';

/** `struct itr_handler`: runs on the CPU that took the interrupt. */
export type SecureItrHandler = (intid: number, cpu: number) => void;

/** Priority OP-TEE gives its secure interrupts: above any non-secure one (Linux uses 0xa0). */
const SECURE_PRIORITY = 0x10;

export class SecureInterrupts {
  private readonly handlers = new Map<number, SecureItrHandler>();
  /** Native interrupts handled (tests read it). */
  handled = 0;

  constructor(
    private readonly gic: InterruptController,
    private readonly trace: Trace,
    private readonly src: string,
  ) {}

  /** `interrupt_add_handler` + `interrupt_enable`: an edge-triggered secure interrupt on `cpu`'s bank. */
  add(intid: number, handler: SecureItrHandler, cpu = 0): void {
    this.handlers.set(intid, handler);
    this.gic.configure(
      intid,
      {
        group: this.gic.version === 3 ? 'g1s' : 'g0',
        trigger: 'edge',
        priority: SECURE_PRIORITY,
        enabled: true,
      },
      cpu,
    );
    this.trace.emit('optee', this.src, 'secure interrupt handler added', { intid });
  }

  /**
   * `itr_core_handler` on `cpu`, already in the secure world: acknowledge (ICC_IAR1_EL1 on GICv3,
   * where a secure Group 1 interrupt is an IRQ to S-EL1; GICC_IAR for Group 0 on GICv2), dispatch,
   * end of interrupt. Returns the INTID handled, or SPURIOUS_INTID.
   */
  nativeEntry(cpu: number): number {
    const intid = this.gic.acknowledge(cpu, this.gic.version === 3 ? 'irq' : 'fiq');
    if (intid === SPURIOUS_INTID) return intid;
    const handler = this.handlers.get(intid);
    if (handler) {
      this.handled++;
      handler(intid, cpu);
    } else this.trace.emit('diag', this.src, `secure interrupt ${intid} has no handler`, { intid, cpu });
    this.gic.endOfInterrupt(cpu, intid);
    return intid;
  }
}
