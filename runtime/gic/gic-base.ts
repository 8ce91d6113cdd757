/**
 * The state machine GICv2 and GICv3 share (GIC architecture, protocols §6.5): one record per INTID
 * (per CPU for SGIs, PPIs and EPPIs), a priority stack per CPU interface, and one `update()` that
 * recomputes every CPU's IRQ/FIQ signal after any change (Renode's "one function recomputes the
 * interrupt state"). The two versions differ only in which INTIDs exist, how groups map to IRQ/FIQ,
 * which IAR acknowledges which group, and how SPIs are targeted; those are the abstract members.
 *
 * Reset state is the state after TF-A's and Linux's GIC init, which is what a board presents to the
 * scenarios we run: every interrupt disabled, Non-secure Group 1, priority 0xa0 (Linux's default),
 * level-sensitive (SGIs are always edge), SPIs targeted at CPU 0, all group enables set, PMR 0xff.
 *
 * Guest-visible mistakes (unknown INTIDs, EOI of an interrupt that is not active, a CPU index the
 * platform does not have) are ignored with a `diag` trace event, never thrown.
 */
import {
  type InterruptConfig,
  type InterruptController,
  type InterruptGroup,
  type InterruptLine,
  intidKind,
  type Signal,
  SPURIOUS_INTID,
} from '../core/interrupts.js';
import type { Trace } from '../core/trace.js';

export interface GicOptions {
  trace: Trace;
  /** Number of CPU interfaces (PEs). */
  cpus: number;
  /** Highest SPI INTID + 1 (GICD_TYPER.ITLinesNumber); default 288 (256 SPIs, as QEMU virt). */
  spiLimit?: number;
  /** Implemented priority bits (GIC-400 implements 5; lower bits read as zero). Default 8. */
  priorityBits?: number;
  /** Trace source name. */
  name?: string;
}

/** A read-only snapshot of one interrupt, for tests and scenario expectations. */
export interface IrqSnapshot {
  intid: number;
  /** The CPU bank for SGIs/PPIs/EPPIs, -1 for SPIs/ESPIs. */
  cpu: number;
  group: InterruptGroup;
  trigger: 'edge' | 'level';
  priority: number;
  enabled: boolean;
  pending: boolean;
  active: boolean;
  /** Line input as the device drives it. */
  line: boolean;
}

/** Internal per-INTID record. Mutable on purpose: the hot paths touch these in place. */
export interface IrqState {
  readonly intid: number;
  /** Bank (SGI/PPI/EPPI) or -1 (SPI/ESPI). */
  readonly cpu: number;
  group: InterruptGroup;
  edge: boolean;
  priority: number;
  enabled: boolean;
  /** Edge latched, or software pend (GICD_ISPENDR): stays until acknowledge or clear. */
  latched: boolean;
  /** The device's line input. */
  level: boolean;
  active: boolean;
  /** CPU that acknowledged it (shared interrupts), -1 when inactive. */
  activeOn: number;
  /** GICv2 ITARGETSR mask (bit n = CPU n). */
  targetMask: number;
  /** GICv3 IROUTER: a CPU index, or -1 for 1-of-N (IRM = 1). */
  route: number;
  line?: InterruptLine;
}

export type SignalListener = (cpu: number, signal: Signal, asserted: boolean) => void;

export const DEFAULT_PRIORITY = 0xa0;
/** Running priority of an idle CPU interface: lower than any real priority. */
export const IDLE_PRIORITY = 0x100;

const isPending = (s: IrqState): boolean => s.latched || (!s.edge && s.level);

export abstract class GicBase implements InterruptController {
  abstract readonly version: 2 | 3;
  readonly spiLimit: number;
  readonly cpuCount: number;
  protected readonly trace: Trace;
  protected readonly src: string;
  private readonly priorityMask: number;

  /** SGI/PPI (and EPPI) banks, one array per CPU, indexed by `bankIndex`. */
  private readonly banked: IrqState[][] = [];
  /** SPIs (and ESPIs), indexed by `sharedIndex`. */
  private readonly shared: IrqState[] = [];
  /** Records whose pending state is true: the only ones `update()` scans. */
  private readonly pendingSet = new Set<IrqState>();

