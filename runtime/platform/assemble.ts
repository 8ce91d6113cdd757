/**
 * Wires the component models into one platform, Renode-style: data in (description + profile +
 * the tree the normal world boots with), objects out. Secure side: memory, the GIC, CPUs, the EL3
 * monitor with its services (Arm architecture, PSCI, SiP ids from the profile, OP-TEE as the
 * Trusted OS), an optional EL2 hypervisor, the SCMI server and its doorbells (SiP SMC, MHU
 * endpoints, OP-TEE PTA). Normal-world side: the conduits, Linux's IRQ core, driver core, OP-TEE
 * driver, mailbox framework and controllers, one SCMI core per SCMI node. Nothing runs here.
 */
import type { DeviceTree } from '../../compiler/tree/tree.js';
import { TreeView } from '../../schemas/view/view.js';
import type { InterruptController } from '../core/interrupts.js';
import { PhysicalMemory } from '../core/memory.js';
import { Scheduler } from '../core/scheduler.js';
import type { SmcccInvoker } from '../core/smc.js';
import { Trace, type TraceOptions } from '../core/trace.js';
import { CpuCluster } from '../cpu/cpu.js';
import { NormalWorld } from '../firmware/conduits.js';
import { El2Hypervisor } from '../firmware/hypervisor.js';
import { El3Monitor } from '../firmware/monitor.js';
import { installOpteedInterrupts } from '../firmware/opteed.js';
import { ArchService } from '../firmware/services/arch.js';
import { PsciService } from '../firmware/services/psci.js';
import { VendorService } from '../firmware/services/sip.js';
import { type GicBase, gicModelFor } from '../gic/index.js';
import { DriverCore } from '../linux/driver-core.js';
import { mhuController } from '../linux/mailbox/arm-mhu.js';
import { MailboxFramework } from '../linux/mailbox/framework.js';
import { type OpteeDtNode, opteeDriver } from '../linux/optee/driver.js';
import { GicLinuxIrqs } from '../linux/optee/irq.js';
import { opteeScmiPtaClient } from '../linux/optee/scmi-client.js';
import { LinuxScmi } from '../linux/scmi/core.js';
import { MhuDevice } from '../mailbox/mhu.js';
import { smcMboxController } from '../mailbox/smc-mbox.js';
import { DEFAULT_SECURE_NOTIFY_INTID, SecureNotifySource } from '../optee/notif-source.js';
import { OpteeOs } from '../optee/optee-os.js';
import { scmiPta } from '../optee/pta-scmi.js';
import { ScmiFirmware } from '../scmi/firmware.js';
import { opteeScmiServer } from '../scmi/optee-server.js';
import { transports } from '../transports/index.js';
import { ScmiMailboxEndpoint } from '../transports/mailbox-platform.js';
import { ScmiSmcHandler } from '../transports/smc-service.js';
import type { IrqHost } from '../transports/transport.js';
import { fromHex, type PlatformDescription } from './description.js';
import { type FirmwareProfile, opteeConfigOf, scmiConfigOf } from './profile.js';

/** Largest single mapping: bigger regions are mapped as a window at their base (the rest is unused). */
const MAX_WINDOW = 16 * 1024 * 1024;
/** Kernel pages handed to OP-TEE's dynamic shared memory, at the start of the first DRAM bank. */
const KERNEL_SHM_SIZE = 4 * 1024 * 1024;

export interface AssembleOptions {
  trace?: TraceOptions;
  /** Trace every SMC through the monitor (default true; the benchmark turns it off). */
  traceCalls?: boolean;
}

export interface Platform {
  description: PlatformDescription;
  profile: FirmwareProfile;
  view: TreeView;
  scheduler: Scheduler;
  trace: Trace;
  memory: PhysicalMemory;
  gic?: GicBase;
  cluster: CpuCluster;
  monitor: El3Monitor;
  hypervisor?: El2Hypervisor;
  conduits: { smc: SmcccInvoker; hvc: SmcccInvoker };
  optee?: OpteeOs;
  /** The secure interrupt source a scenario's `notify` raises (OP-TEE with async notifications). */
  secureNotify?: SecureNotifySource;
  scmiFirmware?: ScmiFirmware;
  linux: {
    core: DriverCore;
    irqs?: GicLinuxIrqs;
    irqHost: IrqHost;
    mailboxes: MailboxFramework;
    scmi: LinuxScmi[];
    /** The OP-TEE node Linux binds (undefined without an enabled one). */
    opteeNode?: OpteeDtNode;
  };
  /** Mapping problems and wiring refusals found while assembling (also in the trace as `diag`). */
  problems: string[];
}

