/**
 * PSCI in the Standard Secure Service (OEN 4, fast; TF-A `lib/psci`): enough for Linux's probe
 * (PSCI_VERSION, MIGRATE_INFO_TYPE, PSCI_FEATURES incl. the SMCCC_VERSION query), secondary boot
 * and hotplug (CPU_ON, CPU_OFF, AFFINITY_INFO) and SYSTEM_OFF/RESET.
 *
 * Behaviour follows TF-A: a function outside the capabilities of the configured PSCI version is
 * NOT_SUPPORTED (−1, which is also SMC_UNK); secure callers get Unknown; SMC32 arguments are 32-bit
 * (the monitor narrows them); status codes are C `int`s sign-extended into x0 (ALREADY_ON is
 * 0xFFFF_FFFF_FFFF_FFFC). CPU_ON checks the target MPIDR (INVALID_PARAMETERS), then the entry point
 * (INVALID_ADDRESS), then the target's state (ALREADY_ON, ON_PENDING); on success the target is
 * ON_PENDING until the scheduler brings it up `onDelay` ns later at the entry point, when the SPD's
 * `cpuOn` hook runs (TF-A `svc_on_finish`). CPU_OFF asks the SPD (`svc_off`, DENIED when it refuses)
 * and then never returns. The other OEN-4 services (TRNG, SDEI, ...) are not modelled: Unknown.
 */
import type { Scheduler, Time } from '../../core/scheduler.js';
import {
  type FunctionId,
  OEN,
  reg,
  SMC_UNK,
  type SmcCall,
  type SmcResult,
  type SmcService,
} from '../../core/smc.js';
import type { Trace } from '../../core/trace.js';
import type { CpuCluster } from '../../cpu/cpu.js';
import { noReturn, status64 } from '../outcome.js';
import { SMCCC_VERSION } from './arch.js';

export const PSCI_FN = {
  VERSION: 0x8400_0000,
  CPU_SUSPEND: 0x8400_0001,
  CPU_SUSPEND64: 0xc400_0001,
  CPU_OFF: 0x8400_0002,
  CPU_ON: 0x8400_0003,
  CPU_ON64: 0xc400_0003,
  AFFINITY_INFO: 0x8400_0004,
  AFFINITY_INFO64: 0xc400_0004,
  MIGRATE_INFO_TYPE: 0x8400_0006,
  SYSTEM_OFF: 0x8400_0008,
  SYSTEM_RESET: 0x8400_0009,
  FEATURES: 0x8400_000a,
} as const;

/** PSCI return codes (signed 32-bit). */
export const PSCI_E = {
  SUCCESS: 0,
  NOT_SUPPORTED: -1,
  INVALID_PARAMS: -2,
  DENIED: -3,
  ALREADY_ON: -4,
  ON_PENDING: -5,
  INTERNAL_FAILURE: -6,
  NOT_PRESENT: -7,
  DISABLED: -8,
  INVALID_ADDRESS: -9,
} as const;

/** AFFINITY_INFO states. */
export const AFF_STATE = { ON: 0, OFF: 1, ON_PENDING: 2 } as const;

/** MIGRATE_INFO_TYPE 2: Trusted OS not present or does not need migration (TF-A with opteed). */
export const PSCI_TOS_NOT_PRESENT_MP = 2;

/** The SPD's power-management hooks (TF-A `spd_pm_ops_t`), registered by the Trusted OS dispatcher. */
export interface SpdPmHooks {
  /** The CPU came up (svc_on_finish): the secure OS initialises its per-CPU state. */
  cpuOn?(cpu: number): void;
  /** The CPU is about to go down (svc_off): non-zero refuses, and CPU_OFF returns DENIED. */
  cpuOff?(cpu: number): number;
  systemOff?(): void;
  systemReset?(): void;
}

export interface PsciVersion {
  major: number;
  minor: number;
}

export interface PsciOptions {
  cluster: CpuCluster;
  scheduler: Scheduler;
  trace: Trace;
  /** Default 1.1 (TF-A). 0.2 has no PSCI_FEATURES. */
  version?: PsciVersion;
  /** Virtual time for a CPU to come up after CPU_ON; default 10 µs. */
  onDelay?: Time;
  /** Non-secure entry-point check (TF-A `plat_validate_ns_entrypoint`, e.g. "in DRAM"); default: any. */
  validEntryPoint?: (address: bigint) => boolean;
  /** Whether the Arm architecture service implements SMCCC_VERSION (SMCCC ≥ 1.1); default true. */
  smcccVersionImplemented?: () => boolean;
  name?: string;
}

export type SystemState = 'running' | 'off' | 'reset';

export class PsciService implements SmcService {
  readonly name = 'psci';
  readonly oenStart = OEN.STD;
  readonly oenEnd = OEN.STD;
  readonly callTypes = ['fast'] as const;
  readonly version: PsciVersion;
  private readonly cluster: CpuCluster;
  private readonly scheduler: Scheduler;
  private readonly trace: Trace;
  private readonly onDelay: Time;
  private readonly validEntry: (address: bigint) => boolean;
  private readonly smccc11: () => boolean;
  private readonly caps: ReadonlySet<number>;
  private readonly src: string;
  private spd: SpdPmHooks = {};
  private state: SystemState = 'running';

