/**
 * Turns the parser's CST into the AST of `ast.ts` (one function per CST rule), evaluates integer
 * expressions, and reports what dtc's stricter grammar or its parser actions reject but our more
 * permissive grammar let through: construct order at top level, misplaced labels, properties after
 * subnodes, header flag mismatches, `/bits/` widths, references in sized arrays, division by zero
 * and stray identifiers used as integers.
 *
 * It never throws on a CST produced with error recovery: any child may be missing, in which case
 * the construct is built from what is there (the parser has already reported the gap).
 */
import type { CstElement, CstNode, IToken } from 'chevrotain';
import type {
  ByteElement,
  CellElement,
  ChildItem,
  DtsFile,
  Header,
  IntLiteral,
  Label,
  Loc,
  MemReserve,
  NodeBody,
  PropItem,
  Ref,
  TopItem,
  Value,
  ValueChunk,
} from './ast.js';
import { ParseCode } from './codes.js';
import { child, endOf, inSourceOrder, isToken, nodes, startOf, token, tokenEnd, tokens } from './cst.js';
import type { RawDiagnostic } from './lexer.js';
import { PathRef } from './tokens.js';
import { applyBinary, applyUnary, BINARY_PRECEDENCE } from './uint64.js';

export function macroHint(name: string): string {
  return `is '${name}' a macro that was not defined? Check the #include or #define that should provide it (dtc never sees macros, only the preprocessor's output)`;
}

interface Operand {
  value: bigint;
  start: number;
  end: number;
}

export class AstBuilder {
  constructor(
    /** Decoded literal values by token start offset (from the lexer pass). */
    private readonly values: ReadonlyMap<number, bigint | string>,
    private readonly diagnostics: RawDiagnostic[],
    private readonly textLength: number,
  ) {}

  private report(code: ParseCode, message: string, start: number, end: number, hint?: string): void {
    this.diagnostics.push({ code, message, start, end, ...(hint ? { hint } : {}) });
  }

  private reportAt(code: ParseCode, message: string, t: IToken, hint?: string): void {
    this.report(code, message, t.startOffset, tokenEnd(t), hint);
  }

  // ---- Top level ----

  file(cst: CstNode, firstToken: IToken | undefined): DtsFile {
    const headers: Header[] = [];
    const memreserves: MemReserve[] = [];
    const items: TopItem[] = [];
    /** The header a `/plugin/;` may complete: the entry just before it, if that was `/dts-v1/;`. */
    let openHeader: Header | undefined;
    for (const entry of nodes(cst, 'topEntry')) {
      const labels = tokens(entry, 'Label');
      const header = child(entry, 'header');
      const plugin = child(entry, 'pluginDecl');
      const memreserve = child(entry, 'memreserve');
      const root = child(entry, 'rootNode');
      const refNode = child(entry, 'refNode');
      const deleteRef = child(entry, 'deleteNodeRef');
      const omitRef = child(entry, 'omitRef');
      const previousHeader = openHeader;
      openHeader = undefined;
      if (header) {
        this.noLabels(labels, "'/dts-v1/'");
        const loc = this.loc(header);
        if (memreserves.length > 0 || items.length > 0)
          this.misplaced(header, "'/dts-v1/;' must come before any '/memreserve/' and the device tree");
        const h: Header = { plugin: false, loc };
        headers.push(h);
        openHeader = h;
      } else if (plugin) {
        this.noLabels(labels, "'/plugin/'");
        if (previousHeader && !previousHeader.plugin) {
          previousHeader.plugin = true;
          previousHeader.loc = { start: previousHeader.loc.start, end: this.loc(plugin).end };
        } else {
          this.misplaced(plugin, "'/plugin/;' must directly follow '/dts-v1/;'");
        }
      } else if (memreserve) {
        if (items.length > 0) this.misplaced(memreserve, "'/memreserve/' must come before the device tree");
        memreserves.push(this.memreserve(memreserve, labels));
      } else if (root) {
        const first = labels[0];
        if (first)
          this.report(
            ParseCode.syntax,
            "a label cannot be placed on '/' directly",
            first.startOffset,
            tokenEnd(labels[labels.length - 1]!),
            `write '${labelName(first)}: &{/} { … };' to label the root node`,
          );
        items.push({
          kind: 'root',
          body: this.nodeBody(child(root, 'nodeBody')),
          loc: this.loc(root, labels),
        });
      } else if (refNode) {
        const ref = this.ref(token(refNode, 'Ref'));
        const second = labels[1];
        if (items.length === 0 && labels[0]) {
          this.reportAt(
            ParseCode.syntax,
            "the first top-level node cannot be labelled; start the tree with '/ { … };'",
            labels[0],
          );
        } else if (second) {
          this.reportAt(ParseCode.syntax, "only one label may precede a top-level '&ref { … }'", second);
        }
        const label = labels[0];
        items.push({
          kind: 'ref-node',
          ...(label ? { label: this.label(label) } : {}),
          ref,
          body: this.nodeBody(child(refNode, 'nodeBody')),
          loc: this.loc(refNode, labels),
        });
      } else if (deleteRef || omitRef) {
        const node = (deleteRef ?? omitRef)!;
        const keyword = deleteRef ? "'/delete-node/'" : "'/omit-if-no-ref/'";
        this.noLabels(labels, keyword);
        if (items.length === 0)
          this.misplaced(node, `${keyword} cannot come before the root node '/ { … };'`);
        const ref = this.ref(token(node, 'Ref'));
        items.push({ kind: deleteRef ? 'delete-node-ref' : 'omit-ref', ref, loc: this.loc(node, labels) });
      }
    }

    const firstHeader = headers[0];
    if (!firstHeader) {
      const at = firstToken?.startOffset ?? 0;
      this.report(
        ParseCode.syntax,
        "expected '/dts-v1/;' at the start of the file",
        at,
        firstToken ? tokenEnd(firstToken) : at,
        "every DTS file starts with '/dts-v1/;'",
      );
    } else {
      for (const h of headers.slice(1)) {
        if (h.plugin !== firstHeader.plugin)
          this.report(
            ParseCode.headerMismatch,
            "Header flags don't match earlier ones",
            h.loc.start,
            h.loc.end,
          );
      }
    }
    if (items.length === 0 && firstHeader) {
      this.report(
        ParseCode.syntax,
        "expected a root node '/ { … };'",
        this.textLength,
        this.textLength,
        'a DTS file needs at least one device tree block',
      );
    }
    return { headers, memreserves, items, loc: { start: 0, end: this.textLength } };
  }