export function assemblePlatform(
  tree: DeviceTree,
  description: PlatformDescription,
  profile: FirmwareProfile,
  options: AssembleOptions = {},
): Platform {
  const view = new TreeView(tree);
  const scheduler = new Scheduler();
  const trace = new Trace(() => scheduler.now, options.trace);
  const problems: string[] = [];
  const problem = (msg: string, data?: Record<string, string | number>) => {
    problems.push(msg);
    trace.emit('diag', 'platform', msg, data);
  };

  const memory = mapMemory(description, profile, (msg, data) => trace.emit('diag', 'platform', msg, data));
  const cpuCount = Math.max(1, description.cpus.length);

  const gicDesc =
    description.interruptControllers.find((g) => g.primary) ?? description.interruptControllers[0];
  const gicModel = gicDesc ? gicModelFor(gicDesc.compatible) : undefined;
  const gic = gicModel?.create({
    trace,
    cpus: cpuCount,
    name: gicDesc!.path,
    spiLimit: spiLimitFor(description),
  });
  const cluster = new CpuCluster({
    scheduler,
    trace,
    cpus: description.cpus.map((c) => ({ mpidr: c.mpidr })),
    nsEl: profile.el2.hypervisor ? 2 : 1,
  });
  // The CPUs take what the GIC signals: IRQs at the EL1 of their world, FIQs (secure interrupts
  // while the normal world runs) at EL3.
  if (gic) cluster.attach(gic);

  // EL3: TF-A's runtime services.
  const monitor = new El3Monitor({ trace, ...(options.traceCalls === false ? { traceCalls: false } : {}) });
  const [smcMajor, smcMinor] = profile.smccc.version.split('.').map(Number);
  const smccc11 = (smcMajor ?? 1) > 1 || ((smcMajor ?? 1) === 1 && (smcMinor ?? 0) >= 1);
  if (smccc11) monitor.register(new ArchService({ version: { major: smcMajor ?? 1, minor: smcMinor ?? 0 } }));
  const [psciMajor, psciMinor] = profile.psci.version.split('.').map(Number);
  monitor.register(
    new PsciService({
      cluster,
      scheduler,
      trace,
      version: { major: psciMajor ?? 1, minor: psciMinor ?? 1 },
      smcccVersionImplemented: () => smccc11,
    }),
  );
  const sip = new VendorService({ trace, calls: profile.sip.functionIds.map((fid) => ({ fid })) });
  monitor.register(sip);

  // OP-TEE as the Trusted OS (opteed owns OENs 50–63).
  let optee: OpteeOs | undefined;
  let secureNotify: SecureNotifySource | undefined;
  const opteePath =
    description.optee.find((o) => o.enabled)?.path ?? description.optee[0]?.path ?? '/firmware/optee';
  if (profile.optee.enabled && gic) {
    optee = new OpteeOs(opteeConfigOf(profile), { memory, gic, scheduler, trace, src: opteePath });
    monitor.registerTrustedOs(optee);
    installOpteedInterrupts(cluster, optee, trace);
    // A secure device whose OP-TEE driver notifies the normal world (the scenario's `notify`).
    if (profile.optee.asyncNotif.enabled)
      secureNotify = new SecureNotifySource(
        { gic, itr: optee.itr, notif: optee.notif, trace },
        DEFAULT_SECURE_NOTIFY_INTID,
        'secure-timer',
      );
  } else if (profile.optee.enabled) problem('OP-TEE needs a GIC to raise notifications; not started');

  // The SCMI server and its doorbells.
  let scmiFirmware: ScmiFirmware | undefined;
  const mhus = new Map<string, MhuDevice>();
  if (profile.scmi.server !== 'none') {
    scmiFirmware = new ScmiFirmware(
      scmiConfigOf(profile),
      memory,
      trace,
      `scmi-server(${profile.scmi.server})`,
    );
    scmiFirmware.boot();
    const lines = new Map(
      profile.scmi.channels.flatMap((c) =>
        c.completionIntid !== null && gic ? [[c.id, gic.line(c.completionIntid)] as const] : [],
      ),
    );
    const smcHandler = new ScmiSmcHandler(scmiFirmware, { scheduler, trace, lines });
    for (const fid of smcHandler.functionIds) {
      if (!profile.sip.functionIds.includes(fid)) continue; // not served: the SiP service answers Unknown
      const r = sip.bind(
        fid,
        'scmi',
        (call, id) => smcHandler.handle(id, call) ?? { regs: [0xffff_ffff_ffff_ffffn] },
      );
      if (!r.ok) problem(`SCMI doorbell 0x${fid.toString(16)} not bound: ${r.reason}`);
    }
    if (optee && profile.scmi.server === 'optee') {
      const pta = scmiPta(opteeScmiServer(scmiFirmware), memory, trace, opteePath);
      optee.ptas.register(pta);
      scmiFirmware.threadedOracle = (id) => pta.isThreaded(id);
    }
    for (const m of description.mailboxes) {
      if (!m.enabled || (m.kind !== 'mhu' && m.kind !== 'mhu-doorbell')) continue;
      const mhuLines = m.interrupts.map((i) => (gic && i.intid >= 0 ? gic.line(i.intid) : undefined));
      const mhu = new MhuDevice(m.path, 3, mhuLines, trace);
      mhus.set(m.path, mhu);
      new ScmiMailboxEndpoint(scmiFirmware, mhu, scheduler, trace);
    }
  }

  // EL2 and the conduits.
  const hypervisor = profile.el2.hypervisor ? new El2Hypervisor({ trace, monitor }) : undefined;
  const nw = new NormalWorld({ trace, monitor, ...(hypervisor ? { hypervisor } : {}) });
  const conduits = { smc: nw.invokerFor('smc'), hvc: nw.invokerFor('hvc') };

  // Linux.
  const core = new DriverCore(trace);
  const irqs = gic ? new GicLinuxIrqs(gic, scheduler, trace, 0, true) : undefined;
  if (irqs) cluster.setHandler('non-secure', (cpu) => irqs.exception(cpu));
  const irqHost = irqHostOf(irqs, description);
  const kernelMemory = kernelWindow(description, memory, trace);
  if (irqs)
    core.addDriver(
      opteeDriver({
        conduits,
        memory,
        scheduler,
        trace,
        irqs,
        ...(kernelMemory ? { kernelMemory } : {}),
        cpus: cpuCount,
      }),
    );
  const opteeDesc = description.optee.find((o) => o.enabled);
  const opteeNode: OpteeDtNode | undefined = opteeDesc
    ? {
        path: opteeDesc.path,
        compatible: ['linaro,optee-tz'],
        ...(opteeDesc.method !== null ? { method: opteeDesc.method } : {}),
        interrupts: opteeDesc.interrupts
          .filter((i) => i.type !== 'other')
          .map((i) => ({
            intid: i.intid,
            type: i.type as 'spi' | 'ppi' | 'espi' | 'eppi',
            trigger: i.trigger?.startsWith('level') ? ('level' as const) : ('edge' as const),
          })),
      }
    : undefined;

  const mailboxes = new MailboxFramework(trace);
  for (const m of description.mailboxes) {
    if (!m.enabled) continue;
    const node = view.byPath(m.path);
    if (!node) continue;
    let c: ReturnType<typeof mhuController> | undefined;
    if (m.kind === 'mhu' || m.kind === 'mhu-doorbell') {
      const mhu = mhus.get(m.path) ?? new MhuDevice(m.path, 3, [], trace);
      c = mhuController(node, mhu, irqHost);
    } else if (m.kind === 'smc-mbox' || m.kind === 'hvc-mbox')
      c = smcMboxController(node, conduits, trace, irqHost);
    if (typeof c === 'string') problem(`mailbox ${m.path}: controller probe failed ${c}`, { node: m.path });
    else if (c) mailboxes.register(c);
  }
  const env = {
    scheduler,
    trace,
    mem: memory,
    ...(smccc11 ? { smccc: pickConduit(description, conduits) } : {}),
    irqs: irqHost,
  };
  const ptaClient = opteeScmiPtaClient(core, opteeNode?.path);
  const scmiTransports = transports(env, { mailboxes, optee: ptaClient });
  const scmi: LinuxScmi[] = [];
  for (const s of description.scmi) {
    if (!s.enabled) continue;
    const node = view.byPath(s.path);
    if (node) scmi.push(new LinuxScmi(node, env, scmiTransports));
  }

  return {
    description,
    profile,
    view,
    scheduler,
    trace,
    memory,
    ...(gic ? { gic } : {}),
    cluster,
    ...(secureNotify ? { secureNotify } : {}),
    monitor,
    ...(hypervisor ? { hypervisor } : {}),
    conduits,
    ...(optee ? { optee } : {}),
    ...(scmiFirmware ? { scmiFirmware } : {}),
    linux: { core, ...(irqs ? { irqs } : {}), irqHost, mailboxes, scmi, ...(opteeNode ? { opteeNode } : {}) },
    problems,
  };
}

