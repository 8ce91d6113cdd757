/**
 * The slice of Linux's IRQ core the OP-TEE driver needs: `request_threaded_irq` /
 * `request_percpu_irq` on a GIC INTID, the exception entry that acknowledges, runs the top half and
 * ends the interrupt, and the IRQ thread woken by IRQ_WAKE_THREAD (one run per wake, as
 * IRQTF_RUNTHREAD coalesces wakes). Entry is deferred through the scheduler: an interrupt raised
 * while the CPU is inside an SMC is taken when the SMC returns, never in the middle of it.
 *
 * Generic to any Linux driver model; it lives here until a shared Linux folder owns it.
 */
import { type InterruptController, SPURIOUS_INTID } from '../../core/interrupts.js';
import type { Scheduler } from '../../core/scheduler.js';
import type { Trace } from '../../core/trace.js';
import { ERRNO } from '../driver-core.js';

export type IrqReturn = 'none' | 'handled' | 'wake-thread';

export interface IrqAction {
  /** `/proc/interrupts` name, e.g. `optee_notification`. */
  name: string;
  /** Hard-IRQ top half. */
  handler(intid: number): IrqReturn;
  /** Threaded handler, run after the top half asks for it. */
  thread?(intid: number): void;
}

/** What a driver model holds to request interrupts. */
export interface LinuxIrqs {
  /** 0 or a negative errno (-EBUSY when the INTID is taken, -EINVAL when it is not an SPI/PPI). */
  request(intid: number, trigger: 'edge' | 'level', action: IrqAction): number;
  free(intid: number): void;
}

/** Entries handled per exception before yielding to other events (a stuck level line cannot hang a run). */
const MAX_ACKS_PER_ENTRY = 64;

export class GicLinuxIrqs implements LinuxIrqs {
  private readonly actions = new Map<number, IrqAction>();
  private readonly threadQueued = new Set<number>();
  private entryQueued = false;
  /** Top halves run (benchmarks read it). */
  handled = 0;

  constructor(
    private readonly gic: InterruptController,
    private readonly scheduler: Scheduler,
    private readonly trace: Trace,
    /** The CPU Linux takes interrupts on (SPIs are routed to it). */
    private readonly cpu = 0,
    /**
     * Taken by the CPU models (`CpuCluster`, which calls `exception`) instead of by watching the
     * GIC's signal: then the interrupt is an exception a CPU takes at non-secure EL1.
     */
    viaCpus = false,
  ) {
    if (!viaCpus)
      gic.onSignal((c, signal, asserted) => {
        if (c === this.cpu && signal === 'irq' && asserted) this.queueEntry();
      });
  }

  /**
   * The IRQ vector at non-secure EL1 (`el1h_64_irq` → `gic_handle_irq`) on the CPU that took it:
   * acknowledges, dispatches and ends what that CPU's interface presents, PPIs from its own bank.
   */
  exception(cpu: number): void {
    this.entry(cpu);
  }

  request(intid: number, trigger: 'edge' | 'level', action: IrqAction): number {
    if (intid < 16 || intid >= 1020) return -ERRNO.EINVAL;
    if (this.actions.has(intid)) return -ERRNO.EBUSY;
    this.actions.set(intid, action);
    this.gic.configure(
      intid,
      {
        group: 'g1ns',
        trigger,
        priority: 0xa0,
        enabled: true,
        ...(intid >= 32 ? { targets: [this.cpu] } : {}),
      },
      this.cpu,
    );
    this.trace.emit('irq', 'linux', 'request irq', { intid, trigger, name: action.name });
    return 0;
  }

  free(intid: number): void {
    if (!this.actions.delete(intid)) return;
    this.gic.configure(intid, { enabled: false }, this.cpu);
    this.trace.emit('irq', 'linux', 'free irq', { intid });
  }

  private queueEntry(): void {
    if (this.entryQueued) return;
    this.entryQueued = true;
    this.scheduler.after(0, 'linux irq entry', () => {
      this.entryQueued = false;
      this.entry();
    });
  }

  /** `gic_handle_irq`: acknowledge, dispatch, EOI, until nothing is pending. */
  private entry(cpu = this.cpu): void {
    for (let n = 0; n < MAX_ACKS_PER_ENTRY; n++) {
      const intid = this.gic.acknowledge(cpu, 'irq');
      if (intid === SPURIOUS_INTID) return;
      const action = this.actions.get(intid);
      if (!action) {
        this.trace.emit('diag', 'linux', `irq ${intid}: nobody cared`, { intid });
        this.gic.endOfInterrupt(cpu, intid);
        continue;
      }
      this.handled++;
      const r = action.handler(intid);
      this.gic.endOfInterrupt(cpu, intid);
      if (r === 'wake-thread' && action.thread) this.wakeThread(intid, action);
    }
    this.queueEntry();
  }

  private wakeThread(intid: number, action: IrqAction): void {
    if (this.threadQueued.has(intid)) return;
    this.threadQueued.add(intid);
    this.scheduler.after(0, `irq/${intid}-${action.name}`, () => {
      this.threadQueued.delete(intid);
      if (this.actions.get(intid) === action) action.thread!(intid);
    });
  }
}
