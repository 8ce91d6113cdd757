/**
 * The CPUs: per-CPU exception level, security state and power state, and how a signalled IRQ or
 * FIQ is taken. The GIC only raises signals; taking one is an event in the scheduler ("cpu N takes
 * IRQ"), so handlers never run inside the GIC's `update()` and every run orders them identically.
 *
 * Routing follows what TF-A programs (protocols §1.5, §6.4): IRQs go to the EL1 handler of the
 * world the CPU is in; a FIQ while the normal world runs traps to EL3 (SCR_EL3.FIQ = 1 with an
 * SPD such as opteed), where the hook the secure-world dispatcher registers runs; a FIQ while the
 * secure world runs goes to the secure EL1 handler (OP-TEE's foreign-interrupt path on GICv3,
 * native on GICv2). EL2 does not intercept physical interrupts in this model.
 *
 * A handler is expected to acknowledge what it is given. If it returns with the signal still up
 * and no GIC state changed, the CPU would take the exception again forever; the model reports
 * that once (`diag`) and waits for the next signal change instead of spinning.
 */
import type { Signal } from '../core/interrupts.js';
import type { Scheduler, Time } from '../core/scheduler.js';
import type { Trace } from '../core/trace.js';

export type PowerState = 'on' | 'off' | 'on-pending';
export type ExceptionLevel = 0 | 1 | 2 | 3;
export type World = 'secure' | 'non-secure';

/** What the CPUs need from an interrupt controller model (both GIC models provide it). */
export interface SignalSource {
  onSignal(listener: (cpu: number, signal: Signal, asserted: boolean) => void): void;
  signalled(cpu: number, signal: Signal): boolean;
  setCpuSecurity(cpu: number, secure: boolean): void;
  setCpuParticipating(cpu: number, participating: boolean): void;
  readonly generation: number;
}

/** An exception vector: runs when the CPU takes the interrupt. */
export type InterruptEntry = (cpu: number, signal: Signal) => void;

export interface CpuSpec {
  /** MPIDR affinity value (DT `/cpus/cpu@N` `reg`); defaults to the CPU index (Aff0). */
  mpidr?: number;
}

export interface Cpu {
  readonly index: number;
  readonly mpidr: number;
  el: ExceptionLevel;
  secure: boolean;
  power: PowerState;
  /** PSTATE.I / PSTATE.F. */
  masked: { irq: boolean; fiq: boolean };
  /** Entry point and context id of the last PSCI CPU_ON (x0 on entry). */
  entry?: bigint;
  contextId?: bigint;
}

export interface CpuClusterOptions {
  scheduler: Scheduler;
  trace: Trace;
  /** CPU count, or one spec per CPU. */
  cpus: number | readonly CpuSpec[];
  /** The CPU that runs at time 0 (the others start off); default 0. */
  bootCpu?: number;
  /** Level the normal world runs at after boot / CPU_ON: 2 with a hypervisor, else 1. */
  nsEl?: 1 | 2;
  /** SCR_EL3.FIQ while non-secure (TF-A with an SPD): default true. */
  fiqToEl3WhenNonSecure?: boolean;
  /** SCR_EL3.IRQ while non-secure: default false. */
  irqToEl3WhenNonSecure?: boolean;
  /** Virtual time between a signal and the CPU taking it; default 0 (after what is already due). */
  takeDelay?: Time;
}

export type PowerListener = (cpu: Cpu, previous: PowerState) => void;

/** Affinity fields PSCI compares (Aff3..Aff0 of MPIDR_EL1). */
export const MPIDR_AFFINITY_MASK = 0xff_00ff_ffffn;

export class CpuCluster {
  readonly cpus: readonly Cpu[];
  private readonly scheduler: Scheduler;
  private readonly trace: Trace;
  private readonly nsEl: 1 | 2;
  private readonly fiqToEl3: boolean;
  private readonly irqToEl3: boolean;
  private readonly takeDelay: Time;
  private gic?: SignalSource;
  private readonly el1: Record<World, InterruptEntry | undefined> = {
    secure: undefined,
    'non-secure': undefined,
  };
  private el3?: InterruptEntry;
  private readonly scheduled = new Set<string>();
  private readonly stalled = new Set<string>();
  private readonly powerListeners: PowerListener[] = [];

  constructor(options: CpuClusterOptions) {
    this.scheduler = options.scheduler;
    this.trace = options.trace;
    this.nsEl = options.nsEl ?? 1;
    this.fiqToEl3 = options.fiqToEl3WhenNonSecure ?? true;
    this.irqToEl3 = options.irqToEl3WhenNonSecure ?? false;
    this.takeDelay = options.takeDelay ?? 0;
    const specs: readonly CpuSpec[] =
      typeof options.cpus === 'number' ? Array.from({ length: options.cpus }, () => ({})) : options.cpus;
    const boot = options.bootCpu ?? 0;
    this.cpus = specs.map((spec, index) => ({
      index,
      mpidr: spec.mpidr ?? index,
      el: index === boot ? this.nsEl : 1,
      secure: false,
      power: index === boot ? 'on' : 'off',
      masked: { irq: false, fiq: false },
    }));
  }

  /** Connects the interrupt controller; CPUs that are off stop taking part in 1-of-N routing. */
  attach(gic: SignalSource): void {
    this.gic = gic;
    for (const cpu of this.cpus) gic.setCpuParticipating(cpu.index, cpu.power === 'on');
    gic.onSignal((cpu, signal, asserted) => {
      const key = `${cpu}:${signal}`;
      this.stalled.delete(key);
      if (asserted) this.schedule(cpu, signal);
    });
  }

  get count(): number {
    return this.cpus.length;
  }

  cpu(index: number): Cpu | undefined {
    return this.cpus[index];
  }

