/**
 * Typed view → platform description. Reads only `TreeView`/`NodeView` (reg translated to CPU
 * addresses, interrupts resolved to GIC INTIDs, phandle arrays split by provider cells) and writes
 * plain data in tree order, so the same tree always gives the same description.
 */
import type { ResolvedInterrupt } from '../../schemas/view/interrupts.js';
import { GIC_V2_COMPATIBLES, GIC_V3_COMPATIBLES } from '../../schemas/view/specifiers.js';
import type { NodeView, TreeView } from '../../schemas/view/view.js';
import {
  type ConsumerDescription,
  DESCRIPTION_VERSION,
  type GicDescription,
  type InterruptDescription,
  type IrqRef,
  type MailboxDescription,
  type MboxRef,
  type MemoryRegion,
  type OpteeDescription,
  type PlatformDescription,
  type ScmiChannelDescription,
  type ScmiDescription,
  type ScmiUse,
  type ShmemRef,
  toHex,
} from './description.js';

export const SCMI_TRANSPORTS: Readonly<Record<string, ScmiDescription['transport']>> = {
  'arm,scmi': 'mailbox',
  'arm,scmi-smc': 'smc',
  'arm,scmi-smc-param': 'smc-param',
  'qcom,scmi-smc': 'qcom-smc',
  'linaro,scmi-optee': 'optee',
  'arm,scmi-virtio': 'virtio',
};

const PSCI_COMPATIBLES = ['arm,psci', 'arm,psci-0.2', 'arm,psci-1.0'];
const GIC_COMPATIBLES = [...GIC_V2_COMPATIBLES, ...GIC_V3_COMPATIBLES];
/** Transport properties that give a protocol node a channel of its own. */
const CHANNEL_PROPERTIES = ['shmem', 'mboxes', 'linaro,optee-channel-id', 'arm,smc-id'];
/** Firmware interfaces outside the modelled families, recognised so they are reported, not ignored. */
const KNOWN_UNMODELLED: Readonly<Record<string, string>> = {
  'arm,scpi': 'SCPI (pre-SCMI protocol) is not modelled',
  'arm,scpi-pre-1.0': 'SCPI (pre-SCMI protocol) is not modelled',
  'arm,ffa': 'FF-A is not modelled',
  'qcom,scm': 'Qualcomm SCM is not modelled',
  'ti,sci': 'TI SCI is not modelled',
  'xlnx,zynqmp-firmware': 'ZynqMP firmware interface is not modelled',
  'mediatek,mt8183-scp': 'MediaTek SCP is not modelled',
};

type ProviderKind = { kind: ScmiUse['kind']; protocol: number; cells: string };
const CONSUMER_PROPERTIES: Readonly<Record<string, ProviderKind>> = {
  clocks: { kind: 'clock', protocol: 0x14, cells: '#clock-cells' },
  resets: { kind: 'reset', protocol: 0x16, cells: '#reset-cells' },
  'power-domains': { kind: 'power-domain', protocol: 0x11, cells: '#power-domain-cells' },
  'assigned-clocks': { kind: 'clock', protocol: 0x14, cells: '#clock-cells' },
};

export interface DescribeIssue {
  code: string;
  nodePath: string;
  property?: string;
  message: string;
}

export interface Described {
  description: PlatformDescription;
  issues: DescribeIssue[];
}

