/**
 * The fast path of the DTS front end: one pass that lexes on demand and builds the AST directly,
 * for sources with no problem at all (every board of the Linux corpus). It accepts exactly the
 * inputs on which the chevrotain lexer and parser plus the AST builder report nothing, and builds
 * the same AST for them; on anything else (a lexical problem, a syntax error, a construct the
 * builder rejects) it gives up and `parseDts` runs the full path, which owns every diagnostic and
 * all error recovery. So this file never reports anything: it only has to agree with the full path
 * where the full path is silent. `test/syntax/fast-path.test.ts` checks that agreement.
 *
 * Why a second parser: the chevrotain path spends most of its time building and walking a CST
 * (objects keyed by token name, one array per key, one token object per token); on a 260 KB board
 * that is ~150 ms, against a few ms here. The token rules below follow `tokens.ts` (same patterns,
 * same priority, same lexer states); the grammar follows `parser.ts` restricted to valid input, and
 * the locations and values follow `build-ast.ts`.
 */
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
import { decodeCharLiteral, decodeEscapes, decodeIntegerLiteral } from './literals.js';
import { applyBinary, applyUnary } from './uint64.js';

/** Thrown (and caught in `fastParseDts`) wherever the full path would report something. */
class GiveUp {}
const GIVE_UP = new GiveUp();

// ---- Tokens ----

enum T {
  EOF,
  DtsV1,
  Plugin,
  MemReserve,
  Bits,
  DeleteProp,
  DeleteNode,
  OmitIfNoRef,
  Incbin,
  String,
  Char,
  Label,
  LabelRef,
  PathRef,
  Int,
  Name,
  Byte,
  RBracket,
  LCurly,
  RCurly,
  Semi,
  Equals,
  Comma,
  LParen,
  RParen,
  LBracket,
  Question,
  Colon,
  Tilde,
  Bang,
  // Binary operators from here on (`<`, `>`, `/`, `-`, `&` included), in `BINARY_OPS` order.
  LShift,
  RShift,
  LessEq,
  GreaterEq,
  EqEq,
  NotEq,
  AndAnd,
  OrOr,
  LAngle,
  RAngle,
  Slash,
  Plus,
  Minus,
  Star,
  Percent,
  Amp,
  Pipe,
  Caret,
}

const FIRST_BINARY = T.LShift;
/** Operator spelling and C precedence (as `uint64.ts`), indexed by `kind - FIRST_BINARY`. */
const BINARY_OPS: readonly string[] = [
  '<<',
  '>>',
  '<=',
  '>=',
  '==',
  '!=',
  '&&',
  '||',
  '<',
  '>',
  '/',
  '+',
  '-',
  '*',
  '%',
  '&',
  '|',
  '^',
];
const BINARY_PREC: readonly number[] = [9, 9, 8, 8, 7, 7, 3, 2, 8, 8, 11, 10, 10, 11, 11, 6, 5, 4];

/** dtc's lexer states (see `tokens.ts`). */
enum Mode {
  V1,
  PropNodeName,
  ByteString,
}