/**
 * Kernel pages for OP-TEE dynamic shared memory: the start of the first DRAM bank. Many trees leave
 * `/memory` for the bootloader to fill (`reg = <0 0 0 0>`); then a bank is assumed at the first of
 * the usual DRAM bases that is free, as the bootloader would have written it.
 */
function kernelWindow(
  d: PlatformDescription,
  memory: PhysicalMemory,
  trace: Trace,
): { base: bigint; size: number } | undefined {
  const dram = d.memory.find((m) => m.kind === 'memory');
  if (dram) return { base: fromHex(dram.base), size: KERNEL_SHM_SIZE };
  for (const base of [0x8000_0000n, 0x4000_0000n, 0x8_8000_0000n, 0x2_0000_0000n]) {
    if (!memory.map({ name: 'dram (bootloader-provided)', base, size: KERNEL_SHM_SIZE })) continue;
    trace.emit(
      'diag',
      'platform',
      `no /memory in the tree: assuming DRAM at 0x${base.toString(16)}, as a bootloader fills it in`,
      {
        base: `0x${base.toString(16)}`,
      },
    );
    return { base, size: KERNEL_SHM_SIZE };
  }
  return undefined;
}

/** Linux's system SMCCC conduit is PSCI's method; without PSCI there is none. */
function pickConduit(
  d: PlatformDescription,
  conduits: { smc: SmcccInvoker; hvc: SmcccInvoker },
): SmcccInvoker {
  if (d.smcccConduit === 'hvc') return conduits.hvc;
  if (d.smcccConduit === 'smc') return conduits.smc;
  return { conduit: 'none', invoke: () => ({ regs: [0xffff_ffff_ffff_ffffn] }) };
}