export function describePlatform(view: TreeView): Described {
  const issues: DescribeIssue[] = [];
  const root = view.node(view.tree.root);
  const all = view.tree.root.walk().map((n) => view.node(n));
  const has = (n: NodeView, list: readonly string[]) => n.compatible.some((c) => list.includes(c));

  const gics = all.filter((n) => n.flag('interrupt-controller') && has(n, GIC_COMPATIBLES));
  const rootParent = root.u32('interrupt-parent');
  const primary = (rootParent !== undefined ? view.byPhandle(rootParent) : undefined) ?? gics[0];
  const interruptControllers: GicDescription[] = gics.map((g) => ({
    path: g.path,
    model: has(g, GIC_V3_COMPATIBLES) ? 'gicv3' : 'gicv2',
    compatible: g.compatible,
    regs: regions(g),
    primary: g.node === primary?.node,
  }));

  const interrupts: InterruptDescription[] = [];
  for (const n of all) {
    if (!n.enabled || (!n.flag('interrupts') && !n.flag('interrupts-extended'))) continue;
    for (const irq of n.interrupts) interrupts.push(interruptOf(n, irq));
  }

  const psciNode = all.find((n) => n.enabled && has(n, PSCI_COMPATIBLES));
  const psci = psciNode
    ? { path: psciNode.path, compatible: psciNode.compatible, method: psciNode.string('method') ?? null }
    : null;
  const method = psci?.method;
  const smcccConduit = method === 'smc' || method === 'hvc' ? method : 'none';
  const hyp = view.byPath('/hypervisor');
  const hypervisor = hyp && hyp.compatible.length > 0 ? { path: hyp.path, compatible: hyp.compatible } : null;

  const optee: OpteeDescription[] = all
    .filter((n) => n.compatible.includes('linaro,optee-tz'))
    .map((n) => ({
      path: n.path,
      enabled: n.enabled,
      method: n.string('method') ?? null,
      interrupts: n.interrupts.map(irqRef),
    }));

  const mailboxes: MailboxDescription[] = all.filter((n) => n.flag('#mbox-cells')).map(mailboxOf);

  const scmi: ScmiDescription[] = [];
  for (const n of all) {
    const compatible = n.compatible.find((c) => SCMI_TRANSPORTS[c] !== undefined);
    if (!compatible) continue;
    scmi.push(scmiOf(n, SCMI_TRANSPORTS[compatible]!, issues));
  }

  const scmiProviders = new Map<string, { scmi: string; protocol: number }>();
  for (const s of scmi)
    for (const p of s.protocols) scmiProviders.set(p.path, { scmi: s.path, protocol: p.id });
  const consumers = all.flatMap((n) => consumerOf(n, scmiProviders, issues));

  const notModelled = all.flatMap((n) => {
    if (!n.enabled) return [];
    const c = n.compatible.find((x) => KNOWN_UNMODELLED[x] !== undefined);
    if (c) return [{ path: n.path, compatible: n.compatible, reason: KNOWN_UNMODELLED[c]! }];
    return [];
  });
  for (const s of scmi) {
    if (!s.enabled) continue;
    if (s.transport === 'virtio')
      notModelled.push({
        path: s.path,
        compatible: s.compatible,
        reason: 'SCMI over virtio is not modelled',
      });
    for (const ch of s.channels)
      for (const m of ch.mboxes) {
        const mb = mailboxes.find((x) => x.path === m.controller);
        if (mb && mb.kind === 'other' && !notModelled.some((x) => x.path === mb.path))
          notModelled.push({
            path: mb.path,
            compatible: mb.compatible,
            reason: `mailbox controller ${mb.compatible[0] ?? '(no compatible)'} is not modelled`,
          });
      }
  }
  if (gics.length === 0 && (optee.length > 0 || scmi.length > 0))
    notModelled.push({
      path: '/',
      compatible: root.compatible,
      reason: 'no GICv2/v3 interrupt controller: interrupts of the firmware interfaces are not delivered',
    });

  const description: PlatformDescription = {
    version: DESCRIPTION_VERSION,
    model: root.string('model') ?? null,
    compatible: root.compatible,
    memory: memoryOf(all),
    cpus: cpusOf(view),
    interruptControllers,
    interrupts,
    hypervisor,
    psci,
    smcccConduit,
    optee,
    scmi,
    mailboxes,
    consumers,
    notModelled,
  };
  return { description, issues };
}

function regions(n: NodeView): { base: string; size: string }[] {
  return n.reg.flatMap((r) =>
    r.cpuAddress === undefined ? [] : [{ base: toHex(r.cpuAddress), size: toHex(r.size ?? 0n) }],
  );
}

function irqRef(irq: ResolvedInterrupt): IrqRef {
  const d = irq.decoded;
  if (d.kind !== 'gic') return { intid: -1, type: 'other', trigger: null, name: irq.name ?? null };
  return { intid: d.intid, type: d.type, trigger: d.trigger ?? null, name: irq.name ?? null };
}

function interruptOf(n: NodeView, irq: ResolvedInterrupt): InterruptDescription {
  const d = irq.decoded;
  return {
    node: n.path,
    index: irq.index,
    name: irq.name ?? null,
    controller: irq.controller.path,
    type: d.kind === 'gic' ? d.type : 'other',
    number: d.kind === 'gic' ? d.number : (d.cells[0] ?? -1),
    intid: d.kind === 'gic' ? d.intid : -1,
    trigger: d.kind === 'gic' ? (d.trigger ?? null) : null,
  };
}

