/**
 * Text rendering in the gcc/dtc shape that editors and CI problem matchers understand:
 *
 *   board.dts:12:5: error: Label or path foo not found [tree/ref-not-found]
 *      12 |     &foo { };
 *         |     ^~~~
 *     = in expansion of macro 'FOO' (defined at inc.h:3:9)
 *     = hint: is the label defined earlier, in this file or one it includes?
 */
import type { FileSystem } from '../source/file-system.js';
import type { Diagnostic, Span } from './diagnostic.js';

export interface TextRenderOptions {
  /** Where to read source lines for the code frame; no frame without it. */
  fs?: FileSystem;
  /** ANSI colours (for terminals). */
  color?: boolean;
  /** The input the diagnostics belong to: named for diagnostics that have no span. */
  input?: string;
}

const ansi = {
  error: '\x1b[1;31m',
  warning: '\x1b[1;35m',
  info: '\x1b[1;36m',
  bold: '\x1b[1m',
  dim: '\x1b[2m',
  green: '\x1b[32m',
  reset: '\x1b[0m',
};

export function formatLocation(span: Span | undefined): string {
  return span ? `${span.file}:${span.line}:${span.col}` : '<input>';
}

export function renderDiagnosticText(d: Diagnostic, options: TextRenderOptions = {}): string {
  const c = options.color ? ansi : undefined;
  const paint = (style: keyof typeof ansi, text: string) => (c ? `${c[style]}${text}${c.reset}` : text);
  const input = options.input ?? '<input>';
  const where = d.span ? formatLocation(d.span) : d.nodePath ? `${input}:${d.nodePath}` : input;
  const subject = d.nodePath && d.span ? `${d.nodePath}${d.property ? `:${d.property}` : ''}: ` : '';
  const lines = [
    `${paint('bold', `${where}:`)} ${paint(d.severity, `${d.severity}:`)} ${subject}${d.message} [${d.code}]`,
  ];
  if (d.span && options.fs) lines.push(...codeFrame(d.span, options.fs, paint));
  for (const frame of d.span?.macros ?? []) {
    const def = frame.definition ? ` (defined at ${formatLocation(frame.definition)})` : '';
    lines.push(`   = in expansion of macro '${frame.name}' at ${formatLocation(frame.invocation)}${def}`);
  }
  for (const r of d.related ?? []) lines.push(`   = ${formatLocation(r.span)}: ${r.message}`);
  for (const n of d.notes ?? []) lines.push(`   = note: ${n}`);
  if (d.hint) lines.push(`   = ${paint('green', 'hint:')} ${d.hint}`);
  return lines.join('\n');
}

export function renderText(diagnostics: readonly Diagnostic[], options: TextRenderOptions = {}): string {
  return diagnostics.map((d) => renderDiagnosticText(d, options)).join('\n');
}

/** Columns of a source line shown in a code frame; longer lines show a window around the span. */
const FRAME_COLUMNS = 160;

function codeFrame(span: Span, fs: FileSystem, paint: (s: keyof typeof ansi, t: string) => string): string[] {
  const text = fs.readText(span.file);
  if (text === undefined) return [];
  const lineText = nthLine(text, span.line);
  if (lineText === undefined) return [];
  const width =
    span.endLine === span.line
      ? Math.max(1, span.endCol - span.col)
      : Math.max(1, lineText.length - span.col + 1);
  // A generated or hostile line can be megabytes long: print a window around the span, marked
  // with '…' where it was cut, so each frame stays one screen wide.
  let from = 0;
  let to = lineText.length;
  if (lineText.length > FRAME_COLUMNS) {
    from = Math.max(0, Math.min(span.col - 1 - 20, lineText.length - FRAME_COLUMNS));
    to = from + FRAME_COLUMNS;
  }
  const before = from > 0 ? '…' : '';
  const after = to < lineText.length ? '…' : '';
  const shown = before + decodeLatin1AsUtf8(lineText.slice(from, to).replace(/\t/g, ' ')) + after;
  const gutter = String(span.line).padStart(5);
  const start = Math.max(0, span.col - 1 - from) + before.length;
  const shownWidth = Math.max(1, Math.min(width, to - (span.col - 1)));
  const marker = `${' '.repeat(start)}^${'~'.repeat(Math.max(0, shownWidth - 1))}`;
  return [
    `${paint('dim', `${gutter} |`)} ${shown}`,
    `${paint('dim', `${' '.repeat(5)} |`)} ${paint('green', marker)}`,
  ];
}

function nthLine(text: string, line: number): string | undefined {
  let start = 0;
  for (let i = 1; i < line; i++) {
    const nl = text.indexOf('\n', start);
    if (nl === -1) return undefined;
    start = nl + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end === -1 ? undefined : end).replace(/\r$/, '');
}

/** Source text is held as latin1 (one char per byte); show UTF-8 lines as the user wrote them. */
function decodeLatin1AsUtf8(s: string): string {
  if (!/[\x80-\xff]/.test(s)) return s;
  return Buffer.from(s, 'latin1').toString('utf8');
}
