/**
 * OP-TEE's asynchronous notification state (`core/kernel/notif_default.c`): a 64-bit bitmap of
 * pending values, the allocator for values 1..63 (0 is reserved for "do bottom half"), the secure
 * drivers that want STARTED / DO_BOTTOM_HALF / STOPPED events, and the software pend of the
 * notification INTID on the GIC (`interrupt_raise_pi` → `GICD_ISPENDR`).
 */
import { type InterruptController, intidKind } from '../core/interrupts.js';
import type { EventHandle, Scheduler } from '../core/scheduler.js';
import type { Trace } from '../core/trace.js';
import { NOTIF_ASYNC_VALUE_MAX } from './abi.js';
import type { OpteeConfig } from './config.js';

export type NotifEvent = 'started' | 'do-bottom-half' | 'stopped';

/** A secure driver using notifications (`struct notif_driver`). */
export interface NotifDriver {
  name: string;
  /** Atomic callback: STARTED (from the ENABLE_ASYNC_NOTIF fast call). */
  atomic?(event: NotifEvent): void;
  /** Yielding callback: DO_BOTTOM_HALF and STOPPED (from a yielding call). */
  yielding?(event: NotifEvent): void;
}

export interface NotifValue {
  value: number;
  valid: boolean;
  pending: boolean;
}

export class SecureNotif {
  private pendingBits = 0n;
  private allocBits = 1n; // bit 0 pre-reserved for DO_BOTTOM_HALF
  private isStarted = false;
  private readonly drivers: NotifDriver[] = [];
  private fetches = 0;
  private watchdog: EventHandle | undefined;
  /** Bottom halves delivered (tests and benchmarks count them). */
  bottomHalves = 0;

  constructor(
    private readonly config: OpteeConfig,
    private readonly gic: InterruptController,
    private readonly trace: Trace,
    private readonly scheduler: Scheduler,
    private readonly src: string,
  ) {}

  get started(): boolean {
    return this.isStarted;
  }

  registerDriver(driver: NotifDriver): void {
    this.drivers.push(driver);
  }

  /** `notif_alloc_async_value`: lowest free value in 1..63, or undefined when all are taken. */
  allocAsyncValue(): number | undefined {
    for (let v = 1; v <= NOTIF_ASYNC_VALUE_MAX; v++) {
      const bit = 1n << BigInt(v);
      if (!(this.allocBits & bit)) {
        this.allocBits |= bit;
        return v;
      }
    }
    return undefined;
  }

  freeAsyncValue(value: number): void {
    if (value > 0 && value <= NOTIF_ASYNC_VALUE_MAX) this.allocBits &= ~(1n << BigInt(value));
  }

  /**
   * `notif_send_async` on `cpu` (the core running OP-TEE): mark `value` pending and pend the
   * notification INTID, a PPI on that core only. Repeated sends before
   * the normal world fetches coalesce in the bitmap (and in the GIC: an edge while pending is one edge).
   */
  sendAsync(value: number, cpu = 0): void {
    if (!this.config.asyncNotif.enabled) {
      this.trace.emit('diag', this.src, 'notif_send_async without CFG_CORE_ASYNC_NOTIF: dropped', { value });
      return;
    }
    if (!Number.isInteger(value) || value < 0 || value > NOTIF_ASYNC_VALUE_MAX) {
      this.trace.emit('diag', this.src, 'only values 0..63 can be sent asynchronously: dropped', { value });
      return;
    }
    this.pendingBits |= 1n << BigInt(value);
    const intid = this.config.asyncNotif.intid;
    const ppi = intidKind(intid) === 'ppi' || intidKind(intid) === 'eppi';
    this.trace.emit('optee', this.src, 'notif send async', ppi ? { value, intid, cpu } : { value, intid });
    if (intid < 16) {
      // OP-TEE's gic_it_set_pending asserts INTID >= 16; an SGI or "0 = none" cannot carry it.
      this.trace.emit('diag', this.src, 'notification INTID is not an SPI or PPI: nothing is pended', {
        intid,
        setting: 'asyncNotif.intid (CFG_CORE_ASYNC_NOTIF_GIC_INTID)',
      });
    } else if (ppi) {
      // `gic_it_set_pending` on a PPI writes GICR_ISPENDR0 of the calling core's redistributor
      // (GICD_ISPENDR0 is banked the same way on GICv2): only that CPU sees it.
      this.gic.setPending(intid, cpu);
    } else {
      this.gic.setPending(intid);
    }
    this.armWatchdog();
  }

  /** `notif_get_value`: pops the lowest pending value; PENDING says whether any is left after the pop. */
  getValue(): NotifValue {
    this.fetches++;
    if (this.pendingBits === 0n) return { value: 0, valid: false, pending: false };
    let value = 0;
    while (!(this.pendingBits & (1n << BigInt(value)))) value++;
    this.pendingBits &= ~(1n << BigInt(value));
    return { value, valid: true, pending: this.pendingBits !== 0n };
  }

  /** Values set and not yet fetched, lowest first. */
  get pendingValues(): number[] {
    const out: number[] = [];
    for (let v = 0; v <= NOTIF_ASYNC_VALUE_MAX; v++) if (this.pendingBits & (1n << BigInt(v))) out.push(v);
    return out;
  }

  /** `notif_deliver_atomic_event(NOTIF_EVENT_STARTED)`: idempotent ("Already started"). */
  start(): void {
    if (this.isStarted) {
      this.trace.emit('optee', this.src, 'async notif already started');
      return;
    }
    this.isStarted = true;
    this.trace.emit('optee', this.src, 'async notif started');
    for (const d of this.drivers) d.atomic?.('started');
  }

  /** `notif_deliver_event`: yielding events; STOPPED is ignored unless started. */
  deliver(event: 'do-bottom-half' | 'stopped'): void {
    if (event === 'stopped') {
      if (!this.isStarted) return;
      this.isStarted = false;
      this.trace.emit('optee', this.src, 'async notif stopped');
    } else {
      this.bottomHalves++;
      this.trace.emit('optee', this.src, 'do bottom half');
    }
    for (const d of this.drivers) d.yielding?.(event);
  }

  /**
   * A value still unfetched long after it was sent means the interrupt never reached a handler:
   * most often the DT's `interrupts` of the optee node names another INTID than the firmware pends.
   */
  private armWatchdog(): void {
    if (this.watchdog || this.config.notifStaleNs <= 0) return;
    const fetchesAtArm = this.fetches;
    this.watchdog = this.scheduler.after(this.config.notifStaleNs, 'optee notif watchdog', () => {
      this.watchdog = undefined;
      if (this.fetches !== fetchesAtArm || this.pendingBits === 0n) return;
      this.trace.emit(
        'diag',
        this.src,
        `notification values pending for ${this.config.notifStaleNs} ns and never fetched: nothing handles INTID ${this.config.asyncNotif.intid} in the normal world (does the optee node's 'interrupts' name the INTID the firmware profile pends?)`,
        {
          intid: this.config.asyncNotif.intid,
          pending: this.pendingValues,
          setting: 'asyncNotif.intid (CFG_CORE_ASYNC_NOTIF_GIC_INTID)',
        },
      );
    });
  }
}
