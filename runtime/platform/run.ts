/**
 * Runs an assembled platform: Linux boots (OP-TEE driver, mailbox controllers, SCMI cores, the
 * deferred-probe retry at late init, then SCMI consumers), the scenario's steps run on a cursor in
 * virtual time after boot, and expectations are checked. The outcome is data: probe states,
 * expectation results, and diagnostics that name the DT node, the profile setting involved and
 * what a real board would have done.
 */
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import type { RunSummary, Time } from '../core/scheduler.js';
import type { TraceEvent } from '../core/trace.js';
import { type ConsumerOutcome, probeConsumers } from '../linux/consumers/scmi-consumers.js';
import type { Optee } from '../linux/optee/driver.js';
import type { LinuxScmi, ProbeResult } from '../linux/scmi/core.js';
import { words } from '../linux/scmi/protocols.js';
import { spawn } from '../linux/scmi/task.js';
import type { Platform } from './assemble.js';
import type { SimFinding } from './reconcile.js';
import type { Expectation, NotifyAction, Scenario, ScmiAction } from './scenario.js';

/** Boot must settle within this many events (a storm is a bug, reported as not up). */
const BOOT_MAX_EVENTS = 2_000_000;

export interface ProbeState {
  path: string;
  what: 'optee' | 'scmi' | 'consumer' | 'mailbox';
  state: 'bound' | 'deferred' | 'failed' | 'unmatched';
  reason?: string;
}

export interface ExpectationResult {
  text: string;
  ok: boolean;
  detail: string;
}

export interface RunOptions {
  scenario?: Scenario;
  /** Stop the run at this virtual time (overrides the scenario's `until`). */
  until?: Time;
  /** Findings from reconciliation, to explain failures. */
  findings?: readonly SimFinding[];
}

export interface RunReport {
  up: boolean;
  bootTime: Time;
  probes: ProbeState[];
  expectations: ExpectationResult[];
  metrics: Record<'notifications' | 'bottom-halves' | 'scmi-ok' | 'scmi-failed', number>;
  diagnostics: Diagnostic[];
  summary: RunSummary;
  ok: boolean;
}