  private noLabels(labels: IToken[], what: string): void {
    const first = labels[0];
    if (first)
      this.report(
        ParseCode.syntax,
        `a label cannot be placed on ${what}`,
        first.startOffset,
        tokenEnd(labels[labels.length - 1]!),
      );
  }

  /** Reports a construct in the wrong place, at its keyword. */
  private misplaced(node: CstNode, message: string): void {
    const keyword = Object.values(node.children)[0]?.[0];
    const at = keyword && isToken(keyword) ? keyword : undefined;
    const loc = this.loc(node);
    this.report(ParseCode.syntax, message, loc.start, at ? tokenEnd(at) : loc.end);
  }

  private memreserve(node: CstNode, labels: IToken[]): MemReserve {
    const prims = nodes(node, 'prim');
    return {
      labels: labels.map((l) => this.label(l)),
      address: this.primLiteral(prims[0], node),
      size: this.primLiteral(prims[1], node),
      loc: this.loc(node, labels),
    };
  }

  // ---- Nodes ----

  private nodeBody(node: CstNode | undefined): NodeBody {
    const props: PropItem[] = [];
    const children: ChildItem[] = [];
    if (!node) return { props, children, loc: { start: this.textLength, end: this.textLength } };
    let sawChild = false;
    let reportedOrder = false; // dtc stops at the first; one report per block is enough
    for (const item of nodes(node, 'bodyItem')) {
      const labelTokens = tokens(item, 'Label');
      const labels = labelTokens.map((l) => this.label(l));
      const omit = tokens(item, 'OmitIfNoRef');
      const named = child(item, 'namedItem');
      const delProp = child(item, 'deleteProperty');
      const delNode = child(item, 'deleteNode');
      const deletion = delProp ?? delNode;
      if (!named && !deletion) continue; // nothing but labels survived recovery
      const leader = labelTokens[0] ?? omit[0];
      const loc = named
        ? this.between(leader ?? token(named, 'Name'), itemEnd(named), item)
        : this.between(
            leader ?? token(deletion!, delProp ? 'DeleteProp' : 'DeleteNode'),
            token(deletion!, 'Semi'),
            item,
          );
      const nameToken = token(named ?? delProp ?? delNode ?? item, 'Name');
      const name = nameToken ? propNodeName(nameToken) : '';
      const nameLoc = nameToken ? tokenLoc(nameToken) : { start: loc.end, end: loc.end };
      const body = named ? child(named, 'nodeBody') : undefined;
      if (body) {
        sawChild = true;
        children.push({
          kind: 'node',
          labels,
          omitIfNoRef: omit.length > 0,
          name,
          nameLoc,
          body: this.nodeBody(body),
          loc,
        });
        continue;
      }
      if (delNode) {
        sawChild = true;
        children.push({ kind: 'delete-node', labels, name, nameLoc, loc });
        continue;
      }
      const firstOmit = omit[0];
      if (firstOmit)
        this.reportAt(
          ParseCode.syntax,
          "'/omit-if-no-ref/' applies only to nodes, not to properties",
          firstOmit,
        );
      if (sawChild && !reportedOrder) {
        reportedOrder = true;
        this.report(
          ParseCode.propsAfterSubnode,
          'Properties must precede subnodes',
          loc.start,
          loc.end,
          'move the property above the first child node of this block',
        );
      }
      if (delProp) {
        props.push({ kind: 'delete-prop', labels, name, nameLoc, loc });
      } else {
        const valueNode = named ? child(named, 'propertyValue') : undefined;
        const value = valueNode ? this.value(child(valueNode, 'value')) : undefined;
        props.push({ kind: 'prop', labels, name, nameLoc, ...(value ? { value } : {}), loc });
      }
    }
    return { props, children, loc: this.between(token(node, 'LCurly'), token(node, 'Semi'), node) };
  }

