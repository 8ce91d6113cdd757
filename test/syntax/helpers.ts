import { SourceText } from '../../compiler/source/source-text.js';
import type { DtsFile, NodeBody, PropItem, ValueChunk } from '../../compiler/syntax/ast.js';
import { parseDts } from '../../compiler/syntax/parse.js';

export interface Problem {
  code: string;
  line: number;
  col: number;
}

/** Parses `text` as one file; diagnostics reduced to code, line and column. */
export function parse(text: string): { file: DtsFile; problems: Problem[]; text: string } {
  const { file, diagnostics } = parseDts(SourceText.fromFile('t.dts', text));
  const problems = diagnostics.map((d) => ({ code: d.code, line: d.span?.line ?? 0, col: d.span?.col ?? 0 }));
  return { file, problems, text };
}

/** Parses a file that must be free of diagnostics. */
export function parseClean(text: string): DtsFile {
  const { file, problems } = parse(text);
  if (problems.length > 0) throw new Error(`unexpected diagnostics: ${JSON.stringify(problems)}`);
  return file;
}

/** The body of the first root block. */
export function root(file: DtsFile): NodeBody {
  const item = file.items[0];
  if (!item || item.kind !== 'root') throw new Error('no root block first');
  return item.body;
}

export function prop(body: NodeBody, name: string): PropItem {
  const p = body.props.find((x) => x.name === name);
  if (!p) throw new Error(`no property ${name}`);
  return p;
}

export function chunks(body: NodeBody, name: string): ValueChunk[] {
  const p = prop(body, name);
  if (p.kind !== 'prop' || !p.value) throw new Error(`property ${name} has no value`);
  return p.value.chunks;
}

/** The source text a loc covers. */
export function textAt(text: string, loc: { start: number; end: number }): string {
  return text.slice(loc.start, loc.end);
}
