/**
 * Small stand-ins for the GIC and the EL3 monitor, enough for the OP-TEE and Linux OP-TEE models:
 * the real ones (runtime/gic, runtime/firmware) are wired in by the platform builder.
 */
import {
  type InterruptConfig,
  type InterruptController,
  type InterruptLine,
  type Signal,
  SPURIOUS_INTID,
} from '../../../runtime/core/interrupts.js';
import { PhysicalMemory } from '../../../runtime/core/memory.js';
import { Scheduler } from '../../../runtime/core/scheduler.js';
import {
  decodeFunctionId,
  SMC_UNK,
  type SmcccInvoker,
  type SmcResult,
  type SmcService,
} from '../../../runtime/core/smc.js';
import { Trace } from '../../../runtime/core/trace.js';
import { defaultOpteeConfig, type OpteeConfig } from '../../../runtime/optee/config.js';
import { OpteeOs } from '../../../runtime/optee/optee-os.js';
import type { ScmiPtaServer } from '../../../runtime/optee/pta-scmi.js';

/** A GIC with one CPU interface: software pend, enable, acknowledge lowest pending, EOI. */
export class FakeGic implements InterruptController {
  readonly version = 3 as const;
  readonly spiLimit = 1020;
  readonly config = new Map<number, Partial<InterruptConfig>>();
  readonly pending = new Set<number>();
  readonly active = new Set<number>();
  /** Every software pend, in order. */
  readonly pends: number[] = [];
  private listeners: ((cpu: number, signal: Signal, asserted: boolean) => void)[] = [];
  private asserted = false;

  configure(intid: number, config: Partial<InterruptConfig>): void {
    this.config.set(intid, { ...this.config.get(intid), ...config });
    this.update();
  }

  line(intid: number): InterruptLine {
    return { set: (a) => a && this.setPending(intid), pulse: () => this.setPending(intid) };
  }

  setPending(intid: number): void {
    this.pends.push(intid);
    this.pending.add(intid);
    this.update();
  }

  private eligible(): number[] {
    return [...this.pending]
      .filter(
        (i) => this.config.get(i)?.enabled && this.config.get(i)?.group === 'g1ns' && !this.active.has(i),
      )
      .sort((a, b) => a - b);
  }

  acknowledge(_cpu: number, _signal: Signal): number {
    const next = this.eligible()[0];
    if (next === undefined) return SPURIOUS_INTID;
    this.pending.delete(next);
    this.active.add(next);
    this.update();
    return next;
  }

  endOfInterrupt(_cpu: number, intid: number): void {
    this.active.delete(intid);
    this.update();
  }

  onSignal(listener: (cpu: number, signal: Signal, asserted: boolean) => void): void {
    this.listeners.push(listener);
  }

  private update(): void {
    const now = this.eligible().length > 0;
    if (now === this.asserted) return;
    this.asserted = now;
    for (const l of this.listeners) l(0, 'irq', now);
  }
}

/** A monitor with one service: dispatch by OEN and call type, else 64-bit SMC_UNK (TF-A). */
export class FakeMonitor implements SmcccInvoker {
  readonly calls: bigint[][] = [];
  constructor(
    private readonly service: SmcService,
    readonly conduit: 'smc' | 'hvc' = 'smc',
  ) {}

  invoke(regs: readonly (bigint | number)[], cpu = 0): SmcResult {
    const r = regs.map((x) => BigInt.asUintN(64, BigInt(x)));
    this.calls.push(r);
    const fid = decodeFunctionId(r[0] ?? 0n);
    const s = this.service;
    if (fid.oen < s.oenStart || fid.oen > s.oenEnd || !s.callTypes.includes(fid.type))
      return { regs: [SMC_UNK] };
    return s.handle(fid, { conduit: this.conduit, regs: r, cpu, secure: false });
  }

  /** Function ids called, as hex strings. */
  get fids(): string[] {
    return this.calls.map((c) => `0x${(c[0] ?? 0n).toString(16)}`);
  }
}

export const DRAM_BASE = 0x4000_0000n;
export const DRAM_SIZE = 0x0100_0000;
export const KERNEL_SHM_BASE = 0x4080_0000n;
export const RESERVED_SHM = { base: 0x4200_0000n, size: 0x20_0000 };
export const SECURE_BASE = 0x0e10_0000n;

export interface SecureWorld {
  scheduler: Scheduler;
  trace: Trace;
  memory: PhysicalMemory;
  gic: FakeGic;
  os: OpteeOs;
  monitor: FakeMonitor;
}

export function secureWorld(config: Partial<OpteeConfig> = {}): SecureWorld {
  const scheduler = new Scheduler();
  const trace = new Trace(() => scheduler.now);
  const memory = new PhysicalMemory();
  memory.map({ name: 'dram', base: DRAM_BASE, size: DRAM_SIZE });
  memory.map({ name: 'optee-shm', base: RESERVED_SHM.base, size: RESERVED_SHM.size });
  memory.map({ name: 'optee-core', base: SECURE_BASE, size: 0x1000, secure: true });
  const gic = new FakeGic();
  const os = new OpteeOs(defaultOpteeConfig(config), {
    memory,
    gic,
    scheduler,
    trace,
    src: '/firmware/optee',
  });
  return { scheduler, trace, memory, gic, os, monitor: new FakeMonitor(os) };
}

export const SCMI_SHM = 0x1000_0000n;

/** Answers every message with status 0 and the payload reversed; channel 0 has a static SMT buffer. */
export function fakeScmiServer(overrides: Partial<ScmiPtaServer> = {}): ScmiPtaServer & { seen: number[][] } {
  const seen: number[][] = [];
  return {
    smt: true,
    msg: true,
    seen,
    hasChannel: (id) => id === 0 || id === 1,
    smtBuffer: (id) => (id === 0 ? { base: SCMI_SHM, size: 128 } : undefined),
    process(channel, request) {
      seen.push([channel, ...request]);
      const out = new Uint8Array(request.length + 4);
      out.set(request.subarray(0, 4));
      out.set(request.subarray(4).reverse(), 8);
      return out;
    },
    ...overrides,
  };
}