  // ---- Values ----

  private value(node: CstNode | undefined): Value | undefined {
    if (!node) return undefined;
    const chunks: ValueChunk[] = [];
    for (const e of inSourceOrder(node, ['Label', 'valueItem'])) {
      if (isToken(e)) {
        chunks.push({ kind: 'label', ...this.label(e) });
        continue;
      }
      const chunk = this.valueItem(e);
      if (chunk) chunks.push(chunk);
    }
    if (chunks.length === 0) return undefined;
    return { chunks, loc: { start: chunks[0]!.loc.start, end: chunks[chunks.length - 1]!.loc.end } };
  }

  private valueItem(node: CstNode): ValueChunk | undefined {
    const str = token(node, 'StringLiteral');
    if (str) return { kind: 'string', bytes: this.stringValue(str), loc: tokenLoc(str) };
    const ref = token(node, 'Ref');
    if (ref) return { kind: 'path-ref', ref: this.ref(ref), loc: tokenLoc(ref) };
    const cells = child(node, 'cells');
    if (cells) return this.cells(cells);
    const bytes = child(node, 'bytes');
    if (bytes) return this.bytes(bytes);
    const incbin = child(node, 'incbin');
    if (incbin) {
      const file = token(incbin, 'StringLiteral');
      const prims = nodes(incbin, 'prim');
      const loc = this.loc(incbin);
      return {
        kind: 'incbin',
        file: file ? this.stringValue(file) : '',
        fileLoc: file ? tokenLoc(file) : loc,
        ...(prims[0] ? { offset: this.primLiteral(prims[0], incbin) } : {}),
        ...(prims[1] ? { length: this.primLiteral(prims[1], incbin) } : {}),
        loc,
      };
    }
    return undefined;
  }

