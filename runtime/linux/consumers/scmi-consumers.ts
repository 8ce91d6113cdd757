import type { NamedPhandleEntry, NodeView, TreeView } from '../../../schemas/view/view.js';
import type { Trace } from '../../core/trace.js';
import { PROTOCOL } from '../../scmi/constants.js';
import { u64At } from '../../scmi/payload.js';
import type { LinuxScmi } from '../scmi/core.js';
import { words } from '../scmi/protocols.js';
import type { Task } from '../scmi/task.js';

export interface ConsumerOutcome {
  node: string;
  /** Every SCMI resource the node uses was set up. */
  ok: boolean;
  /** Waiting for a provider that has not probed (Linux -EPROBE_DEFER). */
  deferred?: string;
  errors: string[];
}

interface ScmiRef {
  scmi: LinuxScmi;
  protocol: number;
  id: number;
  provider: string;
}

/**
 * A generic device driver using what the tree wires to it through SCMI, in Linux's order:
 * `of_clk_set_defaults` (assigned-clock-rates), `dev_pm_domain_attach` (power domains on), then the
 * driver's probe (clk_prepare_enable each clock, pulse each reset: assert then deassert). Resources
 * of other providers are left to their own models. Every operation is a `device` trace event.
 */
export function* probeConsumer(
  node: NodeView,
  scmis: readonly LinuxScmi[],
  trace: Trace,
): Task<ConsumerOutcome> {
  const out: ConsumerOutcome = { node: node.path, ok: true, errors: [] };
  const refs = (prop: string, cells: string) =>
    node.phandleArray(prop, cells, { missing: 1 }).value.map((e) => scmiRef(e, scmis));
  const clocks = refs('clocks', '#clock-cells');
  const resets = refs('resets', '#reset-cells');
  const domains = refs('power-domains', '#power-domain-cells');
  const assigned = refs('assigned-clocks', '#clock-cells');
  const rates = cells(node, 'assigned-clock-rates');
  const all = [...clocks, ...resets, ...domains, ...assigned];
  const waiting = all.find((r) => typeof r === 'string');
  if (typeof waiting === 'string') {
    trace.emit('probe', node.path, `deferred: ${waiting}`, { reason: waiting });
    return { ...out, ok: false, deferred: waiting };
  }
  const emit = (msg: string, data?: Record<string, string | number>) =>
    trace.emit('device', node.path, msg, data);
  const check = (what: string, r: { ok: boolean; errno?: string }) => {
    if (r.ok) return true;
    out.ok = false;
    out.errors.push(`${what}: ${r.errno}`);
    emit(`${what} failed ${r.errno}`);
    return false;
  };

  for (const [i, ref] of assigned.entries()) {
    if (!ref || typeof ref === 'string' || ref.protocol !== PROTOCOL.CLOCK) continue;
    const rate = rates[i];
    if (rate === undefined || rate === 0) continue;
    const r = yield* ref.scmi.request(PROTOCOL.CLOCK, 0x5, words(0, ref.id, rate, 0), 0);
    if (check(`clock ${ref.id} set rate ${rate}`, r))
      emit(`clock ${ref.id} (${name(ref)}) rate set to ${rate}`, { clock: ref.id, rate });
  }
  for (const ref of domains) {
    if (!ref || typeof ref === 'string') continue;
    if (ref.protocol !== PROTOCOL.POWER_DOMAIN) continue;
    const r = yield* ref.scmi.request(PROTOCOL.POWER_DOMAIN, 0x4, words(0, ref.id, 0), 0);
    if (check(`power domain ${ref.id} on`, r))
      emit(`power domain ${ref.id} (${name(ref)}) on`, { domain: ref.id });
  }
  for (const ref of clocks) {
    if (!ref || typeof ref === 'string' || ref.protocol !== PROTOCOL.CLOCK) continue;
    const r = yield* ref.scmi.request(PROTOCOL.CLOCK, 0x7, words(ref.id, 1), 0);
    if (!check(`clock ${ref.id} enable`, r)) continue;
    const g = yield* ref.scmi.request(PROTOCOL.CLOCK, 0x6, words(ref.id), 8);
    const rate = g.ok && g.rx.length >= 8 ? Number(u64At(g.rx, 0)) : 0;
    emit(`clock ${ref.id} (${name(ref)}) enabled at ${rate} Hz`, { clock: ref.id, rate });
  }
  for (const ref of resets) {
    if (!ref || typeof ref === 'string' || ref.protocol !== PROTOCOL.RESET) continue;
    const a = yield* ref.scmi.request(PROTOCOL.RESET, 0x4, words(ref.id, 2, 0), 0);
    if (!check(`reset ${ref.id} assert`, a)) continue;
    emit(`reset ${ref.id} (${name(ref)}) asserted`, { reset: ref.id });
    const d = yield* ref.scmi.request(PROTOCOL.RESET, 0x4, words(ref.id, 0, 0), 0);
    if (check(`reset ${ref.id} deassert`, d))
      emit(`reset ${ref.id} (${name(ref)}) deasserted`, { reset: ref.id });
  }
  return out;
}