// Character classes, as bits of one table over latin1.
const WS = 1;
const NAME = 2; // dtc's PROPNODECHAR: a-zA-Z0-9,._+*#?@-
const ID_START = 4; // [a-zA-Z_]
const ID = 8; // [a-zA-Z0-9_]
const HEX = 16;
const DIGIT = 32;
const CLASS = new Uint8Array(256);
for (const c of ' \t\n\r\v\f') CLASS[c.charCodeAt(0)]! |= WS;
for (let c = 0; c < 256; c++) {
  const ch = String.fromCharCode(c);
  if (/[a-zA-Z0-9,._+*#?@-]/.test(ch)) CLASS[c]! |= NAME;
  if (/[a-zA-Z_]/.test(ch)) CLASS[c]! |= ID_START | ID;
  if (/[0-9]/.test(ch)) CLASS[c]! |= ID | DIGIT;
  if (/[0-9a-fA-F]/.test(ch)) CLASS[c]! |= HEX;
}
const is = (c: number, cls: number): boolean => c < 256 && (CLASS[c]! & cls) !== 0;

const CHAR_LITERAL = /'(?:\\'|[^'])*'/y;

const KEYWORDS: readonly [string, T][] = [
  ['/dts-v1/', T.DtsV1],
  ['/plugin/', T.Plugin],
  ['/memreserve/', T.MemReserve],
  ['/bits/', T.Bits],
  ['/delete-property/', T.DeleteProp],
  ['/delete-node/', T.DeleteNode],
  ['/omit-if-no-ref/', T.OmitIfNoRef],
];

/**
 * Parses a source that has no problem; `undefined` when the source has one (or might: anything
 * unusual gives up too), in which case the caller runs the full parser.
 */
export function fastParseDts(text: string, maxDepth = Number.POSITIVE_INFINITY): DtsFile | undefined {
  try {
    return new FastParser(text, maxDepth).file();
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }
}

class FastParser {
  private pos = 0;
  private mode = Mode.V1;
  /** The current token: kind and [start, end). */
  private kind = T.EOF;
  private start = 0;
  private end = 0;

  /**
   * Node blocks open around the current token. A block or `&{/path}` that would open more than
   * `maxDepth` levels down gives up (this parser recurses per level), so a fast parse that succeeds
   * is within the node-depth limit as `firstTooDeep` counts it, and only a failed one needs that scan.
   */
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {
    this.next();
  }

  // ---- Lexer (tokens.ts, restricted to what valid input contains) ----

  /** Reads the next token into `kind`/`start`/`end` and sets the lexer state as dtc does. */
  private next(): void {
    const kind = this.scan();
    this.kind = kind;
    switch (kind) {
      case T.DtsV1:
      case T.MemReserve:
      case T.Bits:
      case T.Name:
      case T.RBracket:
        this.mode = Mode.V1;
        break;
      case T.DeleteProp:
      case T.DeleteNode:
      case T.OmitIfNoRef:
      case T.LCurly:
      case T.Semi:
        this.mode = Mode.PropNodeName;
        break;
      case T.LBracket:
        this.mode = Mode.ByteString;
        break;
    }
  }

  private scan(): T {
    const text = this.text;
    const n = text.length;
    let p = this.pos;
    for (;;) {
      if (p >= n) {
        this.start = this.end = this.pos = n;
        return T.EOF;
      }
      const c = text.charCodeAt(p);
      if (is(c, WS)) {
        p++;
        while (p < n && is(text.charCodeAt(p), WS)) p++;
        continue;
      }
      if (c === 0x2f /* / */) {
        const c2 = text.charCodeAt(p + 1);
        if (c2 === 0x2a /* * */) {
          const close = text.indexOf('*/', p + 2);
          if (close < 0) throw GIVE_UP; // unterminated comment
          p = close + 2;
          continue;
        }
        if (c2 === 0x2f) {
          const nl = text.indexOf('\n', p + 2);
          p = nl < 0 ? n : nl;
          continue;
        }
      }
      this.start = p;
      return this.token(c, p);
    }
  }

  /** The token at `p` (not whitespace or a comment), first character `c`. */
  private token(c: number, p: number): T {
    const text = this.text;
    const mode = this.mode;
    // The patterns every state shares, in their priority order: keywords, strings, labels, chars, refs.
    if (c === 0x2f /* / */) {
      if (text.startsWith('/include/', p)) throw GIVE_UP;
      for (const [word, kind] of KEYWORDS)
        if (text.startsWith(word, p)) return this.take(p + word.length, kind);
      if (mode === Mode.V1 && text.startsWith('/incbin/', p)) return this.take(p + 8, T.Incbin);
      return this.take(p + 1, T.Slash);
    }
    if (c === 0x22 /* " */) return this.take(this.stringEnd(p), T.String);
    if (is(c, ID_START)) {
      let q = p + 1;
      while (is(text.charCodeAt(q), ID)) q++;
      if (text.charCodeAt(q) === 0x3a /* : */) return this.take(q + 1, T.Label);
    }
    if (c === 0x27 /* ' */) {
      CHAR_LITERAL.lastIndex = p;
      if (!CHAR_LITERAL.test(text)) throw GIVE_UP;
      return this.take(CHAR_LITERAL.lastIndex, T.Char);
    }
    if (c === 0x26 /* & */) {
      const c2 = text.charCodeAt(p + 1);
      if (is(c2, ID_START)) {
        let q = p + 2;
        while (is(text.charCodeAt(q), ID)) q++;
        return this.take(q, T.LabelRef);
      }
      if (c2 === 0x7b /* { */) {
        let q = p + 2;
        while (is(text.charCodeAt(q), NAME) || text.charCodeAt(q) === 0x2f) q++;
        if (text.charCodeAt(q) === 0x7d /* } */) {
          if (this.depth > this.maxDepth) throw GIVE_UP;
          return this.take(q + 1, T.PathRef);
        }
      }
    }
    // The patterns of the current state.
    if (mode === Mode.V1) {
      // Identifiers (stray macros, or a name after a missing ';') are always reported.
      if (is(c, ID_START) || c === 0x23 /* # */ || c === 0x5c /* \ */) throw GIVE_UP;
      if (is(c, DIGIT)) return this.take(this.intEnd(p), T.Int);
    } else if (mode === Mode.PropNodeName) {
      const q = c === 0x5c /* \ */ ? p + 1 : p;
      if (is(text.charCodeAt(q), NAME)) {
        let r = q + 1;
        while (is(text.charCodeAt(r), NAME)) r++;
        return this.take(r, T.Name);
      }
    } else {
      if (is(c, HEX) && is(text.charCodeAt(p + 1), HEX)) return this.take(p + 2, T.Byte);
      if (c === 0x5d /* ] */) return this.take(p + 1, T.RBracket);
    }
    return this.punctuation(c, p);
  }

  /** Operators and punctuation, two-character ones first (`tokens.ts` commonTail). */
  private punctuation(c: number, p: number): T {
    const c2 = this.text.charCodeAt(p + 1);
    switch (c) {
      case 0x3c /* < */:
        if (c2 === 0x3c) return this.take(p + 2, T.LShift);
        if (c2 === 0x3d) return this.take(p + 2, T.LessEq);
        return this.take(p + 1, T.LAngle);
      case 0x3e /* > */:
        if (c2 === 0x3e) return this.take(p + 2, T.RShift);
        if (c2 === 0x3d) return this.take(p + 2, T.GreaterEq);
        return this.take(p + 1, T.RAngle);
      case 0x3d /* = */:
        if (c2 === 0x3d) return this.take(p + 2, T.EqEq);
        return this.take(p + 1, T.Equals);
      case 0x21 /* ! */:
        if (c2 === 0x3d) return this.take(p + 2, T.NotEq);
        return this.take(p + 1, T.Bang);
      case 0x26 /* & */:
        if (c2 === 0x26) return this.take(p + 2, T.AndAnd);
        return this.take(p + 1, T.Amp);
      case 0x7c /* | */:
        if (c2 === 0x7c) return this.take(p + 2, T.OrOr);
        return this.take(p + 1, T.Pipe);
      case 0x7b:
        return this.take(p + 1, T.LCurly);
      case 0x7d:
        return this.take(p + 1, T.RCurly);
      case 0x3b:
        return this.take(p + 1, T.Semi);
      case 0x28:
        return this.take(p + 1, T.LParen);
      case 0x29:
        return this.take(p + 1, T.RParen);
      case 0x5b:
        return this.take(p + 1, T.LBracket);
      case 0x3a:
        return this.take(p + 1, T.Colon);
      case 0x25:
        return this.take(p + 1, T.Percent);
      case 0x5e:
        return this.take(p + 1, T.Caret);
      case 0x7e:
        return this.take(p + 1, T.Tilde);
    }
    // In the name state these characters can only be part of a name (handled above).
    if (this.mode !== Mode.PropNodeName) {
      switch (c) {
        case 0x2c:
          return this.take(p + 1, T.Comma);
        case 0x3f:
          return this.take(p + 1, T.Question);
        case 0x2b:
          return this.take(p + 1, T.Plus);
        case 0x2d:
          return this.take(p + 1, T.Minus);
        case 0x2a:
          return this.take(p + 1, T.Star);
      }
    }
    throw GIVE_UP; // any other character
  }

  private take(end: number, kind: T): T {
    this.end = this.pos = end;
    return kind;
  }

  /** End of the string literal at `p`; gives up on an unterminated one or a `\` before a newline. */
  private stringEnd(p: number): number {
    const text = this.text;
    const n = text.length;
    let q = p + 1;
    for (;;) {
      if (q >= n) throw GIVE_UP;
      const c = text.charCodeAt(q);
      if (c === 0x22) return q + 1;
      if (c === 0x5c) {
        if (q + 1 >= n || text.charCodeAt(q + 1) === 0x0a) throw GIVE_UP;
        q += 2;
      } else {
        q++;
      }
    }
  }

  /** `(?:0[xX][0-9a-fA-F]+|[0-9]+)(?:ULL|UL|LL|U|L)?` */
  private intEnd(p: number): number {
    const text = this.text;
    let q = p;
    const x = text.charCodeAt(p + 1);
    if (text.charCodeAt(p) === 0x30 && (x === 0x78 || x === 0x58) && is(text.charCodeAt(p + 2), HEX)) {
      q = p + 3;
      while (is(text.charCodeAt(q), HEX)) q++;
    } else {
      q = p + 1;
      while (is(text.charCodeAt(q), DIGIT)) q++;
    }
    if (text.startsWith('ULL', q)) return q + 3;
    if (text.startsWith('UL', q) || text.startsWith('LL', q)) return q + 2;
    if (text.charCodeAt(q) === 0x55 || text.charCodeAt(q) === 0x4c) return q + 1;
    return q;
  }

  // ---- Token helpers ----

  /** The current token's kind (a call, so that TypeScript does not narrow it across `next()`). */
  private peek(): T {
    return this.kind;
  }

  private expect(kind: T): void {
    if (this.peek() !== kind) throw GIVE_UP;
    this.next();
  }

  private loc(): Loc {
    return { start: this.start, end: this.end };
  }

  private image(): string {
    return this.text.slice(this.start, this.end);
  }

  /** The current `name:` token as a Label (the colon is not part of its loc), then advances. */
  private label(): Label {
    const name = this.text.slice(this.start, this.end - 1);
    const l: Label = { name, loc: { start: this.start, end: this.end - 1 } };
    this.next();
    return l;
  }

  private ref(): Ref {
    const loc = this.loc();
    const r: Ref =
      this.peek() === T.PathRef
        ? { kind: 'path', path: this.text.slice(this.start + 2, this.end - 1), loc }
        : { kind: 'label', name: this.text.slice(this.start + 1, this.end), loc };
    this.next();
    return r;
  }

  private isRef(): boolean {
    return this.peek() === T.LabelRef || this.peek() === T.PathRef;
  }

  // ---- Top level (build-ast.ts `file`) ----

  file(): DtsFile {
    const headers: Header[] = [];
    const memreserves: MemReserve[] = [];
    const items: TopItem[] = [];
    let openHeader: Header | undefined;
    while (this.peek() !== T.EOF) {
      const labels: Label[] = [];
      while (this.peek() === T.Label) labels.push(this.label());
      const previousHeader = openHeader;
      openHeader = undefined;
      const start = labels[0]?.loc.start ?? this.start;
      switch (this.peek()) {
        case T.DtsV1: {
          if (labels.length > 0 || memreserves.length > 0 || items.length > 0) throw GIVE_UP;
          const s = this.start;
          this.next();
          const end = this.end;
          this.expect(T.Semi);
          const h: Header = { plugin: false, loc: { start: s, end } };
          headers.push(h);
          openHeader = h;
          break;
        }
        case T.Plugin: {
          if (labels.length > 0 || !previousHeader || previousHeader.plugin) throw GIVE_UP;
          this.next();
          const end = this.end;
          this.expect(T.Semi);
          previousHeader.plugin = true;
          previousHeader.loc = { start: previousHeader.loc.start, end };
          break;
        }
        case T.MemReserve: {
          if (items.length > 0) throw GIVE_UP;
          this.next();
          const address = this.prim();
          const size = this.prim();
          const end = this.end;
          this.expect(T.Semi);
          memreserves.push({ labels, address, size, loc: { start, end } });
          break;
        }
        case T.Slash: {
          if (labels.length > 0) throw GIVE_UP;
          this.next();
          const body = this.nodeBody();
          items.push({ kind: 'root', body, loc: { start, end: body.loc.end } });
          break;
        }
        case T.LabelRef:
        case T.PathRef: {
          if (labels.length > 1 || (labels.length > 0 && items.length === 0)) throw GIVE_UP;
          const ref = this.ref();
          const body = this.nodeBody();
          const label = labels[0];
          const loc = { start, end: body.loc.end };
          items.push(
            label ? { kind: 'ref-node', label, ref, body, loc } : { kind: 'ref-node', ref, body, loc },
          );
          break;
        }
        case T.DeleteNode:
        case T.OmitIfNoRef: {
          if (labels.length > 0 || items.length === 0) throw GIVE_UP;
          const kind = this.peek() === T.DeleteNode ? 'delete-node-ref' : 'omit-ref';
          this.next();
          if (!this.isRef()) throw GIVE_UP;
          const ref = this.ref();
          const end = this.end;
          this.expect(T.Semi);
          items.push({ kind, ref, loc: { start, end } });
          break;
        }
        default:
          throw GIVE_UP;
      }
    }
    const first = headers[0];
    if (!first || items.length === 0) throw GIVE_UP;
    for (const h of headers) if (h.plugin !== first.plugin) throw GIVE_UP;
    return { headers, memreserves, items, loc: { start: 0, end: this.text.length } };
  }

  // ---- Nodes (build-ast.ts `nodeBody`) ----

  private nodeBody(): NodeBody {
    if (this.peek() !== T.LCurly) throw GIVE_UP;
    if (this.depth > this.maxDepth) throw GIVE_UP;
    this.depth++;
    const start = this.start;
    this.next();
    const props: PropItem[] = [];
    const children: ChildItem[] = [];
    for (;;) {
      const kind = this.peek();
      if (kind === T.RCurly) break;
      const labels: Label[] = [];
      let omitStart = -1;
      let k: T = kind;
      while (k === T.Label || k === T.OmitIfNoRef) {
        if (k === T.Label) {
          labels.push(this.label());
        } else {
          if (omitStart < 0) omitStart = this.start;
          this.next();
        }
        k = this.peek();
      }
      // The item starts at its first label, else at its first /omit-if-no-ref/ (as the builder).
      const leader = labels.length > 0 ? labels[0]!.loc.start : omitStart;
      if (k === T.Name) {
        const nameLoc = this.loc();
        const name = this.propNodeName();
        this.next();
        const start = leader >= 0 ? leader : nameLoc.start;
        if (this.peek() === T.LCurly) {
          const body = this.nodeBody();
          children.push({
            kind: 'node',
            labels,
            omitIfNoRef: omitStart >= 0,
            name,
            nameLoc,
            body,
            loc: { start, end: body.loc.end },
          });
          continue;
        }
        if (omitStart >= 0 || children.length > 0) throw GIVE_UP; // omit on a property; props after nodes
        if (this.peek() === T.Semi) {
          const end = this.end;
          this.next();
          props.push({ kind: 'prop', labels, name, nameLoc, loc: { start, end } });
          continue;
        }
        if (this.peek() !== T.Equals) throw GIVE_UP;
        this.next();
        const value = this.value();
        const end = this.end;
        this.expect(T.Semi);
        props.push({ kind: 'prop', labels, name, nameLoc, value, loc: { start, end } });
      } else if (k === T.DeleteProp || k === T.DeleteNode) {
        const start = leader >= 0 ? leader : this.start;
        this.next();
        if (this.peek() !== T.Name) throw GIVE_UP;
        const nameLoc = this.loc();
        const name = this.propNodeName();
        this.next();
        const end = this.end;
        this.expect(T.Semi);
        if (k === T.DeleteNode) {
          children.push({ kind: 'delete-node', labels, name, nameLoc, loc: { start, end } });
        } else {
          if (omitStart >= 0 || children.length > 0) throw GIVE_UP;
          props.push({ kind: 'delete-prop', labels, name, nameLoc, loc: { start, end } });
        }
      } else {
        throw GIVE_UP;
      }
    }
    this.depth--;
    this.next(); // }
    const end = this.end;
    this.expect(T.Semi);
    return { props, children, loc: { start, end } };
  }

  private propNodeName(): string {
    const s = this.text.charCodeAt(this.start) === 0x5c ? this.start + 1 : this.start;
    return this.text.slice(s, this.end);
  }

  // ---- Values (build-ast.ts `value`, `valueItem`, `cells`, `bytes`) ----

  private value(): Value {
    const chunks: ValueChunk[] = [];
    for (;;) {
      while (this.peek() === T.Label) chunks.push(this.labelChunk());
      chunks.push(this.valueItem());
      while (this.peek() === T.Label) chunks.push(this.labelChunk());
      if (this.peek() !== T.Comma) break;
      this.next();
    }
    return { chunks, loc: { start: chunks[0]!.loc.start, end: chunks[chunks.length - 1]!.loc.end } };
  }

  private labelChunk(): ValueChunk & CellElement & ByteElement {
    const l = this.label();
    return { kind: 'label', name: l.name, loc: l.loc };
  }

  private valueItem(): ValueChunk {
    switch (this.peek()) {
      case T.String: {
        const loc = this.loc();
        const bytes = this.stringValue();
        this.next();
        return { kind: 'string', bytes, loc };
      }
      case T.LabelRef:
      case T.PathRef: {
        const loc = this.loc();
        return { kind: 'path-ref', ref: this.ref(), loc };
      }
      case T.Bits:
      case T.LAngle:
        return this.cells();
      case T.LBracket:
        return this.bytes();
      case T.Incbin:
        return this.incbin();
      default:
        throw GIVE_UP;
    }
  }

  private cells(): ValueChunk {
    const start = this.start;
    let bits: 8 | 16 | 32 | 64 = 32;
    if (this.peek() === T.Bits) {
      this.next();
      if (this.peek() !== T.Int) throw GIVE_UP;
      const n = this.intValue();
      if (n === 8n || n === 16n || n === 32n || n === 64n) bits = Number(n) as 8 | 16 | 32 | 64;
      else throw GIVE_UP;
      this.next();
    }
    this.expect(T.LAngle);
    const elements: CellElement[] = [];
    for (;;) {
      switch (this.peek()) {
        case T.Int: {
          elements.push({ kind: 'int', value: this.intValue(), loc: this.loc() });
          this.next();
          continue;
        }
        case T.Char: {
          elements.push({ kind: 'int', value: this.charValue(), loc: this.loc() });
          this.next();
          continue;
        }
        case T.LParen: {
          const s = this.start;
          const value = this.parenExpr();
          elements.push({ kind: 'int', value, loc: { start: s, end: this.lastEnd } });
          continue;
        }
        case T.LabelRef:
        case T.PathRef: {
          if (bits !== 32) throw GIVE_UP;
          const loc = this.loc();
          elements.push({ kind: 'ref', ref: this.ref(), loc });
          continue;
        }
        case T.Label:
          elements.push(this.labelChunk());
          continue;
      }
      break;
    }
    if (this.peek() !== T.RAngle) throw GIVE_UP;
    const end = this.end;
    this.next();
    return { kind: 'cells', bits, elements, loc: { start, end } };
  }

  private bytes(): ValueChunk {
    const start = this.start;
    this.next();
    const elements: ByteElement[] = [];
    for (;;) {
      if (this.peek() === T.Byte) {
        elements.push({ kind: 'byte', value: Number.parseInt(this.image(), 16), loc: this.loc() });
        this.next();
      } else if (this.peek() === T.Label) {
        elements.push(this.labelChunk());
      } else {
        break;
      }
    }
    if (this.peek() !== T.RBracket) throw GIVE_UP;
    const end = this.end;
    this.next();
    return { kind: 'bytes', elements, loc: { start, end } };
  }

  private incbin(): ValueChunk {
    const start = this.start;
    this.next();
    this.expect(T.LParen);
    if (this.peek() !== T.String) throw GIVE_UP;
    const fileLoc = this.loc();
    const file = this.stringValue();
    this.next();
    let offset: IntLiteral | undefined;
    let length: IntLiteral | undefined;
    if (this.peek() === T.Comma) {
      this.next();
      offset = this.prim();
      this.expect(T.Comma);
      length = this.prim();
    }
    if (this.peek() !== T.RParen) throw GIVE_UP;
    const end = this.end;
    this.next();
    const loc = { start, end };
    if (offset && length) return { kind: 'incbin', file, fileLoc, offset, length, loc };
    return { kind: 'incbin', file, fileLoc, loc };
  }

  // ---- Integers (build-ast.ts `prim`, `parenExpr`, `expr`, `climb`) ----

  /** End of the last token consumed by `parenExpr` (its `)`). */
  private lastEnd = 0;

  private prim(): IntLiteral {
    const start = this.start;
    let value: bigint;
    if (this.peek() === T.Int) value = this.intValue();
    else if (this.peek() === T.Char) value = this.charValue();
    else if (this.peek() === T.LParen) return { value: this.parenExpr(), loc: { start, end: this.lastEnd } };
    else throw GIVE_UP;
    const end = this.end;
    this.next();
    return { value, loc: { start, end } };
  }

  /** `( expr )`: its value; `lastEnd` is left at the end of the `)`. */
  private parenExpr(): bigint {
    this.next(); // (
    const value = this.expr();
    if (this.peek() !== T.RParen) throw GIVE_UP;
    this.lastEnd = this.end;
    this.next();
    return value;
  }

  /** `unary (op unary)* [? expr : expr]`; both branches are evaluated, as dtc does. */
  private expr(): bigint {
    const chain = this.binary(0);
    if (this.peek() !== T.Question) return chain;
    this.next();
    const whenTrue = this.expr();
    this.expect(T.Colon);
    const whenFalse = this.expr();
    return chain !== 0n ? whenTrue : whenFalse;
  }

  /** Precedence climbing; every binary operator is left-associative. */
  private binary(minPrecedence: number): bigint {
    let left = this.unary();
    for (;;) {
      const k = this.peek();
      if (k < FIRST_BINARY) return left;
      const precedence = BINARY_PREC[k - FIRST_BINARY]!;
      if (precedence < minPrecedence) return left;
      this.next();
      const right = this.binary(precedence + 1);
      const value = applyBinary(BINARY_OPS[k - FIRST_BINARY]!, left, right);
      if (value === undefined) throw GIVE_UP; // division by zero
      left = value;
    }
  }

  private unary(): bigint {
    const k = this.peek();
    if (k === T.Minus || k === T.Tilde || k === T.Bang) {
      this.next();
      return applyUnary(k === T.Minus ? '-' : k === T.Tilde ? '~' : '!', this.unary());
    }
    return this.prim().value;
  }

  // ---- Literal values (literals.ts) ----

  private intValue(): bigint {
    const text = this.text;
    let p = this.start;
    let end = this.end;
    while (end > p && (text.charCodeAt(end - 1) === 0x55 || text.charCodeAt(end - 1) === 0x4c)) end--;
    const c1 = text.charCodeAt(p + 1);
    if (end - p > 2 && (c1 === 0x78 || c1 === 0x58)) {
      // Hex: exact in a double up to 13 digits.
      if (end - p - 2 <= 13) {
        let v = 0;
        for (p += 2; p < end; p++) {
          const c = text.charCodeAt(p);
          v = v * 16 + (c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57);
        }
        return BigInt(v);
      }
    } else if (text.charCodeAt(p) !== 0x30 && end - p <= 15) {
      let v = 0;
      for (; p < end; p++) v = v * 10 + text.charCodeAt(p) - 0x30;
      return BigInt(v);
    } else if (end - p === 1) {
      return 0n;
    }
    // Octal, long literals and any literal with a problem: the full decoder decides.
    const lit = decodeIntegerLiteral(this.image());
    if (lit.problems.length > 0) throw GIVE_UP;
    return lit.value;
  }

  private charValue(): bigint {
    const ch = decodeCharLiteral(this.image());
    if (ch.problems.length > 0) throw GIVE_UP;
    return ch.value;
  }

  private stringValue(): string {
    const body = this.text.slice(this.start + 1, this.end - 1);
    if (!body.includes('\\')) return body;
    const decoded = decodeEscapes(body, '"');
    if (decoded.problems.length > 0) throw GIVE_UP;
    return decoded.bytes;
  }
}
