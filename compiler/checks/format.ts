import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';
import { dtcNameOf } from './registry.js';
import { ALSO_DEFINED_AT, NODE_DEFINED_HERE, PROPERTY_DEFINED_HERE } from './run.js';

/** dtc's `srcpos_string`: `file:L.C-C` on one line, `file:L.C-L.C` across lines. */
export function formatDtcPosition(span: Span): string {
  if (span.line !== span.endLine)
    return `${span.file}:${span.line}.${span.col}-${span.endLine}.${span.endCol}`;
  if (span.col !== span.endCol) return `${span.file}:${span.line}.${span.col}-${span.endCol}`;
  return `${span.file}:${span.line}.${span.col}`;
}

/** Where dtc would place the diagnostic: the whole property or node block rather than our narrow span. */
export function dtcPosition(d: Diagnostic): Span | undefined {
  const own = d.related?.find((r) => r.message === NODE_DEFINED_HERE || r.message === PROPERTY_DEFINED_HERE);
  return own?.span ?? d.span;
}

/**
 * A check diagnostic in dtc's text form:
 * `file:L.C-L.C: Warning (check_name): /path:prop: message`, followed by dtc's
 * `  also defined at …` lines for nodes assembled from several blocks. Diagnostics without a
 * position (failed prerequisites) start with `outputName`, as dtc prints its output file name.
 */
export function formatDtcDiagnostic(d: Diagnostic, options: { outputName?: string } = {}): string {
  const pos = dtcPosition(d);
  const output = options.outputName ?? '-';
  const where = pos ? formatDtcPosition(pos) : output === '-' ? '<stdout>' : output;
  const level = d.severity === 'error' ? 'ERROR' : 'Warning';
  const name = dtcNameOf(d.code) ?? d.code;
  const subject =
    d.nodePath === undefined ? '' : d.property ? `${d.nodePath}:${d.property}: ` : `${d.nodePath}: `;
  let text = `${where}: ${level} (${name}): ${subject}${d.message}`;
  if (!d.property)
    for (const r of d.related ?? [])
      if (r.message === ALSO_DEFINED_AT) text += `\n  also defined at ${formatDtcPosition(r.span)}`;
  return text;
}
