/**
 * The one index of every component, service, transport and driver model the runtime has: what the
 * platform builder can instantiate, by area, with the file it lives in. Per-area registries (GIC
 * models, firmware components, SCMI protocols, transports) are folded in from their owners; the
 * rest are listed here. `test/runtime/components.test.ts` keeps it honest: every registry entry is
 * here, every file named exists, and every runtime file is a component or a listed support file.
 */
import { FIRMWARE_COMPONENTS } from './firmware/registry.js';
import { GIC_MODELS } from './gic/index.js';
import { PROTOCOLS } from './scmi/protocols/index.js';
import { TRANSPORT_COMPATIBLES } from './transports/index.js';

export type ComponentArea =
  | 'gic'
  | 'cpu'
  | 'firmware'
  | 'optee'
  | 'scmi'
  | 'transport'
  | 'mailbox'
  | 'linux'
  | 'platform';

export type ComponentKind = 'device' | 'service' | 'server' | 'protocol' | 'transport' | 'driver' | 'builder';

export interface ComponentEntry {
  /** Stable id, `<area>/<name>`. */
  id: string;
  area: ComponentArea;
  kind: ComponentKind;
  summary: string;
  /** Repository-relative file that implements it. */
  file: string;
  /** DT compatibles that select it, when it is selected by the tree. */
  compatible?: readonly string[];
}

const FIRMWARE_FILES: Readonly<Record<string, string>> = {
  monitor: 'runtime/firmware/monitor.ts',
  hypervisor: 'runtime/firmware/hypervisor.ts',
  'arm-arch': 'runtime/firmware/services/arch.ts',
  psci: 'runtime/firmware/services/psci.ts',
  sip: 'runtime/firmware/services/sip.ts',
  oem: 'runtime/firmware/services/sip.ts',
  'trusted-os': 'runtime/firmware/monitor.ts',
};

const PROTOCOL_FILES: Readonly<Record<string, string>> = {
  base: 'base',
  'power-domain': 'power-domain',
  'system-power': 'system-power',
  perf: 'perf',
  performance: 'perf',
  clock: 'clock',
  sensor: 'sensor',
  reset: 'reset',
  voltage: 'voltage',
};

const TRANSPORT_FILES: Readonly<Record<string, string>> = {
  mailbox: 'runtime/transports/mailbox.ts',
  smc: 'runtime/transports/smc.ts',
  optee: 'runtime/transports/optee.ts',
};