export function runPlatform(p: Platform, options: RunOptions = {}): RunReport {
  const { scheduler, trace, linux } = p;
  const probes: ProbeState[] = [];
  const scmiResults = new Map<string, ProbeResult>();

  // Linux boot: OP-TEE first (it is a platform device probed at device_initcall).
  if (linux.opteeNode) linux.core.addDevice(linux.opteeNode);
  const startScmi = (s: LinuxScmi) => s.probe((r) => scmiResults.set(s.path, r));
  for (const s of linux.scmi) startScmi(s);
  scheduler.run({ maxEvents: BOOT_MAX_EVENTS });
  // deferred_probe_initcall: one more pass over what deferred.
  const retry = linux.scmi.filter((s) => scmiResults.get(s.path)?.kind === 'defer');
  for (const s of retry) startScmi(s);
  if (retry.length > 0) scheduler.run({ maxEvents: BOOT_MAX_EVENTS });
  let consumers: ConsumerOutcome[] = [];
  const probed = linux.scmi.filter((s) => s.state === 'probed');
  if (linux.scmi.length > 0)
    spawn(scheduler, probeConsumers(p.view, linux.scmi, trace), (c) => {
      consumers = c;
    });
  scheduler.run({ maxEvents: BOOT_MAX_EVENTS });
  linux.core.settle();

  if (linux.opteeNode) {
    const st = linux.core.state(linux.opteeNode.path) ?? 'unmatched';
    const why = linux.core.why(linux.opteeNode.path)?.reason;
    probes.push({ path: linux.opteeNode.path, what: 'optee', state: st, ...(why ? { reason: why } : {}) });
  }
  for (const s of linux.scmi) {
    const r = scmiResults.get(s.path);
    const state = s.state === 'probed' ? 'bound' : s.state === 'deferred' ? 'deferred' : 'failed';
    const reason = r && r.kind !== 'ok' ? r.reason : undefined;
    probes.push({ path: s.path, what: 'scmi', state, ...(reason ? { reason } : {}) });
  }
  for (const c of consumers)
    probes.push({
      path: c.node,
      what: 'consumer',
      state: c.ok ? 'bound' : c.deferred ? 'deferred' : 'failed',
      ...(c.deferred || c.errors.length ? { reason: c.deferred ?? c.errors.join('; ') } : {}),
    });
  // Consumers never reached (their provider did not probe) stay deferred, as in Linux.
  for (const d of p.description.consumers)
    if (d.enabled && !probes.some((x) => x.path === d.path) && probed.length < linux.scmi.length)
      probes.push({ path: d.path, what: 'consumer', state: 'deferred', reason: 'SCMI provider not probed' });

  const bootTime = scheduler.now;
  const up = probes.every((x) => x.state === 'bound') && p.problems.length === 0;
  trace.emit('scenario', 'platform', up ? 'platform up' : 'platform NOT up', { up, probes: probes.length });

  const metrics = { notifications: 0, 'bottom-halves': 0, 'scmi-ok': 0, 'scmi-failed': 0 };
  const expectations: ExpectationResult[] = [];
  const scenario = options.scenario;
  const checkAt = (e: Expectation) => expectations.push(check(p, e, probes, metrics, up));
  let until = options.until;
  if (scenario) {
    let cursor = bootTime;
    for (const step of scenario.steps) {
      if ('wait' in step) {
        cursor += step.wait;
        continue;
      }
      const start = step.at !== undefined ? bootTime + step.at : cursor;
      cursor = start;
      if ('expect' in step) {
        const e = step.expect;
        scheduler.at(start, 'scenario expect', () => checkAt(e));
        continue;
      }
      const count = step.repeat?.count ?? 1;
      const every = step.repeat?.every ?? 0;
      // Repeats are scheduled one at a time so a long soak keeps one pending event, not millions.
      const once = (k: number) => {
        if ('notify' in step) notify(p, step.notify);
        else scmiRequest(p, step.scmi, metrics);
        if (k + 1 < count) scheduler.after(every, 'scenario repeat', () => once(k + 1));
      };
      scheduler.at(start, 'scenario step', () => once(0));
      cursor = start + (count - 1) * every;
    }
    if (until === undefined && scenario.until !== undefined) until = bootTime + scenario.until;
  }
  const summary = scheduler.run({ ...(until !== undefined ? { until } : {}), maxEvents: 200_000_000 });
  finishMetrics(p, metrics);
  for (const e of scenario?.expect ?? []) checkAt(e);
  if (!scenario) expectations.push(check(p, { up: true }, probes, metrics, up));

  const diagnostics = explain(p, probes, expectations, options.findings ?? []);
  const ok = expectations.every((e) => e.ok) && (scenario ? true : up);
  return { up, bootTime, probes, expectations, metrics, diagnostics, summary, ok };
}

function boundOptee(p: Platform): Optee | undefined {
  return p.linux.opteeNode ? p.linux.core.bound<Optee>(p.linux.opteeNode.path) : undefined;
}

function finishMetrics(p: Platform, metrics: RunReport['metrics']): void {
  const o = boundOptee(p);
  metrics['bottom-halves'] = o?.bottomHalves() ?? 0;
  // Values Linux's top half fetched with GET_ASYNC_NOTIF_VALUE.
  const src = p.linux.opteeNode?.path;
  metrics.notifications = src
    ? p.trace.events.filter((e) => e.kind === 'optee' && e.src === src && e.msg === 'notif value').length
    : 0;
}

function notify(p: Platform, a: NotifyAction): void {
  const o = p.optee;
  p.trace.emit('scenario', a.node ?? 'optee', `secure interrupt: OP-TEE sends notification ${a.value}`, {
    value: a.value,
  });
  if (!o) {
    p.trace.emit('diag', 'scenario', 'no OP-TEE in the firmware profile: the notification is not sent');
    return;
  }
  // As hardware does it: a secure device interrupts, the CPU traps to EL3, opteed enters OP-TEE,
  // whose driver sends the value and raises the notification interrupt the normal world takes.
  if (p.secureNotify) p.secureNotify.raise(a.value);
  else o.notif.sendAsync(a.value);
}

interface ScmiTarget {
  scmi: LinuxScmi;
  protocol: number;
  id: number;
}

const KIND_PROTOCOL: Record<ScmiAction['kind'], number> = {
  base: 0x10,
  'power-domain': 0x11,
  perf: 0x13,
  clock: 0x14,
  sensor: 0x15,
  reset: 0x16,
  voltage: 0x17,
};

