/**
 * The profile a board's firmware would have if it matched the tree exactly: what dtpc runs when the
 * user gives none, and the base a user's profile overlays. Every choice follows what the tree
 * implies (OP-TEE's DT emission, the SCMI channels the agent describes, the resources consumers
 * use); where the tree says nothing, upstream defaults (TF-A SMCCC 1.5, OP-TEE 4.x with dynamic
 * shared memory) are taken.
 */
import type { PlatformDescription, ScmiDescription } from './description.js';
import type { FirmwareProfile, Plain, ProfileChannel } from './profile.js';

const DEFAULT_CLOCK_RATES = [24_000_000, 100_000_000, 200_000_000, 400_000_000];
const DEFAULT_PERF_LEVELS = [
  { perf: 500_000, power: 100, latencyUs: 100 },
  { perf: 1_000_000, power: 250, latencyUs: 100 },
  { perf: 1_500_000, power: 500, latencyUs: 100 },
];

/** Whether the tree makes the normal world issue HVC somewhere. */
export function usesHvc(d: PlatformDescription): boolean {
  if (d.smcccConduit === 'hvc') return true;
  if (d.optee.some((o) => o.enabled && o.method === 'hvc')) return true;
  return d.mailboxes.some(
    (m) => m.enabled && (m.kind === 'smc-mbox' || m.kind === 'hvc-mbox') && m.method === 'hvc',
  );
}

function serverFor(d: PlatformDescription, s: ScmiDescription): FirmwareProfile['scmi']['server'] {
  if (s.transport === 'optee') return 'optee';
  if (s.transport === 'mailbox') {
    const kinds = s.channels.flatMap((c) =>
      c.mboxes.map((m) => d.mailboxes.find((x) => x.path === m.controller)?.kind),
    );
    if (kinds.some((k) => k === 'smc-mbox' || k === 'hvc-mbox')) return 'tf-a';
    return 'scp';
  }
  if (s.transport === 'virtio' || s.transport === 'unknown') return 'none';
  return 'tf-a';
}

/** Channels the SCMI server serves, one per tx channel the agents describe. */
function channelsFor(d: PlatformDescription, agents: readonly ScmiDescription[]): ProfileChannel[] {
  const out: ProfileChannel[] = [];
  agents.forEach((s, agentIndex) => {
    for (const ch of s.channels) {
      if (ch.direction !== 'tx') continue;
      const id = s.transport === 'optee' ? (ch.opteeChannelId ?? 0) : out.length;
      if (out.some((c) => c.id === id)) continue;
      const shmem =
        ch.shmem?.base && ch.shmem.size ? { base: ch.shmem.base, size: Number(BigInt(ch.shmem.size)) } : null;
      let smcId = ch.smcId;
      let mailbox: ProfileChannel['mailbox'] = null;
      const [tx, reply] = ch.mboxes;
      const controller = tx ? d.mailboxes.find((m) => m.path === tx.controller) : undefined;
      if (controller && (controller.kind === 'smc-mbox' || controller.kind === 'hvc-mbox')) {
        smcId = controller.funcIds[controller.cells === 0 ? 0 : (tx!.args[0] ?? 0)] ?? null;
      } else if (tx && controller) {
        const doorbell = controller.kind === 'mhu-doorbell' ? (tx.args[1] ?? 0) : null;
        mailbox = {
          controller: tx.controller,
          channel: tx.args[0] ?? 0,
          doorbell,
          reply: reply
            ? {
                channel: reply.args[0] ?? 0,
                doorbell: controller.kind === 'mhu-doorbell' ? (reply.args[1] ?? 0) : null,
              }
            : null,
        };
      }
      out.push({
        id,
        agent: agentIndex + 1,
        shmem,
        smcId,
        mailbox,
        completionIntid: ch.a2p && ch.a2p.intid >= 0 ? ch.a2p.intid : null,
      });
    }
  });
  return out;
}

