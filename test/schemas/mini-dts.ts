/**
 * A small DTS reader for schema tests, used until the real front end (`compiler/compile.ts`) can
 * read text: it parses the subset binding examples use (nodes, labels, `&label { }` blocks, strings,
 * cells with `&refs` and parenthesised arithmetic, `/bits/`, byte strings, comments) into the real AST,
 * then builds and resolves the tree with the real builder, so locations and phandles are genuine.
 */

import { resolveReferences } from '../../compiler/resolve/index.js';
import { MemoryFileSystem } from '../../compiler/source/file-system.js';
import { SourceText } from '../../compiler/source/source-text.js';
import type {
  ChildItem,
  DtsFile,
  Label,
  Loc,
  NodeBody,
  PropItem,
  TopItem,
  Value,
  ValueChunk,
} from '../../compiler/syntax/ast.js';
import { buildTree } from '../../compiler/tree/build.js';
import type { DeviceTree } from '../../compiler/tree/tree.js';

class Reader {
  pos = 0;
  constructor(readonly text: string) {}

  skip(): void {
    for (;;) {
      const rest = this.text.slice(this.pos);
      const m = /^(\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/)/.exec(rest);
      if (!m) return;
      this.pos += m[0].length;
    }
  }
  peek(re: RegExp): RegExpExecArray | null {
    this.skip();
    return new RegExp(`^(?:${re.source})`).exec(this.text.slice(this.pos));
  }
  take(re: RegExp): { text: string; loc: Loc } {
    const m = this.peek(re);
    if (!m)
      throw new Error(
        `mini-dts: expected ${re} at ${JSON.stringify(this.text.slice(this.pos, this.pos + 30))}`,
      );
    const loc = { start: this.pos, end: this.pos + m[0].length };
    this.pos += m[0].length;
    return { text: m[0], loc };
  }
  eat(s: string): boolean {
    this.skip();
    if (this.text.startsWith(s, this.pos)) {
      this.pos += s.length;
      return true;
    }
    return false;
  }
}