  private readonly pmr: number[];
  private readonly activeStack: IrqState[][];
  private readonly secure: boolean[];
  private readonly participating: boolean[];
  private readonly irqOut: boolean[];
  private readonly fiqOut: boolean[];
  private readonly groupEnabled: Record<InterruptGroup, boolean> = { g0: true, g1s: true, g1ns: true };
  private readonly listeners: SignalListener[] = [];
  private updating = false;
  private dirty = false;
  private gen = 0;

  constructor(options: GicOptions) {
    this.trace = options.trace;
    this.src = options.name ?? 'gic';
    this.cpuCount = options.cpus;
    this.spiLimit = Math.min(Math.max(options.spiLimit ?? 288, 32), 1020);
    const bits = Math.min(Math.max(options.priorityBits ?? 8, 4), 8);
    this.priorityMask = (0xff << (8 - bits)) & 0xff;
    const n = this.cpuCount;
    this.pmr = new Array<number>(n).fill(0xff);
    this.activeStack = Array.from({ length: n }, () => []);
    this.secure = new Array<boolean>(n).fill(false);
    this.participating = new Array<boolean>(n).fill(true);
    this.irqOut = new Array<boolean>(n).fill(false);
    this.fiqOut = new Array<boolean>(n).fill(false);
  }

  /** Builds the INTID records; subclasses call it once their ranges are known. */
  protected populate(): void {
    for (let cpu = 0; cpu < this.cpuCount; cpu++) {
      const bank: IrqState[] = [];
      for (let intid = 0; intid < 32; intid++) bank.push(this.record(intid, cpu));
      for (let i = 0; i < this.eppiCount; i++) bank.push(this.record(1056 + i, cpu));
      this.banked.push(bank);
    }
    for (let intid = 32; intid < this.spiLimit; intid++) this.shared.push(this.record(intid, -1));
    for (let i = 0; i < this.espiCount; i++) this.shared.push(this.record(4096 + i, -1));
  }

  private record(intid: number, cpu: number): IrqState {
    return {
      intid,
      cpu,
      group: 'g1ns',
      edge: intid < 16,
      priority: DEFAULT_PRIORITY & this.priorityMask,
      enabled: false,
      latched: false,
      level: false,
      active: false,
      activeOn: -1,
      targetMask: 1,
      route: 0,
    };
  }

  // ---- what the versions decide ----------------------------------------------------------------

  /** Extended PPI count (GICv3.1: 0, 32 or 64). */
  protected abstract get eppiCount(): number;
  /** Extended SPI count (GICv3.1: multiple of 32, at most 1024). */
  protected abstract get espiCount(): number;
  /** The exception a group is signalled as on a CPU in the given security state. */
  protected abstract signalFor(group: InterruptGroup, cpuSecure: boolean): Signal;
  /** Which group an IAR read through `signal` acknowledges on a CPU in that security state. */
  protected abstract acknowledges(signal: Signal, group: InterruptGroup, cpuSecure: boolean): boolean;
  /** Whether a shared interrupt is forwarded to this CPU. */
  protected abstract targets(s: IrqState, cpu: number): boolean;
  /** Applies `targets` from a configure call to a shared interrupt (diag on what cannot be set). */
  protected abstract applyTargets(s: IrqState, targets: readonly number[]): void;
  /** Normalises a group for this version (GICv2 has no Secure Group 1). */
  protected abstract normaliseGroup(group: InterruptGroup, intid: number): InterruptGroup;

  // ---- lookup ----------------------------------------------------------------------------------

  /** The record for (intid, cpu), or undefined (with a diag event) when it does not exist. */
  protected lookup(intid: number, cpu: number | undefined, op: string): IrqState | undefined {
    const kind = intidKind(intid);
    if (kind === 'sgi' || kind === 'ppi' || kind === 'eppi') {
      const index = kind === 'eppi' ? 32 + (intid - 1056) : intid;
      if (cpu === undefined) {
        this.diag(`${op}: INTID ${intid} is banked per CPU and no CPU was given; ignored`, { intid });
        return undefined;
      }
      const bank = this.banked[cpu];
      if (!bank) {
        this.diag(`${op}: CPU ${cpu} has no GIC CPU interface (${this.cpuCount} CPUs); ignored`, {
          intid,
          cpu,
        });
        return undefined;
      }
      const s = bank[index];
      if (!s) this.diag(`${op}: INTID ${intid} is beyond the implemented EPPI range; ignored`, { intid });
      return s;
    }
    if (kind === 'spi' && intid < this.spiLimit) return this.shared[intid - 32];
    if (kind === 'espi' && intid - 4096 < this.espiCount)
      return this.shared[this.spiLimit - 32 + (intid - 4096)];
    this.diag(`${op}: INTID ${intid} (${kind}) is not implemented by this GICv${this.version}; ignored`, {
      intid,
    });
    return undefined;
  }