/** Components without a per-area registry of their own. */
const LISTED: readonly ComponentEntry[] = [
  {
    id: 'cpu/cluster',
    area: 'cpu',
    kind: 'device',
    summary: 'CPUs: EL, world, power state; IRQ/FIQ taking',
    file: 'runtime/cpu/cpu.ts',
  },
  {
    id: 'firmware/conduits',
    area: 'firmware',
    kind: 'builder',
    summary: 'normal-world SMC/HVC invokers (arm_smccc_1_1_invoke)',
    file: 'runtime/firmware/conduits.ts',
  },
  {
    id: 'optee/os',
    area: 'optee',
    kind: 'server',
    summary: 'OP-TEE secure OS: SMC ABI, threads, RPC, notifications',
    file: 'runtime/optee/optee-os.ts',
  },
  {
    id: 'optee/notif',
    area: 'optee',
    kind: 'service',
    summary: 'OP-TEE async notification state and software pend',
    file: 'runtime/optee/notif.ts',
  },
  {
    id: 'optee/itr',
    area: 'optee',
    kind: 'service',
    summary: 'native secure interrupts (interrupt_add_handler, fiq_entry → acknowledge, handler, EOI)',
    file: 'runtime/optee/itr.ts',
  },
  {
    id: 'optee/notif-source',
    area: 'optee',
    kind: 'device',
    summary: 'secure peripheral whose OP-TEE driver sends notifications (scenario notify)',
    file: 'runtime/optee/notif-source.ts',
  },
  {
    id: 'firmware/opteed',
    area: 'firmware',
    kind: 'service',
    summary: 'TF-A opteed S-EL1 interrupt handler (FIQ at EL3 → OP-TEE fiq_entry → RETURN_FIQ_DONE)',
    file: 'runtime/firmware/opteed.ts',
  },
  {
    id: 'optee/pta-device',
    area: 'optee',
    kind: 'service',
    summary: 'device-enumeration PTA',
    file: 'runtime/optee/pta-device.ts',
  },
  {
    id: 'optee/pta-scmi',
    area: 'optee',
    kind: 'service',
    summary: 'SCMI PTA (SMT and MSG channels)',
    file: 'runtime/optee/pta-scmi.ts',
  },
  {
    id: 'scmi/server',
    area: 'scmi',
    kind: 'server',
    summary: 'SCMI server (scmi-msg / SCP-firmware behaviour)',
    file: 'runtime/scmi/server.ts',
  },
  {
    id: 'scmi/firmware',
    area: 'scmi',
    kind: 'server',
    summary: 'SCMI channel table and entry points (fast call, threaded, interrupt, MSG)',
    file: 'runtime/scmi/firmware.ts',
  },
  {
    id: 'scmi/optee-server',
    area: 'scmi',
    kind: 'service',
    summary: "the SCMI server as OP-TEE's PTA sees it",
    file: 'runtime/scmi/optee-server.ts',
  },
  {
    id: 'transport/smc-service',
    area: 'transport',
    kind: 'service',
    summary: 'SiP SMC doorbell → SCMI channel (sync or a2p)',
    file: 'runtime/transports/smc-service.ts',
  },
  {
    id: 'transport/mailbox-platform',
    area: 'transport',
    kind: 'service',
    summary: 'SCP end of an MHU: doorbell → SMT → completion',
    file: 'runtime/transports/mailbox-platform.ts',
  },
  {
    id: 'mailbox/mhu',
    area: 'mailbox',
    kind: 'device',
    summary: 'Arm MHU v1 doorbell registers and interrupt lines',
    file: 'runtime/mailbox/mhu.ts',
    compatible: ['arm,mhu', 'arm,mhu-doorbell'],
  },
  {
    id: 'mailbox/smc-mbox',
    area: 'mailbox',
    kind: 'driver',
    summary: 'SMC/HVC-triggered mailbox (2017/2019 proposals)',
    file: 'runtime/mailbox/smc-mbox.ts',
    compatible: ['arm,smc-mbox', 'arm,hvc-mbox'],
  },
  {
    id: 'linux/driver-core',
    area: 'linux',
    kind: 'builder',
    summary: 'probe/defer registry',
    file: 'runtime/linux/driver-core.ts',
  },
  {
    id: 'linux/irq',
    area: 'linux',
    kind: 'driver',
    summary: 'Linux IRQ core over the GIC (threaded, per-CPU)',
    file: 'runtime/linux/optee/irq.ts',
  },
  {
    id: 'linux/optee',
    area: 'linux',
    kind: 'driver',
    summary: 'OP-TEE SMC driver (optee_probe, notifications, tee bus)',
    file: 'runtime/linux/optee/driver.ts',
    compatible: ['linaro,optee-tz'],
  },
  {
    id: 'linux/optee-scmi-client',
    area: 'linux',
    kind: 'driver',
    summary: 'SCMI PTA client for the OP-TEE transport',
    file: 'runtime/linux/optee/scmi-client.ts',
  },
  {
    id: 'linux/mailbox',
    area: 'linux',
    kind: 'driver',
    summary: 'mailbox framework (mbox_request_channel)',
    file: 'runtime/linux/mailbox/framework.ts',
  },
  {
    id: 'linux/arm-mhu',
    area: 'linux',
    kind: 'driver',
    summary: 'arm_mhu / arm_mhu_db drivers',
    file: 'runtime/linux/mailbox/arm-mhu.ts',
    compatible: ['arm,mhu', 'arm,mhu-doorbell'],
  },
  {
    id: 'linux/scmi',
    area: 'linux',
    kind: 'driver',
    summary: 'SCMI core: transport setup, base discovery, protocol init',
    file: 'runtime/linux/scmi/core.ts',
    compatible: Object.keys(TRANSPORT_COMPATIBLES),
  },
  {
    id: 'linux/scmi-driver',
    area: 'linux',
    kind: 'driver',
    summary: 'SCMI core as a driver-core driver',
    file: 'runtime/linux/scmi/driver.ts',
  },
  {
    id: 'linux/scmi-consumers',
    area: 'linux',
    kind: 'driver',
    summary: 'devices using SCMI clocks, resets, power domains',
    file: 'runtime/linux/consumers/scmi-consumers.ts',
  },
  {
    id: 'platform/assemble',
    area: 'platform',
    kind: 'builder',
    summary: 'wires every model from the description and profile',
    file: 'runtime/platform/assemble.ts',
  },
];

