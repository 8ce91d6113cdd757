import type { Diagnostic } from './diagnostic.js';

/** One input's outcome, as the JSON renderer prints it. */
export interface InputReport {
  input: string;
  ok: boolean;
  diagnostics: Diagnostic[];
}

/** Stable JSON: the same diagnostics always give the same bytes (keys in a fixed order). */
export function renderJson(reports: readonly InputReport[]): string {
  return `${JSON.stringify(
    reports.map((r) => ({ input: r.input, ok: r.ok, diagnostics: r.diagnostics.map(orderKeys) })),
    null,
    2,
  )}\n`;
}

function orderKeys(d: Diagnostic): Diagnostic {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    ...(d.span ? { span: d.span } : {}),
    ...(d.nodePath !== undefined ? { nodePath: d.nodePath } : {}),
    ...(d.property !== undefined ? { property: d.property } : {}),
    ...(d.related ? { related: d.related } : {}),
    ...(d.notes ? { notes: d.notes } : {}),
    ...(d.hint ? { hint: d.hint } : {}),
  };
}