const NAME = /[A-Za-z0-9,._+#?@$-]+/;

export function parseMiniDts(text: string): DtsFile {
  const r = new Reader(text);
  const items: TopItem[] = [];
  r.eat('/dts-v1/;');
  for (;;) {
    r.skip();
    if (r.pos >= text.length) break;
    const start = r.pos;
    if (r.eat('/')) {
      const body = parseBody(r);
      items.push({ kind: 'root', body, loc: { start, end: r.pos } });
    } else {
      const ref = r.take(/&[A-Za-z0-9_]+/);
      const body = parseBody(r);
      items.push({
        kind: 'ref-node',
        ref: { kind: 'label', name: ref.text.slice(1), loc: ref.loc },
        body,
        loc: { start, end: r.pos },
      });
    }
  }
  return {
    headers: [{ plugin: false, loc: { start: 0, end: 0 } }],
    memreserves: [],
    items,
    loc: { start: 0, end: text.length },
  };
}

function parseBody(r: Reader): NodeBody {
  const start = r.take(/\{/).loc.start;
  const props: PropItem[] = [];
  const children: ChildItem[] = [];
  while (!r.eat('}')) {
    r.skip();
    const itemStart = r.pos;
    const labels: Label[] = [];
    while (r.peek(/[A-Za-z_][A-Za-z0-9_]*:/)) {
      const l = r.take(/[A-Za-z_][A-Za-z0-9_]*:/);
      labels.push({ name: l.text.slice(0, -1), loc: { start: l.loc.start, end: l.loc.end - 1 } });
    }
    const name = r.take(NAME);
    if (r.peek(/\{/)) {
      const body = parseBody(r);
      children.push({
        kind: 'node',
        labels,
        omitIfNoRef: false,
        name: name.text,
        nameLoc: name.loc,
        body,
        loc: { start: itemStart, end: r.pos },
      });
      continue;
    }
    let value: Value | undefined;
    if (r.eat('=')) value = parseValue(r);
    r.take(/;/);
    props.push({
      kind: 'prop',
      labels,
      name: name.text,
      nameLoc: name.loc,
      ...(value ? { value } : {}),
      loc: { start: itemStart, end: r.pos },
    });
  }
  r.take(/;/);
  return { props, children, loc: { start, end: r.pos } };
}

function parseValue(r: Reader): Value {
  const chunks: ValueChunk[] = [];
  r.skip();
  const start = r.pos;
  do {
    r.skip();
    const cStart = r.pos;
    if (r.peek(/"/)) {
      const s = r.take(/"(?:[^"\\]|\\.)*"/);
      chunks.push({ kind: 'string', bytes: s.text.slice(1, -1).replace(/\\(.)/g, '$1'), loc: s.loc });
    } else if (r.peek(/\[/)) {
      r.take(/\[/);
      const elements: { kind: 'byte'; value: number; loc: Loc }[] = [];
      while (!r.eat(']')) {
        const b = r.take(/[0-9a-fA-F]{2}/);
        elements.push({ kind: 'byte', value: Number.parseInt(b.text, 16), loc: b.loc });
      }
      chunks.push({ kind: 'bytes', elements, loc: { start: cStart, end: r.pos } });
    } else if (r.peek(/&/)) {
      const ref = r.take(/&[A-Za-z0-9_]+/);
      chunks.push({
        kind: 'path-ref',
        ref: { kind: 'label', name: ref.text.slice(1), loc: ref.loc },
        loc: ref.loc,
      });
    } else {
      let bits: 8 | 16 | 32 | 64 = 32;
      if (r.eat('/bits/')) bits = Number(r.take(/\d+/).text) as 8 | 16 | 32 | 64;
      r.take(/</);
      const elements: (
        | { kind: 'int'; value: bigint; loc: Loc }
        | {
            kind: 'ref';
            ref: { kind: 'label'; name: string; loc: Loc } | { kind: 'path'; path: string; loc: Loc };
            loc: Loc;
          }
      )[] = [];
      while (!r.eat('>')) {
        if (r.peek(/&\{/)) {
          const ref = r.take(/&\{[^}]*\}/);
          elements.push({
            kind: 'ref',
            ref: { kind: 'path', path: ref.text.slice(2, -1), loc: ref.loc },
            loc: ref.loc,
          });
        } else if (r.peek(/&/)) {
          const ref = r.take(/&[A-Za-z0-9_]+/);
          elements.push({
            kind: 'ref',
            ref: { kind: 'label', name: ref.text.slice(1), loc: ref.loc },
            loc: ref.loc,
          });
        } else {
          r.skip();
          const s = r.pos;
          const v = parseExpr(r);
          elements.push({ kind: 'int', value: BigInt.asUintN(bits, v), loc: { start: s, end: r.pos } });
        }
      }
      chunks.push({ kind: 'cells', bits, elements, loc: { start: cStart, end: r.pos } });
    }
  } while (r.eat(','));
  return { chunks, loc: { start, end: r.pos } };
}

function parseExpr(r: Reader): bigint {
  if (r.peek(/\(/)) {
    r.take(/\(/);
    let v = parseExpr(r);
    for (;;) {
      const op = r.peek(/<<|>>|[|&+\-*]/);
      if (!op) break;
      r.take(/<<|>>|[|&+\-*]/);
      const w = parseExpr(r);
      switch (op[0]) {
        case '<<':
          v <<= w;
          break;
        case '>>':
          v >>= w;
          break;
        case '|':
          v |= w;
          break;
        case '&':
          v &= w;
          break;
        case '+':
          v += w;
          break;
        case '-':
          v -= w;
          break;
        case '*':
          v *= w;
          break;
      }
    }
    r.take(/\)/);
    return v;
  }
  const n = r.take(/0[xX][0-9a-fA-F]+|\d+/).text;
  return BigInt(n);
}

/** Parses, builds and resolves a tree the way the compiler does (with the subset above). */
export function miniTree(text: string, fileName = 'example.dts'): DeviceTree {
  const source = SourceText.fromFile(fileName, text);
  const file = parseMiniDts(text);
  const built = buildTree(file, source, { fs: new MemoryFileSystem({}), includeDirs: [] });
  const errors = built.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`mini-dts: ${errors.map((d) => d.message).join('; ')}`);
  resolveReferences(built.tree, { phandleStyle: 'epapr', symbols: false });
  built.tree.source = source;
  return built.tree;
}