  /** Every record for (intid, cpu?): all banks of a banked INTID when no CPU is given. */
  private lookupAll(intid: number, cpu: number | undefined, op: string): IrqState[] {
    const kind = intidKind(intid);
    const banked = kind === 'sgi' || kind === 'ppi' || kind === 'eppi';
    if (banked && cpu === undefined) {
      const all: IrqState[] = [];
      for (let c = 0; c < this.cpuCount; c++) {
        const s = this.lookup(intid, c, op);
        if (!s) return [];
        all.push(s);
      }
      return all;
    }
    const s = this.lookup(intid, cpu, op);
    return s ? [s] : [];
  }

  private validCpu(cpu: number, op: string): boolean {
    if (Number.isInteger(cpu) && cpu >= 0 && cpu < this.cpuCount) return true;
    this.diag(`${op}: CPU ${cpu} has no GIC CPU interface (${this.cpuCount} CPUs); ignored`, { cpu });
    return false;
  }

  // ---- InterruptController -------------------------------------------------------------------------

  configure(intid: number, config: Partial<InterruptConfig>, cpu?: number): void {
    const states = this.lookupAll(intid, cpu, 'configure');
    if (states.length === 0) return;
    for (const s of states) {
      if (config.group !== undefined) s.group = this.normaliseGroup(config.group, intid);
      if (config.trigger !== undefined) {
        if (intid < 16 && config.trigger === 'level')
          this.diag(`configure: SGI ${intid} is always edge-triggered; trigger ignored`, { intid });
        else s.edge = config.trigger === 'edge';
      }
      if (config.priority !== undefined) s.priority = config.priority & this.priorityMask;
      if (config.enabled !== undefined) s.enabled = config.enabled;
      if (config.targets !== undefined) {
        if (s.cpu >= 0) this.diag(`configure: INTID ${intid} is banked per CPU; targets ignored`, { intid });
        else this.applyTargets(s, config.targets);
      }
      this.touch(s);
    }
    const first = states[0]!;
    this.trace.emit('irq', this.src, `configure ${intid}`, {
      intid,
      cpu: cpu ?? null,
      group: first.group,
      trigger: first.edge ? 'edge' : 'level',
      priority: first.priority,
      enabled: first.enabled,
    });
    this.update();
  }

  line(intid: number, cpu?: number): InterruptLine {
    const s = this.lookup(intid, cpu, 'line');
    if (!s) return this.deadLine(intid, cpu);
    if (s.line) return s.line;
    const state = s;
    const line: InterruptLine = {
      set: (asserted) => this.drive(state, asserted),
      pulse: () => {
        this.drive(state, true);
        this.drive(state, false);
      },
    };
    s.line = line;
    return line;
  }

  setPending(intid: number, cpu?: number): void {
    const states = this.lookupAll(intid, cpu, 'setPending');
    for (const s of states) {
      s.latched = true;
      this.touch(s);
    }
    if (states.length === 0) return;
    this.trace.emit('irq', this.src, `pend ${intid}`, { intid, cpu: cpu ?? null, by: 'software' });
    this.update();
  }

  /** GICD_ICPENDR: clears a software/edge latch (a level line still high keeps it pending). */
  clearPending(intid: number, cpu?: number): void {
    const states = this.lookupAll(intid, cpu, 'clearPending');
    for (const s of states) {
      s.latched = false;
      this.touch(s);
    }
    if (states.length === 0) return;
    this.trace.emit('irq', this.src, `unpend ${intid}`, { intid, cpu: cpu ?? null });
    this.update();
  }

  /** Raises SGI `intid` on each target CPU (ICC_SGI1R_EL1 / GICD_SGIR). */
  sendSgi(intid: number, targets: readonly number[], from?: number): void {
    if (intid < 0 || intid > 15 || !Number.isInteger(intid)) {
      this.diag(`sendSgi: INTID ${intid} is not an SGI; ignored`, { intid });
      return;
    }
    for (const cpu of targets) {
      const s = this.lookup(intid, cpu, 'sendSgi');
      if (!s) continue;
      s.latched = true;
      this.touch(s);
    }
    this.trace.emit('irq', this.src, `sgi ${intid}`, { intid, from: from ?? null, targets: [...targets] });
    this.update();
  }