function memoryOf(all: readonly NodeView[]): MemoryRegion[] {
  const out: MemoryRegion[] = [];
  const push = (n: NodeView, kind: MemoryRegion['kind']) => {
    for (const r of n.reg)
      if (r.cpuAddress !== undefined && r.size !== undefined && r.size > 0n)
        out.push({
          path: n.path,
          kind,
          base: toHex(r.cpuAddress),
          size: toHex(r.size),
          noMap: n.flag('no-map'),
          compatible: n.compatible,
        });
  };
  for (const n of all) {
    if (!n.enabled) continue;
    if (n.string('device_type') === 'memory') push(n, 'memory');
    else if (n.compatible.includes('arm,scmi-shmem')) push(n, 'shmem');
    else if (n.compatible.includes('mmio-sram')) push(n, 'sram');
    else if (n.parent?.node.name === 'reserved-memory' && n.parent.parent?.node.isRoot) push(n, 'reserved');
  }
  return out;
}

function cpusOf(view: TreeView): PlatformDescription['cpus'] {
  const cpus = view.byPath('/cpus');
  if (!cpus) return [];
  return cpus.children
    .filter((c) => c.string('device_type') === 'cpu' && c.status !== 'fail')
    .map((c, index) => ({
      path: c.path,
      index,
      mpidr: Number((c.reg[0]?.address ?? BigInt(index)) & 0xffff_ffffn),
      enableMethod: c.string('enable-method') ?? null,
    }));
}

function mailboxOf(n: NodeView): MailboxDescription {
  const c = n.compatible;
  const kind: MailboxDescription['kind'] = c.includes('arm,hvc-mbox')
    ? 'hvc-mbox'
    : c.includes('arm,smc-mbox')
      ? 'smc-mbox'
      : c.includes('arm,mhu-doorbell')
        ? 'mhu-doorbell'
        : c.includes('arm,mhu')
          ? 'mhu'
          : 'other';
  const funcIds =
    n.u32('arm,func-id') !== undefined
      ? [n.u32('arm,func-id')!]
      : (cells(n, 'arm,smc-func-ids') ?? cells(n, 'arm,func-ids') ?? []);
  const method = n.string('method') ?? (kind === 'hvc-mbox' ? 'hvc' : kind === 'smc-mbox' ? 'smc' : null);
  return {
    path: n.path,
    enabled: n.enabled,
    compatible: c,
    kind,
    cells: n.u32('#mbox-cells') ?? null,
    regs: regions(n),
    interrupts: n.interrupts.map(irqRef),
    funcIds,
    method,
  };
}

function cells(n: NodeView, name: string): number[] | undefined {
  const prop = n.node.prop(name);
  if (!prop || prop.value.length % 4 !== 0) return undefined;
  return prop.value.cells();
}

function shmemRefs(n: NodeView, issues: DescribeIssue[]): ShmemRef[] {
  const arr = n.phandleArray('shmem', null);
  for (const i of arr.issues)
    issues.push({ code: 'sim/tree-issue', nodePath: n.path, property: 'shmem', message: i.message });
  return arr.value.flatMap((e) => {
    if (!e.provider) return [];
    const p = n.view.node(e.provider);
    const r = p.reg[0];
    return [
      {
        path: p.path,
        base: r?.cpuAddress !== undefined ? toHex(r.cpuAddress) : null,
        size: r?.size !== undefined ? toHex(r.size) : null,
        compatible: p.compatible,
        enabled: p.enabled,
      },
    ];
  });
}

function mboxRefs(n: NodeView, issues: DescribeIssue[]): MboxRef[] {
  const arr = n.phandleArray('mboxes', '#mbox-cells');
  for (const i of arr.issues)
    issues.push({ code: 'sim/tree-issue', nodePath: n.path, property: 'mboxes', message: i.message });
  return arr.value.flatMap((e) =>
    e.provider ? [{ controller: e.provider.path, args: e.args, name: e.name ?? null }] : [],
  );
}

/** Linux `mailbox_chan_validate` (protocols §4.8): which mboxes/shmem serve tx and which rx. */
function mailboxSplit(
  mboxes: MboxRef[],
  shmem: ShmemRef[],
): { tx: { mboxes: MboxRef[]; shmem: ShmemRef | null }; rx?: { mboxes: MboxRef[]; shmem: ShmemRef | null } } {
  const m = mboxes.length;
  const s = shmem.length;
  if (m === 2 && s === 2)
    return { tx: { mboxes: [mboxes[0]!], shmem: shmem[0]! }, rx: { mboxes: [mboxes[1]!], shmem: shmem[1]! } };
  if (m === 3 && s === 2)
    return {
      tx: { mboxes: mboxes.slice(0, 2), shmem: shmem[0]! },
      rx: { mboxes: [mboxes[2]!], shmem: shmem[1]! },
    };
  if (m === 4 && s === 2)
    return {
      tx: { mboxes: mboxes.slice(0, 2), shmem: shmem[0]! },
      rx: { mboxes: mboxes.slice(2), shmem: shmem[1]! },
    };
  return { tx: { mboxes, shmem: shmem[0] ?? null } };
}