/** The default rates plus every rate the tree assigns to clock `id` (`assigned-clock-rates`). */
function clockRates(d: PlatformDescription, id: number): number[] {
  const rates = new Set(DEFAULT_CLOCK_RATES);
  for (const c of d.consumers)
    for (const u of c.uses) if (u.protocol === 0x14 && u.id === id && u.rate) rates.add(u.rate);
  return [...rates].sort((a, b) => a - b);
}

function countOf(d: PlatformDescription, protocol: number): number {
  let n = 0;
  for (const c of d.consumers) for (const u of c.uses) if (u.protocol === protocol) n = Math.max(n, u.id + 1);
  return n;
}

export function deriveProfile(d: PlatformDescription): FirmwareProfile {
  const optee = d.optee.find((o) => o.enabled) ?? d.optee[0];
  const notif = optee?.interrupts[0];
  const agents = d.scmi.filter((s) => s.enabled && s.transport !== 'virtio');
  const first = agents[0];
  const server = first ? serverFor(d, first) : 'none';
  const channels = channelsFor(d, agents);
  const protocols = new Set(agents.flatMap((s) => s.protocols.filter((p) => p.enabled).map((p) => p.id)));
  const has = (id: number) => protocols.has(id);
  const reservedShm = d.memory.find((m) => m.kind === 'reserved' && /optee[_-]?shm/i.test(m.path));
  const sipIds = new Set<number>();
  for (const c of channels) if (c.smcId !== null) sipIds.add(c.smcId);

  return {
    smccc: { version: '1.5' },
    psci: { version: '1.1' },
    el2: { hypervisor: usesHvc(d) || d.hypervisor !== null },
    optee: {
      enabled: optee !== undefined || agents.some((s) => s.transport === 'optee'),
      revision: '4.10',
      threads: Math.max(2, Math.min(64, d.cpus.length)),
      capabilities: { dynamicShm: true, memrefNull: true, rpcArg: true, rpmbProbe: false },
      reservedShm: reservedShm ? { base: reservedShm.base, size: Number(BigInt(reservedShm.size)) } : null,
      asyncNotif: {
        enabled: notif !== undefined && notif.intid >= 0,
        intid: notif && notif.intid >= 0 ? notif.intid : 0,
      },
    },
    sip: { functionIds: [...sipIds] },
    scmi: {
      server,
      vendor: 'dtpc',
      agents: agents.map((s, i) => ({ id: i + 1, name: s.path })),
      channels,
      clocks: Array.from({ length: has(0x14) ? Math.max(1, countOf(d, 0x14)) : 0 }, (_, i) => ({
        name: `clk${i}`,
        rates: clockRates(d, i),
        rate: null,
        enabled: false,
      })),
      resets: Array.from({ length: has(0x16) ? Math.max(1, countOf(d, 0x16)) : 0 }, (_, i) => ({
        name: `rst${i}`,
      })),
      powerDomains: Array.from({ length: has(0x11) ? Math.max(1, countOf(d, 0x11)) : 0 }, (_, i) => ({
        name: `pd${i}`,
        on: false,
      })),
      perfDomains: Array.from({ length: has(0x13) ? Math.max(1, countOf(d, 0x13)) : 0 }, (_, i) => ({
        name: `perf${i}`,
        levels: DEFAULT_PERF_LEVELS,
      })),
      sensors: has(0x15) ? [{ name: 'soc-temp', value: 45, unit: 2 }] : [],
      voltageDomains: Array.from({ length: has(0x17) ? Math.max(1, countOf(d, 0x17)) : 0 }, (_, i) => ({
        name: `vd${i}`,
        levels: [900_000, 1_000_000, 1_100_000],
        on: true,
      })),
    },
  };
}

/** The derived profile as plain data (what a user's YAML overlays). */
export function profileToPlain(p: FirmwareProfile): Plain {
  return JSON.parse(JSON.stringify(p)) as Plain;
}