  private cells(node: CstNode): ValueChunk {
    let bits: 8 | 16 | 32 | 64 = 32;
    const bitsKeyword = token(node, 'Bits');
    if (bitsKeyword) {
      const width = tokens(node, 'IntLiteral').find((t) => t.startOffset < angleStart(node));
      const ident = tokens(node, 'Identifier').find((t) => t.startOffset < angleStart(node));
      if (width) {
        const n = this.intValue(width);
        if (n === 8n || n === 16n || n === 32n || n === 64n) bits = Number(n) as 8 | 16 | 32 | 64;
        else
          this.reportAt(
            ParseCode.badBits,
            'Array elements must be 8, 16, 32 or 64-bits',
            width,
            "write '/bits/ 8', '/bits/ 16', '/bits/ 32' or '/bits/ 64'",
          );
      } else if (ident) {
        this.strayIdentifier(ident);
      }
    }
    const open = angleStart(node);
    const elements: CellElement[] = [];
    const keys = ['IntLiteral', 'CharLiteral', 'Identifier', 'parenExpr', 'Ref', 'Label'];
    for (const e of inSourceOrder(node, keys)) {
      if (!isToken(e)) {
        const v = this.parenExpr(e);
        elements.push({ kind: 'int', value: v.value, loc: { start: v.start, end: v.end } });
        continue;
      }
      if (e.startOffset < open) continue; // the /bits/ width
      const type = e.tokenType.name;
      if (type === 'Label') {
        elements.push({ kind: 'label', ...this.label(e) });
      } else if (type === 'LabelRef' || type === 'PathRef') {
        if (bits === 32) {
          elements.push({ kind: 'ref', ref: this.ref(e), loc: tokenLoc(e) });
        } else {
          this.reportAt(
            ParseCode.refInSizedArray,
            'References are only allowed in arrays with 32-bit elements.',
            e,
            "phandles are 32-bit: move the reference into a '< … >' list without '/bits/'",
          );
          // dtc stores an all-ones placeholder of the element width.
          elements.push({ kind: 'int', value: (1n << BigInt(bits)) - 1n, loc: tokenLoc(e) });
        }
      } else {
        elements.push({ kind: 'int', value: this.tokenInteger(e), loc: tokenLoc(e) });
      }
    }
    return {
      kind: 'cells',
      bits,
      elements,
      loc: this.between(bitsKeyword ?? token(node, 'LAngle'), token(node, 'RAngle'), node),
    };
  }

  private bytes(node: CstNode): ValueChunk {
    const elements: ByteElement[] = [];
    for (const e of inSourceOrder(node, ['Byte', 'Label'])) {
      if (!isToken(e)) continue;
      if (e.tokenType.name === 'Label') elements.push({ kind: 'label', ...this.label(e) });
      else elements.push({ kind: 'byte', value: Number.parseInt(e.image, 16), loc: tokenLoc(e) });
    }
    return {
      kind: 'bytes',
      elements,
      loc: this.between(token(node, 'LBracket'), token(node, 'RBracket'), node),
    };
  }

  // ---- Integers ----

  /** A `prim` as an IntLiteral; a missing one (recovered parse) is 0 at the end of its parent. */
  private primLiteral(node: CstNode | undefined, parent: CstNode): IntLiteral {
    if (!node) {
      const end = this.loc(parent).end;
      return { value: 0n, loc: { start: end, end } };
    }
    const v = this.prim(node);
    return { value: v.value, loc: { start: v.start, end: v.end } };
  }

  private prim(node: CstNode): Operand {
    const paren = child(node, 'parenExpr');
    if (paren) return this.parenExpr(paren);
    const t = token(node, 'IntLiteral') ?? token(node, 'CharLiteral') ?? token(node, 'Identifier');
    if (!t) {
      const at = startOf(node) ?? this.textLength;
      return { value: 0n, start: at, end: at };
    }
    return { value: this.tokenInteger(t), start: t.startOffset, end: tokenEnd(t) };
  }

  private parenExpr(node: CstNode): Operand {
    const loc = this.between(token(node, 'LParen'), token(node, 'RParen'), node);
    const inner = child(node, 'expr');
    const value = inner ? this.expr(inner).value : 0n;
    return { value, start: loc.start, end: loc.end };
  }

  /**
   * `unary (op unary)* [? expr : expr]`: the chain is re-associated by C precedence (all binary
   * operators are left-associative); both branches of `?:` are evaluated, as dtc does.
   */
  private expr(node: CstNode): Operand {
    const operands: Operand[] = [];
    const operators: IToken[] = [];
    let pendingUnary: IToken[] = [];
    const unary = new Set(tokens(node, 'UnaryOperator'));
    for (const e of inSourceOrder(node, ['UnaryOperator', 'prim', 'BinaryOperator'])) {
      if (!isToken(e)) {
        let v = this.prim(e);
        for (let i = pendingUnary.length - 1; i >= 0; i--) {
          const op = pendingUnary[i]!;
          v = { value: applyUnary(op.image, v.value), start: op.startOffset, end: v.end };
        }
        pendingUnary = [];
        operands.push(v);
      } else if (unary.has(e)) {
        pendingUnary.push(e);
      } else {
        operators.push(e);
      }
    }
    const chain = this.climb(operands, operators);
    const branches = nodes(node, 'expr');
    if (!token(node, 'Question')) return chain;
    const whenTrue = branches[0] ? this.expr(branches[0]) : undefined;
    const whenFalse = branches[1] ? this.expr(branches[1]) : undefined;
    const picked = chain.value !== 0n ? whenTrue : whenFalse;
    return { value: picked?.value ?? 0n, start: chain.start, end: (whenFalse ?? whenTrue ?? chain).end };
  }