  /** The CPU whose MPIDR affinity fields equal `mpidr`'s. */
  byMpidr(mpidr: bigint): Cpu | undefined {
    const want = mpidr & MPIDR_AFFINITY_MASK;
    return this.cpus.find((c) => (BigInt(c.mpidr) & MPIDR_AFFINITY_MASK) === want);
  }

  /** The EL1 exception vector of one world (Linux's or the secure OS's interrupt entry). */
  setHandler(world: World, handler: InterruptEntry): void {
    this.el1[world] = handler;
  }

  /** EL3's interrupt hook (TF-A `register_interrupt_type_handler`), used by the SPD. */
  setEl3Handler(handler: InterruptEntry): void {
    this.el3 = handler;
  }

  /** World switch by the monitor: the GIC re-routes groups for the new security state. */
  enterWorld(index: number, world: World, el: ExceptionLevel = world === 'secure' ? 1 : this.nsEl): void {
    const cpu = this.cpus[index];
    if (!cpu) {
      this.diag(`enterWorld: no CPU ${index}`, { cpu: index });
      return;
    }
    const secure = world === 'secure';
    cpu.el = el;
    if (cpu.secure === secure) return;
    cpu.secure = secure;
    this.trace.emit('device', this.src(index), `enter ${world} EL${el}`, { cpu: index, world, el });
    this.gic?.setCpuSecurity(index, secure);
    this.recheck(index);
  }

  /** PSTATE.I/F: masking defers delivery; unmasking delivers what is still signalled. */
  mask(index: number, signal: Signal, masked: boolean): void {
    const cpu = this.cpus[index];
    if (!cpu) {
      this.diag(`mask: no CPU ${index}`, { cpu: index });
      return;
    }
    cpu.masked[signal] = masked;
    if (!masked) this.recheck(index);
  }

  onPowerChange(listener: PowerListener): void {
    this.powerListeners.push(listener);
  }

  /** Power state changes (PSCI drives these). */
  setPower(index: number, power: PowerState, entry?: { entry: bigint; contextId: bigint }): void {
    const cpu = this.cpus[index];
    if (!cpu) {
      this.diag(`setPower: no CPU ${index}`, { cpu: index });
      return;
    }
    const previous = cpu.power;
    if (previous === power) return;
    cpu.power = power;
    if (power === 'on') {
      cpu.el = this.nsEl;
      cpu.secure = false;
      cpu.masked = { irq: false, fiq: false };
      if (entry) {
        cpu.entry = entry.entry;
        cpu.contextId = entry.contextId;
      }
    }
    this.trace.emit('device', this.src(index), `power ${power}`, {
      cpu: index,
      previous,
      power,
      ...(power === 'on' && entry ? { entry: `0x${entry.entry.toString(16)}` } : {}),
    });
    this.gic?.setCpuSecurity(index, cpu.secure);
    this.gic?.setCpuParticipating(index, power === 'on');
    for (const l of this.powerListeners) l(cpu, previous);
    if (power === 'on') this.recheck(index);
  }

  private recheck(index: number): void {
    for (const signal of ['irq', 'fiq'] as const) {
      this.stalled.delete(`${index}:${signal}`);
      if (this.gic?.signalled(index, signal)) this.schedule(index, signal);
    }
  }

  private schedule(index: number, signal: Signal): void {
    const key = `${index}:${signal}`;
    if (this.scheduled.has(key) || this.stalled.has(key)) return;
    this.scheduled.add(key);
    this.scheduler.after(this.takeDelay, `cpu${index} takes ${signal.toUpperCase()}`, () => {
      this.scheduled.delete(key);
      this.take(index, signal);
    });
  }

  /** Takes the exception if it is still there, then re-arms if the handler made progress. */
  private take(index: number, signal: Signal): void {
    const cpu = this.cpus[index];
    const gic = this.gic;
    if (!cpu || !gic || cpu.power !== 'on' || cpu.masked[signal] || !gic.signalled(index, signal)) return;
    const toEl3 = !cpu.secure && (signal === 'fiq' ? this.fiqToEl3 : this.irqToEl3);
    const world: World = cpu.secure ? 'secure' : 'non-secure';
    const handler = toEl3 ? this.el3 : this.el1[world];
    const where = toEl3 ? 'EL3' : `${world} EL1`;
    const key = `${index}:${signal}`;
    if (!handler) {
      this.stalled.add(key);
      this.diag(
        `cpu${index}: ${signal.toUpperCase()} taken to ${where} with no handler registered; a real CPU would re-enter the vector forever`,
        { cpu: index, signal, to: where },
      );
      return;
    }
    this.trace.emit('irq', this.src(index), `take ${signal.toUpperCase()} at ${where}`, {
      cpu: index,
      signal,
      to: where,
    });
    const before = gic.generation;
    const savedEl = cpu.el;
    cpu.el = toEl3 ? 3 : 1;
    handler(index, signal);
    // A handler may have switched worlds (enterWorld) or powered the CPU off; only restore the EL of
    // an unchanged context.
    if (cpu.power === 'on' && cpu.el === (toEl3 ? 3 : 1)) cpu.el = savedEl;
    if (!gic.signalled(index, signal)) return;
    if (gic.generation === before) {
      this.stalled.add(key);
      this.diag(
        `cpu${index}: ${signal.toUpperCase()} handler at ${where} returned without acknowledging; the interrupt would be taken again and again`,
        { cpu: index, signal, to: where },
      );
      return;
    }
    this.schedule(index, signal);
  }

  private src(index: number): string {
    return `cpu${index}`;
  }

  private diag(msg: string, data: Record<string, string | number | boolean>): void {
    this.trace.emit('diag', 'cpus', msg, data);
  }
}
