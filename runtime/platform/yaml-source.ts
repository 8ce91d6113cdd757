/**
 * YAML text (profiles, scenarios) to plain values, keeping where each key is written so diagnostics
 * about `optee.asyncNotif.intid` point at that line of the user's file.
 */
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { Span } from '../../compiler/diagnostics/diagnostic.js';

export interface YamlSource {
  file: string;
  value: unknown;
  /** Span of the value at a dotted key path (`scmi.channels.0.id`), when written in the file. */
  spanOf(key: string): Span | undefined;
  errors: { message: string; span?: Span }[];
}

export function readYaml(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { intAsBigInt: true, lineCounter, prettyErrors: false });
  const span = (start: number, end: number): Span => {
    const a = lineCounter.linePos(start);
    const b = lineCounter.linePos(end);
    return { file, line: a.line, col: a.col, endLine: b.line, endCol: b.col };
  };
  const errors = doc.errors.map((e) => ({
    message: e.message.split('\n')[0] ?? e.message,
    ...(e.pos ? { span: span(e.pos[0], e.pos[1]) } : {}),
  }));
  let value: unknown;
  if (errors.length === 0) {
    try {
      value = narrow(doc.toJS({ mapAsMap: false }));
    } catch (e) {
      // The parser accepts what only conversion refuses: an alias with no anchor before it, or more
      // alias expansion than `maxAliasCount` (a "billion laughs" document).
      const message = e instanceof Error ? e.message : String(e);
      const alias = /: (\S+)$/.exec(message)?.[1];
      const at = alias ? text.indexOf(`*${alias}`) : -1;
      errors.push({ message, span: at >= 0 ? span(at, at + 1 + alias!.length) : span(0, 0) });
    }
  }
  return {
    file,
    value,
    errors,
    spanOf(key) {
      const parts = key === '' ? [] : key.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
      // Walk up until some prefix of the path is written (a missing key reports its parent).
      for (let n = parts.length; n >= 0; n--) {
        const node = n === 0 ? doc.contents : doc.getIn(parts.slice(0, n), true);
        if (isNode(node) && node.range) return span(node.range[0], node.range[1]);
      }
      return undefined;
    },
  };
}

/** Integers are read as bigints so 64-bit addresses survive; those that fit a double become numbers. */
function narrow(v: unknown): unknown {
  if (typeof v === 'bigint') return v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : v;
  if (Array.isArray(v)) return v.map(narrow);
  if (typeof v === 'object' && v !== null)
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, narrow(x)]));
  return v;
}
