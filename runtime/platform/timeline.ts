/**
 * The readable timeline `dtpc run` prints: one line per event of the kinds a person follows (probe
 * steps, consumers, scenario actions and checks, diagnostics), virtual time first. The JSON-lines
 * trace keeps everything; this is a view of it.
 */
import type { TraceEvent, TraceKind } from '../core/trace.js';
import type { RunReport } from './run.js';

export const TIMELINE_KINDS: readonly TraceKind[] = ['probe', 'device', 'scenario', 'diag'];

/** Virtual nanoseconds as `12.345678 ms`-style fixed columns. */
export function formatTime(ns: number): string {
  const s = Math.floor(ns / 1e9);
  const rest = ns - s * 1e9;
  return `${s}.${String(Math.floor(rest / 1000)).padStart(6, '0')}s`;
}

export function renderTimeline(
  events: readonly TraceEvent[],
  kinds: readonly TraceKind[] = TIMELINE_KINDS,
): string {
  const lines: string[] = [];
  for (const e of events) {
    if (!kinds.includes(e.kind)) continue;
    lines.push(`[${formatTime(e.t)}] ${e.kind.padEnd(8)} ${e.src}: ${e.msg}`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

export function renderSummary(report: RunReport, counts: Readonly<Record<string, number>>): string {
  const out: string[] = [];
  out.push(`platform ${report.up ? 'up' : 'NOT up'} at ${formatTime(report.bootTime)}`);
  for (const p of report.probes)
    out.push(`  ${p.state.padEnd(9)} ${p.what.padEnd(9)} ${p.path}${p.reason ? ` (${p.reason})` : ''}`);
  const m = report.metrics;
  out.push(
    `notifications ${m.notifications}, bottom halves ${m['bottom-halves']}, SCMI requests ok ${m['scmi-ok']}, failed ${m['scmi-failed']}`,
  );
  out.push(
    `events: ${Object.entries(counts)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}; run stopped (${report.summary.stopped}) at ${formatTime(report.summary.now)}`,
  );
  for (const e of report.expectations) out.push(`  ${e.ok ? 'PASS' : 'FAIL'} ${e.text} (got ${e.detail})`);
  out.push(report.ok ? 'result: ok' : 'result: FAILED');
  return `${out.join('\n')}\n`;
}