  /** Precedence climbing over a flat operand/operator chain. */
  private climb(operands: Operand[], operators: IToken[]): Operand {
    let oi = 0;
    let pi = 0;
    const next = (): Operand => {
      const o = operands[oi++];
      if (o) return o;
      const at = operands[operands.length - 1]?.end ?? this.textLength;
      return { value: 0n, start: at, end: at };
    };
    const parse = (minPrecedence: number): Operand => {
      let left = next();
      for (;;) {
        const op = operators[pi];
        const precedence = op ? (BINARY_PRECEDENCE[op.image] ?? 0) : 0;
        if (!op || precedence < minPrecedence) return left;
        pi++;
        const right = parse(precedence + 1);
        let value = applyBinary(op.image, left.value, right.value);
        if (value === undefined) {
          this.report(
            ParseCode.divisionByZero,
            'Division by zero',
            left.start,
            right.end,
            'dtc evaluates every operand, even in a branch of ?: or && that is not taken',
          );
          value = 0n;
        }
        left = { value, start: left.start, end: right.end };
      }
    };
    if (operands.length === 0) {
      const at = operators[0]?.startOffset ?? this.textLength;
      return { value: 0n, start: at, end: at };
    }
    return parse(0);
  }

  private tokenInteger(t: IToken): bigint {
    if (t.tokenType.name === 'Identifier') {
      this.strayIdentifier(t);
      return 0n;
    }
    return this.intValue(t);
  }

  private intValue(t: IToken): bigint {
    const v = this.values.get(t.startOffset);
    return typeof v === 'bigint' ? v : 0n;
  }

  private stringValue(t: IToken): string {
    const v = this.values.get(t.startOffset);
    return typeof v === 'string' ? v : '';
  }

  /** dtc ≥ 1.8 reports a bare identifier as a lexical error and reads it as the literal 0. */
  private strayIdentifier(t: IToken): void {
    this.reportAt(ParseCode.lexical, `Unexpected '${t.image}'`, t, macroHint(t.image));
  }

  // ---- Small pieces ----

  private label(t: IToken): Label {
    const name = labelName(t);
    return { name, loc: { start: t.startOffset, end: t.startOffset + name.length } };
  }

  private ref(t: IToken | undefined): Ref {
    if (!t) return { kind: 'label', name: '', loc: { start: this.textLength, end: this.textLength } };
    const loc = tokenLoc(t);
    if (t.tokenType === PathRef) return { kind: 'path', path: t.image.slice(2, -1), loc };
    return { kind: 'label', name: t.image.slice(1), loc };
  }

  /** From `first` to `last` when the parser found both (the fast, usual case), else as `loc`. */
  private between(first: IToken | undefined, last: IToken | undefined, node: CstElement): Loc {
    if (first && last) return { start: first.startOffset, end: tokenEnd(last) };
    return this.loc(node);
  }

  /** From the first label (if any) or the first real token of `node` to its last real token. */
  private loc(node: CstElement, labels: IToken[] = []): Loc {
    const first = labels[0];
    const start = first ? first.startOffset : startOf(node);
    const end = endOf(node);
    if (start === undefined) return { start: end ?? this.textLength, end: end ?? this.textLength };
    return { start, end: end ?? start };
  }
}

/** The `;` that ends `name;`, `name = value;` or `name { … };`. */
function itemEnd(named: CstNode): IToken | undefined {
  const own = token(named, 'Semi');
  if (own) return own;
  const inner = child(named, 'propertyValue') ?? child(named, 'nodeBody');
  return inner ? token(inner, 'Semi') : undefined;
}

function labelName(t: IToken): string {
  return t.image.slice(0, -1);
}

function propNodeName(t: IToken): string {
  return t.image.startsWith('\\') ? t.image.slice(1) : t.image;
}

function tokenLoc(t: IToken): Loc {
  return { start: t.startOffset, end: tokenEnd(t) };
}

/** Start of the `<` of a cells node (the /bits/ width comes before it). */
function angleStart(node: CstNode): number {
  return token(node, 'LAngle')?.startOffset ?? Number.POSITIVE_INFINITY;
}