function targetOf(p: Platform, a: ScmiAction): ScmiTarget | string {
  const protocol = KIND_PROTOCOL[a.kind];
  if (a.consumer) {
    const c = p.description.consumers.find((x) => x.path === a.consumer);
    if (!c) return `${a.consumer} uses no SCMI resource`;
    const uses = c.uses.filter((u) => u.kind === a.kind);
    const u = uses[a.index];
    if (!u) return `${a.consumer} has no SCMI ${a.kind} #${a.index}`;
    const provider =
      u.kind === 'voltage' ? (p.view.byPath(u.provider)?.parent?.parent?.path ?? '') : u.provider;
    const scmi = p.linux.scmi.find((s) => provider.startsWith(`${s.path}/`));
    if (!scmi) return `${u.provider} belongs to no SCMI agent`;
    return { scmi, protocol: u.protocol, id: a.id ?? u.id };
  }
  const scmi = a.agent ? p.linux.scmi.find((s) => s.path === a.agent) : p.linux.scmi[0];
  if (!scmi) return `no SCMI agent ${a.agent ?? ''}`.trim();
  return { scmi, protocol, id: a.id ?? 0 };
}

/** The SCMI message for an operation: (message id, payload, response length). */
function messageOf(a: ScmiAction, id: number): [number, Uint8Array, number] | string {
  const v = a.value ?? 0;
  const lohi = (x: number) => [x >>> 0, Math.floor(x / 2 ** 32) >>> 0] as const;
  switch (`${a.kind}:${a.op}`) {
    case 'base:version':
    case 'clock:version':
    case 'reset:version':
      return [0x0, words(), 4];
    case 'clock:enable':
      return [0x7, words(id, 1), 0];
    case 'clock:disable':
      return [0x7, words(id, 0), 0];
    case 'clock:get-rate':
      return [0x6, words(id), 8];
    case 'clock:set-rate':
      return [0x5, words(0, id, ...lohi(v)), 0];
    case 'reset:assert':
      return [0x4, words(id, 2, 0), 0];
    case 'reset:deassert':
      return [0x4, words(id, 0, 0), 0];
    case 'reset:reset':
      return [0x4, words(id, 1, 0), 0];
    case 'power-domain:on':
      return [0x4, words(0, id, 0), 0];
    case 'power-domain:off':
      return [0x4, words(0, id, 0x4000_0000), 0];
    case 'power-domain:get-state':
      return [0x5, words(id), 4];
    case 'perf:set-level':
      return [0x7, words(id, v), 0];
    case 'perf:get-level':
      return [0x8, words(id), 4];
    case 'voltage:set-level':
      return [0x7, words(id, 0, v), 0];
    case 'voltage:get-level':
      return [0x8, words(id), 4];
    case 'sensor:read':
      return [0x6, words(id, 0), 8];
    default:
      return `operation '${a.op}' does not apply to ${a.kind}`;
  }
}

function scmiRequest(p: Platform, a: ScmiAction, metrics: RunReport['metrics']): void {
  const t = targetOf(p, a);
  const src = a.consumer ?? a.agent ?? 'scenario';
  if (typeof t === 'string') {
    metrics['scmi-failed']++;
    p.trace.emit('diag', src, `scenario SCMI request not sent: ${t}`);
    return;
  }
  const m = messageOf(a, t.id);
  if (typeof m === 'string') {
    metrics['scmi-failed']++;
    p.trace.emit('diag', src, `scenario SCMI request not sent: ${m}`);
    return;
  }
  if (t.scmi.state !== 'probed') {
    metrics['scmi-failed']++;
    p.trace.emit('device', src, `${a.kind} ${a.op} ${t.id}: ${t.scmi.path} is not probed`);
    return;
  }
  const want = a.status ?? 0;
  spawn(p.scheduler, t.scmi.request(t.protocol, m[0], m[1], m[2]), (r) => {
    const status = r.ok ? 0 : (r.status ?? -1);
    const ok = status === want;
    metrics[ok ? 'scmi-ok' : 'scmi-failed']++;
    p.trace.emit(
      'device',
      src,
      `${a.kind} ${a.op} ${t.id}: ${r.ok ? 'ok' : `${r.errno}${r.status !== undefined ? ` (status ${r.status})` : ''}`}`,
      { protocol: t.protocol, id: t.id, status, expected: want },
    );
  });
}

function compare(n: number, c: { equals?: number; atLeast?: number; atMost?: number }): boolean {
  return (
    (c.equals === undefined || n === c.equals) &&
    (c.atLeast === undefined || n >= c.atLeast) &&
    (c.atMost === undefined || n <= c.atMost)
  );
}

