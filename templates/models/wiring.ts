/**
 * `wiring.dot`: how the board's firmware interfaces are wired — interrupt lines into the GIC, SMC
 * and HVC routes to the monitor or hypervisor, SCMI transports (mailboxes, SMC ids, OP-TEE
 * channels) and the shared memory each channel uses. Graph ids are generated (`n0`, `n1`, …); DT
 * strings appear only in labels, escaped by the `dot` helper.
 */
import { z } from 'zod';
import type { PlatformDescription } from '../../runtime/platform/description.js';
import type { Built } from './common.js';

const nodeKinds = ['cpu', 'monitor', 'hypervisor', 'gic', 'device', 'firmware', 'mailbox', 'shmem'] as const;
const edgeKinds = ['irq', 'call', 'transport', 'shmem'] as const;
const graphId = z.string().regex(/^n\d+$/);

export const wiringModelSchema = z.strictObject({
  title: z.string(),
  nodes: z.array(z.strictObject({ id: graphId, kind: z.enum(nodeKinds), label: z.string() })),
  edges: z.array(z.strictObject({ from: graphId, to: graphId, kind: z.enum(edgeKinds), label: z.string() })),
});
export type WiringModel = z.infer<typeof wiringModelSchema>;
type NodeKind = (typeof nodeKinds)[number];
type EdgeKind = (typeof edgeKinds)[number];

export function buildWiringModel(board: string, d: PlatformDescription): Built<WiringModel> {
  const nodes: WiringModel['nodes'] = [];
  const edges: WiringModel['edges'] = [];
  const ids = new Map<string, string>();
  const node = (key: string, kind: NodeKind, label: string): string => {
    let id = ids.get(key);
    if (!id) {
      id = `n${nodes.length}`;
      ids.set(key, id);
      nodes.push({ id, kind, label });
    }
    return id;
  };
  const edge = (from: string, to: string, kind: EdgeKind, label: string) =>
    edges.push({ from, to, kind, label });
  const dtNode = (path: string, kind: NodeKind, what: string) => node(`dt:${path}`, kind, `${what}\n${path}`);
  const conduit = (method: string | null): string | undefined => {
    if (method === 'smc') return node('el3', 'monitor', 'EL3 monitor\n(SMC)');
    if (method === 'hvc') return node('el2', 'hypervisor', 'EL2 hypervisor\n(HVC)');
    return undefined;
  };

  const cpuCount = d.cpus.length;
  node('cpus', 'cpu', `${cpuCount} CPU${cpuCount === 1 ? '' : 's'}\n(normal world)`);
  for (const g of d.interruptControllers)
    dtNode(
      g.path,
      'gic',
      g.model === 'other' ? 'interrupt controller' : g.model === 'gicv2' ? 'GICv2' : 'GICv3',
    );
  for (const g of d.interruptControllers)
    if (g.primary) edge(ids.get(`dt:${g.path}`)!, ids.get('cpus')!, 'irq', 'IRQ/FIQ');

  if (d.psci) {
    const to = conduit(d.psci.method);
    if (to) edge(dtNode(d.psci.path, 'firmware', 'PSCI'), to, 'call', d.psci.method ?? '');
  }
  for (const o of d.optee) {
    if (!o.enabled) continue;
    const from = dtNode(o.path, 'firmware', 'OP-TEE');
    const to = conduit(o.method);
    if (to) edge(from, to, 'call', o.method ?? '');
  }
  for (const m of d.mailboxes) {
    if (!m.enabled) continue;
    const from = dtNode(m.path, 'mailbox', `mailbox (${m.kind})`);
    if (m.kind === 'smc-mbox' || m.kind === 'hvc-mbox') {
      const to = conduit(m.method);
      const ids = m.funcIds.map((f) => `0x${f.toString(16)}`).join(', ');
      if (to) edge(from, to, 'call', `${m.method ?? ''}${ids ? ` ${ids}` : ''}`);
    }
  }
  for (const s of d.scmi) {
    if (!s.enabled) continue;
    const agent = dtNode(s.path, 'firmware', `SCMI agent (${s.transport})`);
    for (const ch of s.channels) {
      const owner = ch.owner === s.path ? '' : ` ${ch.owner.slice(s.path.length + 1)}`;
      const label = `${ch.direction}${owner}`;
      if (s.transport === 'smc' || s.transport === 'smc-param' || s.transport === 'qcom-smc') {
        const to = conduit(d.smcccConduit === 'none' ? 'smc' : d.smcccConduit);
        const fn = ch.smcId !== null ? ` 0x${ch.smcId.toString(16)}` : '';
        if (to) edge(agent, to, 'call', `${label}${fn}`);
      }
      if (s.transport === 'optee') {
        const tee = d.optee.find((o) => o.enabled);
        if (tee)
          edge(
            agent,
            dtNode(tee.path, 'firmware', 'OP-TEE'),
            'transport',
            `${label} channel ${ch.opteeChannelId ?? 0}`,
          );
      }
      for (const mb of ch.mboxes) {
        const kind = d.mailboxes.find((m) => m.path === mb.controller)?.kind ?? 'other';
        edge(
          agent,
          dtNode(mb.controller, 'mailbox', `mailbox (${kind})`),
          'transport',
          `${label} [${mb.args.join(' ')}]`,
        );
      }
      if (ch.shmem) {
        const size = ch.shmem.size ? ` ${ch.shmem.size}` : '';
        const at = ch.shmem.base ? `${ch.shmem.base}${size}` : '';
        edge(
          agent,
          node(`dt:${ch.shmem.path}`, 'shmem', `shared memory\n${ch.shmem.path}\n${at}`),
          'shmem',
          label,
        );
      }
    }
  }
  for (const irq of d.interrupts) {
    const target = ids.get(`dt:${irq.controller}`) ?? dtNode(irq.controller, 'gic', 'interrupt controller');
    if (irq.node === irq.controller) continue;
    const from = ids.get(`dt:${irq.node}`) ?? dtNode(irq.node, 'device', 'device');
    const what =
      irq.type === 'other'
        ? `line ${irq.number}`
        : `${irq.type.toUpperCase()} ${irq.number} (INTID ${irq.intid})`;
    edge(
      from,
      target,
      'irq',
      `${irq.name ? `${irq.name}: ` : ''}${what}${irq.trigger ? ` ${irq.trigger}` : ''}`,
    );
  }
  const model = wiringModelSchema.parse({ title: d.model ?? board, nodes, edges });
  return { model, diagnostics: [] };
}