export const COMPONENTS: readonly ComponentEntry[] = [
  ...GIC_MODELS.map(
    (m): ComponentEntry => ({
      id: `gic/${m.id}`,
      area: 'gic',
      kind: 'device',
      summary: m.summary,
      file: `runtime/gic/${m.id}.ts`,
      compatible: m.compatible,
    }),
  ),
  ...FIRMWARE_COMPONENTS.map(
    (c): ComponentEntry => ({
      id: `firmware/${c.id}`,
      area: 'firmware',
      kind: 'service',
      summary: c.summary,
      file: FIRMWARE_FILES[c.id] ?? `runtime/firmware/${c.id}.ts`,
    }),
  ),
  ...PROTOCOLS.map(
    (p): ComponentEntry => ({
      id: `scmi/protocol-${p.name}`,
      area: 'scmi',
      kind: 'protocol',
      summary: `SCMI ${p.name} protocol (0x${p.id.toString(16)})`,
      file: `runtime/scmi/protocols/${PROTOCOL_FILES[p.name] ?? p.name}.ts`,
    }),
  ),
  ...[...new Set(Object.values(TRANSPORT_COMPATIBLES))].map(
    (t): ComponentEntry => ({
      id: `transport/${t}`,
      area: 'transport',
      kind: 'transport',
      summary: `SCMI ${t} transport`,
      file: TRANSPORT_FILES[t] ?? `runtime/transports/${t}.ts`,
      compatible: Object.entries(TRANSPORT_COMPATIBLES)
        .filter(([, v]) => v === t)
        .map(([k]) => k),
    }),
  ),
  ...LISTED,
];

/**
 * Runtime files that are not components: contracts, ABIs, helpers and registries. A new file must
 * be added to the index or here (the registry test fails otherwise).
 */
export const SUPPORT_FILES: readonly string[] = [
  'runtime/components.ts',
  'runtime/firmware/dispatch-table.ts',
  'runtime/firmware/index.ts',
  'runtime/firmware/outcome.ts',
  'runtime/firmware/profile.ts',
  'runtime/firmware/registry.ts',
  'runtime/firmware/stack.ts',
  'runtime/gic/gic-base.ts',
  'runtime/gic/index.ts',
  'runtime/gic/renode.ts',
  'runtime/linux/optee/call.ts',
  'runtime/linux/optee/client.ts',
  'runtime/linux/optee/notif.ts',
  'runtime/linux/optee/shm-pool.ts',
  'runtime/linux/scmi/protocols.ts',
  'runtime/linux/scmi/task.ts',
  'runtime/linux/scmi/xfer.ts',
  'runtime/mailbox/controller.ts',
  'runtime/optee/abi.ts',
  'runtime/optee/config.ts',
  'runtime/optee/msg-arg.ts',
  'runtime/optee/pta.ts',
  'runtime/optee/shm.ts',
  'runtime/scmi/config.ts',
  'runtime/scmi/constants.ts',
  'runtime/scmi/header.ts',
  'runtime/scmi/index.ts',
  'runtime/scmi/msg.ts',
  'runtime/scmi/payload.ts',
  'runtime/scmi/protocol.ts',
  'runtime/scmi/protocols/index.ts',
  'runtime/scmi/smt.ts',
  'runtime/scmi/state.ts',
  'runtime/transports/agreement.ts',
  'runtime/transports/direct.ts',
  'runtime/transports/index.ts',
  'runtime/transports/shmem.ts',
  'runtime/transports/transport.ts',
];