function channelsOf(
  n: NodeView,
  transport: ScmiDescription['transport'],
  issues: DescribeIssue[],
): ScmiChannelDescription[] {
  const shmem = shmemRefs(n, issues);
  const mboxes = mboxRefs(n, issues);
  const a2pIrq =
    n.interrupts.find((i) => i.name === 'a2p') ?? (transport !== 'mailbox' ? n.interrupts[0] : undefined);
  const base = {
    owner: n.path,
    smcId: n.u32('arm,smc-id') ?? null,
    opteeChannelId: n.u32('linaro,optee-channel-id') ?? null,
    a2p: a2pIrq ? irqRef(a2pIrq) : null,
  };
  if (transport !== 'mailbox') return [{ ...base, direction: 'tx', shmem: shmem[0] ?? null, mboxes }];
  const split = mailboxSplit(mboxes, shmem);
  const out: ScmiChannelDescription[] = [
    { ...base, direction: 'tx', shmem: split.tx.shmem, mboxes: split.tx.mboxes, a2p: null },
  ];
  if (split.rx)
    out.push({ ...base, direction: 'rx', shmem: split.rx.shmem, mboxes: split.rx.mboxes, a2p: null });
  return out;
}

function scmiOf(
  n: NodeView,
  transport: ScmiDescription['transport'],
  issues: DescribeIssue[],
): ScmiDescription {
  const protocols: ScmiDescription['protocols'] = [];
  const channels = channelsOf(n, transport, issues);
  for (const child of n.children) {
    if (!child.node.name.startsWith('protocol@')) continue;
    const id = child.u32('reg');
    if (id === undefined) continue;
    const dedicated = CHANNEL_PROPERTIES.some((p) => child.flag(p));
    protocols.push({ path: child.path, id, enabled: child.enabled, dedicated });
    if (dedicated && child.enabled) channels.push(...channelsOf(child, transport, issues));
  }
  return { path: n.path, enabled: n.enabled, compatible: n.compatible, transport, channels, protocols };
}

function consumerOf(
  n: NodeView,
  providers: ReadonlyMap<string, { scmi: string; protocol: number }>,
  issues: DescribeIssue[],
): ConsumerDescription[] {
  const uses: ScmiUse[] = [];
  for (const [property, kind] of Object.entries(CONSUMER_PROPERTIES)) {
    if (!n.flag(property)) continue;
    const arr = n.phandleArray(property, kind.cells);
    if (arr.issues.length > 0 && arr.value.length === 0) continue;
    const rates = property === 'assigned-clocks' ? (cells(n, 'assigned-clock-rates') ?? []) : [];
    for (const [index, e] of arr.value.entries()) {
      if (!e.provider) continue;
      const p = providers.get(e.provider.path);
      if (!p) continue;
      // Perf domains are reached through `clocks` or `power-domains` of protocol@13.
      const k: ScmiUse['kind'] = p.protocol === 0x13 ? 'perf' : kind.kind;
      if (p.protocol !== kind.protocol && p.protocol !== 0x13) {
        issues.push({
          code: 'sim/tree-issue',
          nodePath: n.path,
          property,
          message: `'${property}' points at SCMI protocol 0x${p.protocol.toString(16)} (${e.provider.path}), which does not provide ${kind.kind}s`,
        });
        continue;
      }
      uses.push({
        kind: k,
        property,
        provider: e.provider.path,
        protocol: p.protocol,
        id: e.args[0] ?? 0,
        name: e.name ?? null,
        rate: property === 'assigned-clocks' ? (rates[index] ?? 0) : null,
      });
    }
  }
  for (const prop of n.node.liveProps) {
    if (!prop.name.endsWith('-supply') || prop.value.length !== 4) continue;
    const reg = n.view.byPhandle(prop.value.cell(0));
    const proto = reg?.parent?.parent;
    if (!reg || !proto || providers.get(proto.path)?.protocol !== 0x17) continue;
    uses.push({
      kind: 'voltage',
      property: prop.name,
      provider: reg.path,
      protocol: 0x17,
      id: reg.u32('reg') ?? 0,
      name: reg.string('regulator-name') ?? null,
      rate: null,
    });
  }
  if (uses.length === 0) return [];
  return [{ path: n.path, compatible: n.compatible, enabled: n.enabled, uses }];
}