function bounds(c: { equals?: number; atLeast?: number; atMost?: number }): string {
  const out: string[] = [];
  if (c.equals !== undefined) out.push(`= ${c.equals}`);
  if (c.atLeast !== undefined) out.push(`>= ${c.atLeast}`);
  if (c.atMost !== undefined) out.push(`<= ${c.atMost}`);
  return out.join(' and ');
}

function check(
  p: Platform,
  e: Expectation,
  probes: readonly ProbeState[],
  metrics: RunReport['metrics'],
  up: boolean,
): ExpectationResult {
  let r: ExpectationResult;
  if ('up' in e)
    r = { text: `platform ${e.up ? 'up' : 'not up'}`, ok: up === e.up, detail: up ? 'up' : 'not up' };
  else if ('probe' in e) {
    const st = probes.find((x) => x.path === e.probe.node);
    const state = st?.state ?? 'unmatched';
    r = {
      text: `${e.probe.node} ${e.probe.state}`,
      ok: state === e.probe.state,
      detail: `${state}${st?.reason ? `: ${st.reason}` : ''}`,
    };
  } else if ('count' in e) {
    const c = e.count;
    const n = p.trace.events.filter(
      (ev: TraceEvent) =>
        ev.kind === c.kind &&
        (c.match === undefined || ev.msg.includes(c.match)) &&
        (c.src === undefined || ev.src === c.src),
    ).length;
    r = {
      text: `${c.kind} events${c.match ? ` matching '${c.match}'` : ''} ${bounds(c)}`,
      ok: compare(n, c),
      detail: `${n}${p.trace.dropped ? ` (trace kept the last ${p.trace.events.length})` : ''}`,
    };
  } else {
    const m = e.metric;
    finishMetrics(p, metrics);
    const n = metrics[m.metric];
    r = { text: `${m.metric} ${bounds(m)}`, ok: compare(n, m), detail: String(n) };
  }
  p.trace.emit('scenario', 'expect', `${r.ok ? 'PASS' : 'FAIL'} ${r.text} (got ${r.detail})`, { ok: r.ok });
  return r;
}

/** Diagnostics for what did not come up and what failed, explained by the profile/tree findings. */
function explain(
  p: Platform,
  probes: readonly ProbeState[],
  expectations: readonly ExpectationResult[],
  findings: readonly SimFinding[],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  // A consumer's failure is explained by what is wrong with the SCMI agents it uses.
  const agentsOf = (path: string) =>
    (p.description.consumers.find((c) => c.path === path)?.uses ?? []).flatMap((u) =>
      p.description.scmi.filter((s) => u.provider.startsWith(`${s.path}/`)).map((s) => s.path),
    );
  const related = (path: string) => {
    const paths = [path, ...agentsOf(path)];
    return findings.filter(
      (f) => f.severity !== 'info' && paths.some((x) => f.nodePath === x || x.startsWith(`${f.nodePath}/`)),
    );
  };
  const notesOf = (fs: readonly SimFinding[]) =>
    fs.flatMap((f) => [
      `${f.code}: ${f.message}`,
      `profile setting: ${f.profileKey}`,
      `on a real board: ${f.outcome}`,
    ]);
  for (const x of probes) {
    if (x.state === 'bound') continue;
    const fs = related(x.path);
    out.push({
      code: x.state === 'deferred' ? 'sim/probe-deferred' : 'sim/probe-failed',
      severity: 'error',
      message: `${x.path}: ${x.what} driver ${x.state === 'deferred' ? 'still deferred when the boot settled' : 'probe failed'}${x.reason ? `: ${x.reason}` : ''}`,
      nodePath: x.path,
      notes: fs.length > 0 ? notesOf(fs) : ['no profile/tree disagreement explains it; see the trace'],
    });
  }
  const failed = expectations.filter((e) => !e.ok);
  if (failed.length > 0) {
    const fs = findings.filter((f) => f.severity !== 'info');
    for (const e of failed)
      out.push({
        code: 'sim/expectation-failed',
        severity: 'error',
        message: `expectation failed: ${e.text} (got ${e.detail})`,
        ...(fs[0] ? { nodePath: fs[0].nodePath } : {}),
        notes: fs.length > 0 ? notesOf(fs) : ['no profile/tree disagreement found; see the trace'],
      });
  }
  for (const problem of p.problems) out.push({ code: 'sim/runtime', severity: 'error', message: problem });
  return out;
}