  constructor(options: PsciOptions) {
    this.cluster = options.cluster;
    this.scheduler = options.scheduler;
    this.trace = options.trace;
    this.version = options.version ?? { major: 1, minor: 1 };
    this.onDelay = options.onDelay ?? 10_000;
    this.validEntry = options.validEntryPoint ?? (() => true);
    this.smccc11 = options.smcccVersionImplemented ?? (() => true);
    this.src = options.name ?? 'psci';
    const caps: number[] = [
      PSCI_FN.VERSION,
      PSCI_FN.CPU_OFF,
      PSCI_FN.CPU_ON,
      PSCI_FN.CPU_ON64,
      PSCI_FN.AFFINITY_INFO,
      PSCI_FN.AFFINITY_INFO64,
      PSCI_FN.MIGRATE_INFO_TYPE,
      PSCI_FN.SYSTEM_OFF,
      PSCI_FN.SYSTEM_RESET,
    ];
    if (this.version.major >= 1) caps.push(PSCI_FN.FEATURES);
    this.caps = new Set(caps);
  }

  /** TF-A `psci_register_spd_pm_hook`. */
  registerSpdHooks(hooks: SpdPmHooks): void {
    this.spd = hooks;
  }

  get systemState(): SystemState {
    return this.state;
  }

  /** The functions this PSCI implements (PSCI_FEATURES answers 0 for these). */
  get functions(): ReadonlySet<number> {
    return this.caps;
  }

  handle(fid: FunctionId, call: SmcCall): SmcResult {
    if (call.secure || !this.caps.has(fid.raw)) return { regs: [SMC_UNK] };
    switch (fid.raw) {
      case PSCI_FN.VERSION:
        return ok((this.version.major << 16) | this.version.minor);
      case PSCI_FN.CPU_ON:
      case PSCI_FN.CPU_ON64:
        return ok(this.cpuOn(reg(call, 1), reg(call, 2), reg(call, 3)));
      case PSCI_FN.CPU_OFF:
        return this.cpuOff(call.cpu);
      case PSCI_FN.AFFINITY_INFO:
      case PSCI_FN.AFFINITY_INFO64:
        return ok(this.affinityInfo(reg(call, 1), reg(call, 2)));
      case PSCI_FN.MIGRATE_INFO_TYPE:
        return ok(PSCI_TOS_NOT_PRESENT_MP);
      case PSCI_FN.FEATURES:
        return ok(this.features(Number(reg(call, 1) & 0xffff_ffffn)));
      case PSCI_FN.SYSTEM_OFF:
        return this.system('off');
      case PSCI_FN.SYSTEM_RESET:
        return this.system('reset');
      default:
        return { regs: [SMC_UNK] };
    }
  }

  private cpuOn(target: bigint, entry: bigint, contextId: bigint): number {
    const cpu = this.cluster.byMpidr(target);
    if (!cpu) return PSCI_E.INVALID_PARAMS;
    if (!this.validEntry(entry)) return PSCI_E.INVALID_ADDRESS;
    if (cpu.power === 'on') return PSCI_E.ALREADY_ON;
    if (cpu.power === 'on-pending') return PSCI_E.ON_PENDING;
    const index = cpu.index;
    this.cluster.setPower(index, 'on-pending');
    this.scheduler.after(this.onDelay, `psci: cpu${index} powers on`, () => {
      if (this.state !== 'running' || this.cluster.cpu(index)?.power !== 'on-pending') return;
      this.cluster.setPower(index, 'on', { entry, contextId });
      this.spd.cpuOn?.(index);
      this.trace.emit('device', this.src, `cpu${index} entered the normal world`, {
        cpu: index,
        entry: `0x${entry.toString(16)}`,
        contextId: `0x${contextId.toString(16)}`,
      });
    });
    return PSCI_E.SUCCESS;
  }

  private cpuOff(index: number): SmcResult {
    const refused = this.spd.cpuOff?.(index) ?? 0;
    if (refused !== 0) return ok(PSCI_E.DENIED);
    this.cluster.setPower(index, 'off');
    return noReturn('cpu-off');
  }

  private affinityInfo(target: bigint, level: bigint): number {
    if (level > 0n) return PSCI_E.INVALID_PARAMS;
    const cpu = this.cluster.byMpidr(target);
    if (!cpu) return PSCI_E.INVALID_PARAMS;
    return cpu.power === 'on' ? AFF_STATE.ON : cpu.power === 'off' ? AFF_STATE.OFF : AFF_STATE.ON_PENDING;
  }

  private features(fid: number): number {
    if (fid === SMCCC_VERSION) return this.smccc11() ? PSCI_E.SUCCESS : PSCI_E.NOT_SUPPORTED;
    return this.caps.has(fid) ? PSCI_E.SUCCESS : PSCI_E.NOT_SUPPORTED;
  }

  private system(what: 'off' | 'reset'): SmcResult {
    if (what === 'off') this.spd.systemOff?.();
    else this.spd.systemReset?.();
    this.state = what;
    this.trace.emit('device', this.src, `system ${what}`, { state: what });
    for (const cpu of this.cluster.cpus) this.cluster.setPower(cpu.index, 'off');
    return noReturn(what === 'off' ? 'system-off' : 'system-reset');
  }
}

function ok(code: number): SmcResult {
  return { regs: [status64(code)] };
}