function spiLimitFor(d: PlatformDescription): number {
  let max = 287;
  for (const i of d.interrupts) if (i.type === 'spi' && i.intid > max) max = i.intid;
  return Math.min(1020, (Math.floor(max / 32) + 1) * 32);
}

/** `request_irq` for transports and mailbox drivers, with the trigger the tree gives the INTID. */
function irqHostOf(irqs: GicLinuxIrqs | undefined, d: PlatformDescription): IrqHost {
  return {
    request(intid, name, handler) {
      if (!irqs) return '-ENODEV';
      const desc = d.interrupts.find((i) => i.intid === intid);
      const trigger = desc?.trigger?.startsWith('edge') ? 'edge' : 'level';
      const r = irqs.request(intid, trigger, {
        name,
        handler: () => {
          handler();
          return 'handled';
        },
      });
      return r === 0 ? undefined : r === -16 ? '-EBUSY' : '-EINVAL';
    },
  };
}

/**
 * Maps what the firmware interfaces touch: the start of each DRAM bank (kernel pages, dynamic
 * shared memory), SRAM, shared-memory areas, reserved carve-outs and the profile's own areas, each
 * at most `MAX_WINDOW` bytes, containers before what they contain.
 */
function mapMemory(
  d: PlatformDescription,
  p: FirmwareProfile,
  note: (msg: string, data?: Record<string, string | number>) => void,
): PhysicalMemory {
  const memory = new PhysicalMemory();
  const wanted: { name: string; base: bigint; size: number }[] = [];
  const order = { memory: 0, sram: 1, reserved: 2, shmem: 3 } as const;
  for (const r of [...d.memory].sort((a, b) => order[a.kind] - order[b.kind])) {
    const size = fromHex(r.size);
    wanted.push({
      name: r.path,
      base: fromHex(r.base),
      size: Number(size > BigInt(MAX_WINDOW) ? BigInt(MAX_WINDOW) : size),
    });
  }
  if (p.optee.reservedShm)
    wanted.push({
      name: 'optee.reservedShm',
      base: fromHex(p.optee.reservedShm.base),
      size: Math.min(MAX_WINDOW, p.optee.reservedShm.size),
    });
  for (const c of p.scmi.channels)
    if (c.shmem)
      wanted.push({
        name: `scmi channel ${c.id}`,
        base: fromHex(c.shmem.base),
        size: Math.min(MAX_WINDOW, c.shmem.size),
      });
  const mapped = (base: bigint, size: number) =>
    memory.mapped.some((m) => base >= m.base && base + BigInt(size) <= m.base + BigInt(m.size));
  for (const w of wanted) {
    if (w.size <= 0 || mapped(w.base, w.size)) continue;
    // Overlapping carve-outs are the lint's business; the first mapping wins here.
    if (!memory.map(w))
      note(`${w.name}: region at 0x${w.base.toString(16)} overlaps another and is not mapped`, {
        node: w.name,
      });
  }
  return memory;
}

export type { InterruptController };