  acknowledge(cpu: number, signal: Signal): number {
    if (!this.validCpu(cpu, 'acknowledge')) return SPURIOUS_INTID;
    const s = this.highestPending(cpu);
    if (!s || !this.acknowledges(signal, s.group, this.secure[cpu]!)) {
      this.trace.emit('irq', this.src, `ack ${SPURIOUS_INTID}`, { cpu, signal, intid: SPURIOUS_INTID });
      return SPURIOUS_INTID;
    }
    s.active = true;
    s.activeOn = cpu;
    // Acknowledge consumes the edge or software latch; a level line still high keeps the interrupt
    // pending, which makes it Active+Pending.
    s.latched = false;
    this.touch(s);
    this.activeStack[cpu]!.push(s);
    this.trace.emit('irq', this.src, `ack ${s.intid}`, {
      cpu,
      signal,
      intid: s.intid,
      priority: s.priority,
      state: isPending(s) ? 'active+pending' : 'active',
    });
    this.update();
    return s.intid;
  }

  endOfInterrupt(cpu: number, intid: number): void {
    if (!this.validCpu(cpu, 'endOfInterrupt')) return;
    if (intid >= 1020 && intid <= 1023) return; // special INTIDs are never EOIed (writes ignored)
    const stack = this.activeStack[cpu]!;
    let at = -1;
    for (let i = stack.length - 1; i >= 0; i--) {
      if (stack[i]!.intid === intid) {
        at = i;
        break;
      }
    }
    if (at < 0) {
      this.diag(`endOfInterrupt: INTID ${intid} is not active on CPU ${cpu}; write ignored`, { cpu, intid });
      return;
    }
    if (at !== stack.length - 1)
      this.diag(`endOfInterrupt: INTID ${intid} is not the most recently acknowledged on CPU ${cpu}`, {
        cpu,
        intid,
        note: 'the architecture makes this UNPREDICTABLE; the model drops its priority anyway',
      });
    const s = stack[at]!;
    stack.splice(at, 1);
    s.active = false;
    s.activeOn = -1;
    this.touch(s);
    this.trace.emit('irq', this.src, `eoi ${intid}`, {
      cpu,
      intid,
      state: isPending(s) ? 'pending' : 'inactive',
    });
    this.update();
  }

  onSignal(listener: SignalListener): void {
    this.listeners.push(listener);
  }

  // ---- CPU-interface and distributor controls beyond the shared contract ----------------------------

  /** ICC_PMR_EL1 / GICC_PMR: only priorities strictly below the mask are signalled. */
  setPriorityMask(cpu: number, mask: number): void {
    if (!this.validCpu(cpu, 'setPriorityMask')) return;
    this.pmr[cpu] = mask & 0xff;
    this.update();
  }

  /** GICD_CTLR group enables. */
  setGroupEnabled(group: InterruptGroup, enabled: boolean): void {
    this.groupEnabled[group] = enabled;
    this.update();
  }

  /** The CPU's current security state (SCR_EL3.NS as the monitor switches worlds). */
  setCpuSecurity(cpu: number, secure: boolean): void {
    if (!this.validCpu(cpu, 'setCpuSecurity')) return;
    if (this.secure[cpu] === secure) return;
    this.secure[cpu] = secure;
    this.update();
  }

  /** Whether a CPU takes part in 1-of-N distribution (powered, GICR_WAKER awake). */
  setCpuParticipating(cpu: number, participating: boolean): void {
    if (!this.validCpu(cpu, 'setCpuParticipating')) return;
    this.participating[cpu] = participating;
    this.update();
  }

  isParticipating(cpu: number): boolean {
    return this.participating[cpu] === true;
  }

  /** Whether the CPU's IRQ or FIQ output is asserted. */
  signalled(cpu: number, signal: Signal): boolean {
    return (signal === 'irq' ? this.irqOut[cpu] : this.fiqOut[cpu]) === true;
  }

  /** Running priority of a CPU interface (IDLE_PRIORITY when nothing is active). */
  runningPriority(cpu: number): number {
    const stack = this.activeStack[cpu];
    let p = IDLE_PRIORITY;
    if (stack) for (const s of stack) if (s.priority < p) p = s.priority;
    return p;
  }