/** Powers a consumer's SCMI power domains off (runtime PM suspend / driver removal). */
export function* powerOff(node: NodeView, scmis: readonly LinuxScmi[], trace: Trace): Task<boolean> {
  let ok = true;
  for (const e of node.phandleArray('power-domains', '#power-domain-cells', { missing: 1 }).value) {
    const ref = scmiRef(e, scmis);
    if (!ref || typeof ref === 'string' || ref.protocol !== PROTOCOL.POWER_DOMAIN) continue;
    const r = yield* ref.scmi.request(PROTOCOL.POWER_DOMAIN, 0x4, words(0, ref.id, 0x4000_0000), 0);
    ok &&= r.ok;
    trace.emit(
      'device',
      node.path,
      r.ok ? `power domain ${ref.id} (${name(ref)}) off` : `power domain ${ref.id} off failed ${r.errno}`,
    );
  }
  return ok;
}

/** Every enabled node outside the SCMI nodes that uses an SCMI provider, in tree order. */
export function scmiConsumers(view: TreeView, scmis: readonly LinuxScmi[]): NodeView[] {
  const roots = new Set(scmis.map((s) => s.path));
  const out: NodeView[] = [];
  for (const node of view.tree.root.walk()) {
    const v = view.node(node);
    if (!v.enabled || [...roots].some((r) => v.path === r || v.path.startsWith(`${r}/`))) continue;
    const uses = ['clocks', 'resets', 'power-domains', 'assigned-clocks'].some((p) =>
      v
        .phandleArray(
          p,
          p === 'resets' ? '#reset-cells' : p === 'power-domains' ? '#power-domain-cells' : '#clock-cells',
          {
            missing: 1,
          },
        )
        .value.some((e) => scmiRef(e, scmis) !== undefined),
    );
    if (uses) out.push(v);
  }
  return out;
}

export function* probeConsumers(
  view: TreeView,
  scmis: readonly LinuxScmi[],
  trace: Trace,
): Task<ConsumerOutcome[]> {
  const results: ConsumerOutcome[] = [];
  for (const node of scmiConsumers(view, scmis)) results.push(yield* probeConsumer(node, scmis, trace));
  return results;
}

/** The SCMI resource an entry names; a string when its provider has not probed; undefined when not SCMI. */
function scmiRef(entry: NamedPhandleEntry, scmis: readonly LinuxScmi[]): ScmiRef | string | undefined {
  const provider = entry.provider;
  if (!provider?.parent) return undefined;
  const scmi = scmis.find((s) => s.node.node === provider.parent);
  if (!scmi) return undefined;
  const protocol = scmi.node.view.node(provider).u32('reg');
  if (protocol === undefined) return undefined;
  if (scmi.state !== 'probed') return `${scmi.path} not probed`;
  if (!scmi.protocolAt(provider.path)) return `${provider.path} (protocol ${protocol}) not available`;
  return { scmi, protocol, id: entry.args[0] ?? 0, provider: provider.path };
}

function name(ref: ScmiRef): string {
  return ref.scmi.protocolAt(ref.provider)?.names[ref.id] || `#${ref.id}`;
}

function cells(node: NodeView, prop: string): number[] {
  const p = node.node.prop(prop);
  if (!p || p.value.length % 4 !== 0) return [];
  return Array.from({ length: p.value.length / 4 }, (_, i) => p.value.cell(i));
}
