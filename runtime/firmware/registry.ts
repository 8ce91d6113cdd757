/**
 * Every firmware component, one file each, in one list: the EL3 monitor and EL2 hypervisor, the
 * runtime services the monitor hosts (with the OEN range and call types each declares, as TF-A's
 * DECLARE_RT_SVC does), and the Trusted OS slot the SPD fills. The registry test proves each file
 * is listed, each created service declares what its entry says, and the standard ranges do not
 * overlap.
 */
import type { Scheduler } from '../core/scheduler.js';
import { type CallType, OEN, type SmcService } from '../core/smc.js';
import type { Trace } from '../core/trace.js';
import type { CpuCluster } from '../cpu/cpu.js';
import type { FirmwareProfile } from './profile.js';
import { ArchService } from './services/arch.js';
import { PsciService } from './services/psci.js';
import { VendorService } from './services/sip.js';

export interface FirmwareContext {
  scheduler: Scheduler;
  trace: Trace;
  cluster: CpuCluster;
  profile: FirmwareProfile;
  /** PSCI CPU_ON entry-point check (e.g. inside non-secure DRAM). */
  validEntryPoint?: (address: bigint) => boolean;
}

interface Declared {
  readonly id: string;
  /** File under runtime/firmware/ (without `.ts`). */
  readonly file: string;
  readonly summary: string;
}

export interface ServiceComponent extends Declared {
  readonly kind: 'service';
  readonly oenStart: number;
  readonly oenEnd: number;
  readonly callTypes: readonly CallType[];
  /** The service for this profile, or undefined when the profile does not enable it. */
  create(ctx: FirmwareContext): SmcService | undefined;
}

export interface SlotComponent extends Declared {
  readonly kind: 'slot';
  readonly oenStart: number;
  readonly oenEnd: number;
  readonly callTypes: readonly CallType[];
}

export interface LevelComponent extends Declared {
  readonly kind: 'exception-level';
}

export type FirmwareComponent = ServiceComponent | SlotComponent | LevelComponent;

export const FIRMWARE_COMPONENTS: readonly FirmwareComponent[] = [
  {
    id: 'monitor',
    kind: 'exception-level',
    file: 'monitor',
    summary: 'EL3 SMC dispatch by (call type, OEN), TF-A rules',
  },
  {
    id: 'hypervisor',
    kind: 'exception-level',
    file: 'hypervisor',
    summary: 'optional EL2: own services, forwarding to EL3, HCR_EL2.TSC',
  },
  {
    id: 'arm-arch',
    kind: 'service',
    file: 'services/arch',
    summary: 'SMCCC_VERSION, SMCCC_ARCH_FEATURES, SOC_ID, workaround ids',
    oenStart: OEN.ARM,
    oenEnd: OEN.ARM,
    callTypes: ['fast'],
    create: (ctx) =>
      new ArchService({
        version: ctx.profile.smccc.version,
        socId: ctx.profile.smccc.socId,
        features: new Map(ctx.profile.smccc.features.map((f) => [f.fid, f.answer])),
      }),
  },
  {
    id: 'psci',
    kind: 'service',
    file: 'services/psci',
    summary: 'PSCI: VERSION, FEATURES, CPU_ON/OFF, AFFINITY_INFO, MIGRATE_INFO_TYPE, SYSTEM_OFF/RESET',
    oenStart: OEN.STD,
    oenEnd: OEN.STD,
    callTypes: ['fast'],
    create: (ctx) => {
      const psci = ctx.profile.psci;
      if (psci === false) return undefined;
      const v = ctx.profile.smccc.version;
      return new PsciService({
        cluster: ctx.cluster,
        scheduler: ctx.scheduler,
        trace: ctx.trace,
        version: psci.version,
        onDelay: psci.onDelayNs,
        validEntryPoint: ctx.validEntryPoint,
        smcccVersionImplemented: () => v.major > 1 || v.minor >= 1,
      });
    },
  },
  {
    id: 'sip',
    kind: 'service',
    file: 'services/sip',
    summary: 'SiP calls listed by the profile, each bound to a handler another component supplies',
    oenStart: OEN.SIP,
    oenEnd: OEN.SIP,
    callTypes: ['fast'],
    create: (ctx) => {
      const sip = ctx.profile.sip;
      return sip ? new VendorService({ trace: ctx.trace, oen: OEN.SIP, ...sip }) : undefined;
    },
  },
  {
    id: 'oem',
    kind: 'service',
    file: 'services/sip',
    summary: 'OEM calls listed by the profile (same model as SiP, OEN 3)',
    oenStart: OEN.OEM,
    oenEnd: OEN.OEM,
    callTypes: ['fast'],
    create: (ctx) => {
      const oem = ctx.profile.oem;
      return oem ? new VendorService({ trace: ctx.trace, oen: OEN.OEM, ...oem }) : undefined;
    },
  },
  {
    id: 'trusted-os',
    kind: 'slot',
    file: 'monitor',
    summary: 'Trusted OS dispatcher slot (opteed): El3Monitor.registerTrustedOs',
    oenStart: OEN.TOS_START,
    oenEnd: OEN.TOS_END,
    callTypes: ['fast', 'yield'],
  },
];