  /** Changes every time any interrupt state changes: lets a CPU tell a handler that made progress. */
  get generation(): number {
    return this.gen;
  }

  snapshot(intid: number, cpu?: number): IrqSnapshot | undefined {
    const s = this.lookup(intid, cpu, 'snapshot');
    if (!s) return undefined;
    return {
      intid: s.intid,
      cpu: s.cpu,
      group: s.group,
      trigger: s.edge ? 'edge' : 'level',
      priority: s.priority,
      enabled: s.enabled,
      pending: isPending(s),
      active: s.active,
      line: s.level,
    };
  }

  // ---- the one function that recomputes interrupt state ----------------------------------------------

  /**
   * Recomputes each CPU's IRQ and FIQ outputs from the current state and tells listeners about
   * changes. Re-entrant calls (a listener touching the GIC) are folded into another pass.
   */
  update(): void {
    this.gen++;
    if (this.updating) {
      this.dirty = true;
      return;
    }
    this.updating = true;
    try {
      do {
        this.dirty = false;
        for (let cpu = 0; cpu < this.cpuCount; cpu++) {
          const hp = this.highestPending(cpu);
          const sig = hp ? this.signalFor(hp.group, this.secure[cpu]!) : undefined;
          const irq = sig === 'irq';
          const fiq = sig === 'fiq';
          if (irq !== this.irqOut[cpu]) {
            this.irqOut[cpu] = irq;
            this.notify(cpu, 'irq', irq, hp);
          }
          if (fiq !== this.fiqOut[cpu]) {
            this.fiqOut[cpu] = fiq;
            this.notify(cpu, 'fiq', fiq, hp);
          }
        }
      } while (this.dirty);
    } finally {
      this.updating = false;
    }
  }

  private notify(cpu: number, signal: Signal, asserted: boolean, hp: IrqState | undefined): void {
    this.trace.emit('irq', this.src, `cpu${cpu} ${signal} ${asserted ? 'asserted' : 'deasserted'}`, {
      cpu,
      signal,
      asserted,
      intid: asserted && hp ? hp.intid : null,
    });
    for (const l of this.listeners) l(cpu, signal, asserted);
  }

  /**
   * The highest-priority interrupt that can be signalled to `cpu` now: pending, not active, enabled,
   * group enabled, targeted at the CPU, below PMR and above the running priority. Ties go to the
   * lowest INTID (implementation defined in the architecture; fixed here for determinism).
   */
  protected highestPending(cpu: number): IrqState | undefined {
    const limit = Math.min(this.pmr[cpu]!, this.runningPriority(cpu));
    let best: IrqState | undefined;
    for (const s of this.pendingSet) {
      if (s.active || !s.enabled || !this.groupEnabled[s.group]) continue;
      if (s.priority >= limit) continue;
      if (s.cpu >= 0 ? s.cpu !== cpu : !this.targets(s, cpu)) continue;
      if (!best || s.priority < best.priority || (s.priority === best.priority && s.intid < best.intid))
        best = s;
    }
    return best;
  }

  private drive(s: IrqState, asserted: boolean): void {
    if (s.level === asserted) return;
    if (s.edge && asserted) s.latched = true; // edges while pending coalesce into the latch
    s.level = asserted;
    this.touch(s);
    this.trace.emit('irq', this.src, `line ${s.intid} ${asserted ? 'high' : 'low'}`, {
      intid: s.intid,
      cpu: s.cpu >= 0 ? s.cpu : null,
      state: isPending(s) ? (s.active ? 'active+pending' : 'pending') : s.active ? 'active' : 'inactive',
    });
    this.update();
  }

  private touch(s: IrqState): void {
    if (isPending(s)) this.pendingSet.add(s);
    else this.pendingSet.delete(s);
  }

  private deadLine(intid: number, cpu: number | undefined): InterruptLine {
    const report = () =>
      this.diag(`line: INTID ${intid} is not wired to anything this GIC implements; ignored`, {
        intid,
        cpu: cpu ?? null,
      });
    return { set: report, pulse: report };
  }

  protected diag(msg: string, data: Record<string, string | number | boolean | null>): void {
    this.trace.emit('diag', this.src, msg, data);
  }
}
