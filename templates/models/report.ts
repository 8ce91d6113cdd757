/**
 * `report.html`: one offline page per board. The board's source files with each diagnostic next
 * to the line it points at, the list of diagnostics (each a link that scrolls to its line), the
 * wiring diagram inlined as SVG, and the scenario's timeline when one ran. Anchors are generated
 * (`f0-L12`, `d3`); all text from the tree and the sources is escaped by Handlebars.
 */
import { z } from 'zod';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import type { Built } from './common.js';

export interface SourceFile {
  file: string;
  text: string;
}

export interface TimelineEvent {
  t: number;
  kind: string;
  src: string;
  msg: string;
}

const anchor = z.string().regex(/^[a-z0-9-]+$/);
const severity = z.enum(['error', 'warning', 'info']);

export const reportModelSchema = z.strictObject({
  title: z.string(),
  board: z.string(),
  counts: z.strictObject({ error: z.number(), warning: z.number(), info: z.number() }),
  diagnostics: z.array(
    z.strictObject({
      id: anchor,
      code: z.string(),
      severity,
      message: z.string(),
      location: z.string(),
      target: anchor.nullable(),
      hint: z.string().nullable(),
      notes: z.array(z.string()),
    }),
  ),
  files: z.array(
    z.strictObject({
      id: anchor,
      file: z.string(),
      lines: z.array(
        z.strictObject({
          id: anchor,
          number: z.number().int(),
          text: z.string(),
          marks: z.array(z.strictObject({ id: anchor, code: z.string(), severity, message: z.string() })),
        }),
      ),
    }),
  ),
  svg: z.string().nullable(),
  timeline: z
    .array(z.strictObject({ time: z.string(), kind: z.string(), src: z.string(), msg: z.string() }))
    .nullable(),
  /** Machine-readable copy of the diagnostics, embedded as JSON for tools. */
  data: z.strictObject({ board: z.string(), diagnostics: z.array(z.unknown()) }),
});
export type ReportModel = z.infer<typeof reportModelSchema>;

export interface ReportInputs {
  board: string;
  title: string;
  diagnostics: readonly Diagnostic[];
  sources: readonly SourceFile[];
  svg: string | null;
  timeline: readonly TimelineEvent[] | null;
}

/**
 * HTML has no escape for NUL or most C0 controls (the parser turns them into U+FFFD or errors):
 * they are replaced here; Handlebars escapes the markup characters afterwards.
 */
function htmlText(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '\ufffd');
}

export function formatTime(ns: number): string {
  const s = Math.floor(ns / 1e9);
  return `${s}.${String(Math.floor((ns - s * 1e9) / 1000)).padStart(6, '0')}s`;
}

export function buildReportModel(inputs: ReportInputs): Built<ReportModel> {
  const fileIds = new Map(inputs.sources.map((s, i) => [s.file, `f${i}`]));
  const marks = new Map<string, ReportModel['files'][number]['lines'][number]['marks']>();
  const diagnostics = inputs.diagnostics.map((d, i) => {
    const id = `d${i}`;
    const fid = d.span ? fileIds.get(d.span.file) : undefined;
    const target = d.span && fid ? `${fid}-l${d.span.line}` : null;
    if (target) {
      const list = marks.get(target) ?? [];
      list.push({ id, code: htmlText(d.code), severity: d.severity, message: htmlText(d.message) });
      marks.set(target, list);
    }
    const where = d.span ? `${d.span.file}:${d.span.line}:${d.span.col}` : (d.nodePath ?? '');
    return {
      id,
      code: htmlText(d.code),
      severity: d.severity,
      message: htmlText(d.message),
      location: htmlText(where),
      target,
      hint: d.hint === undefined ? null : htmlText(d.hint),
      notes: (d.notes ?? []).map(htmlText),
    };
  });
  const files = inputs.sources.map((s) => {
    const id = fileIds.get(s.file)!;
    const lines = s.text.replace(/\n$/, '').split('\n');
    return {
      id,
      file: htmlText(s.file),
      lines: lines.map((text, i) => {
        const lid = `${id}-l${i + 1}`;
        return {
          id: lid,
          number: i + 1,
          text: htmlText(text.replace(/\r$/, '')),
          marks: marks.get(lid) ?? [],
        };
      }),
    };
  });
  const count = (sev: string) => inputs.diagnostics.filter((d) => d.severity === sev).length;
  const model = reportModelSchema.parse({
    title: htmlText(inputs.title),
    board: htmlText(inputs.board),
    counts: { error: count('error'), warning: count('warning'), info: count('info') },
    diagnostics,
    files,
    svg: inputs.svg,
    timeline: inputs.timeline
      ? inputs.timeline.map((e) => ({
          time: formatTime(e.t),
          kind: htmlText(e.kind),
          src: htmlText(e.src),
          msg: htmlText(e.msg),
        }))
      : null,
    data: {
      board: inputs.board,
      diagnostics: inputs.diagnostics.map((d) => ({
        code: d.code,
        severity: d.severity,
        message: d.message,
        ...(d.span ? { span: d.span } : {}),
        ...(d.nodePath ? { nodePath: d.nodePath } : {}),
      })),
    },
  });
  return { model, diagnostics: [] };
}
