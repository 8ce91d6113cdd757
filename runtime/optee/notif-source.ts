/**
 * A secure peripheral whose OP-TEE driver notifies the normal world, as a scenario's `notify` step
 * stands for (a secure timer, a secure watchdog, a crypto engine finishing). The device pulses its
 * secure interrupt line; the CPU takes it as a FIQ to EL3 (opteed hands it to OP-TEE) and the
 * driver's handler, in OP-TEE on that CPU, sends the queued notification values
 * (`notif_send_async`), which raise the non-secure notification interrupt.
 */
import type { InterruptController } from '../core/interrupts.js';
import type { Trace } from '../core/trace.js';
import type { SecureInterrupts } from './itr.js';
import type { SecureNotif } from './notif.js';

/** The INTID of the secure physical timer (CNTPS, PPI 13 = INTID 29): present on every Armv8 core. */
export const DEFAULT_SECURE_NOTIFY_INTID = 29;

export class SecureNotifySource {
  private readonly queued: number[] = [];

  constructor(
    private readonly deps: {
      gic: InterruptController;
      itr: SecureInterrupts;
      notif: SecureNotif;
      trace: Trace;
    },
    readonly intid: number,
    private readonly src: string,
    /** The CPU whose bank a PPI source raises (an SPI is routed by the GIC). */
    private readonly cpu = 0,
  ) {
    deps.itr.add(intid, (_intid, on) => this.handle(on), cpu);
  }

  /** The device asserts its interrupt for `value` (edge: pulses coalesce while it is pending). */
  raise(value: number): void {
    this.queued.push(value);
    this.deps.trace.emit('device', this.src, `secure interrupt ${this.intid} raised`, {
      intid: this.intid,
      value,
    });
    this.deps.gic.line(this.intid, this.intid < 32 ? this.cpu : undefined).pulse();
  }

  /** The secure driver's handler: every value the device has asked for since the last interrupt. */
  private handle(cpu: number): void {
    const values = this.queued.splice(0);
    for (const v of values) this.deps.notif.sendAsync(v, cpu);
  }
}
