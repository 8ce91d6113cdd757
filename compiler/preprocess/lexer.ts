import {
  BOL,
  HASH,
  type LexedFile,
  type NameTable,
  PLAIN,
  PREV_WHITE,
  type Token,
  TokType,
  tokenAt,
} from './tokens.js';

/**
 * Splits a file into preprocessing tokens once, the way gcc's lexer does in assembler-with-cpp mode:
 * backslash-newline splices lines, comments are whitespace (a block comment's newlines do not end
 * the logical line), a quote without its closing partner on the same line becomes one "other" token
 * running to the end of the line, no digraphs, `$` is not an identifier character.
 *
 * Every token remembers whether whitespace preceded it (PREV_WHITE) and whether it starts a logical
 * line (BOL); directives are recognised later, from BOL `#` tokens.
 */
export function lexFile(path: string, text: string, names: NameTable): LexedFile {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const { clean, rawOf } = spliceLines(text);
  const lexer = new Lexer(clean, rawOf, text, lineStarts, names);
  lexer.run();
  return lexer.finish(path);
}

/**
 * Lexes `text` as exactly one token (used to check a `##` paste). Returns undefined when the text is
 * not a single whole token.
 */
export function lexSingleToken(text: string, names: NameTable): Token | undefined {
  const lexer = new Lexer(text, undefined, text, [0], names);
  if (!lexer.next() || lexer.pos !== text.length || lexer.count !== 1 || lexer.flagsOf(0) & PREV_WHITE)
    return undefined;
  const t = tokenAt(lexer.finish(''), names, 0);
  t.file = null;
  return t;
}

/** Removes backslash-newline pairs (gcc also splices when only blanks separate them). */
function spliceLines(text: string): { clean: string; rawOf: number[] | undefined } {
  if (!/\\[ \t\f\v\r]*\n/.test(text)) return { clean: text, rawOf: undefined };
  const parts: string[] = [];
  // rawOf is a sorted list of pairs [cleanOffset, rawOffset] at each point where they diverge more.
  const rawOf: number[] = [0, 0];
  const re = /\\[ \t\f\v\r]*\n/g;
  let last = 0;
  let cleanLen = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    parts.push(text.slice(last, m.index));
    cleanLen += m.index - last;
    last = m.index + m[0].length;
    rawOf.push(cleanLen, last);
  }
  parts.push(text.slice(last));
  return { clean: parts.join(''), rawOf };
}

const PUNCT1 = '[](){}.&*+-~!/%<>^|?:;=,#';

function isIdStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
}
function isIdChar(c: number): boolean {
  return isIdStart(c) || (c >= 0x30 && c <= 0x39);
}
/** Only spaces and tabs in text[from, to) (what the output writer copies as a gap). */
function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09) return false;
  }
  return true;
}
function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Punctuators of 1 character, by character code. */
const IS_PUNCT1 = new Uint8Array(128);
for (const ch of PUNCT1) IS_PUNCT1[ch.charCodeAt(0)] = 1;

class Lexer {
  pos = 0;
  count = 0;
  private bol = true;
  private white = false;
  /** Tokens on the current logical line so far (to spot `#include <`). */
  private lineTokens = 0;
  private includeLine = false;
  /** Raw end offset of the previous token. */
  private prevRawEnd = 0;
  private lineIdx = 0;
  private kinds: Uint8Array;
  private flags: Uint8Array;
  private starts: Int32Array;
  private ends: Int32Array;
  private lines: Int32Array;
  private nameIds: Int32Array;
  private readonly spliced = new Map<number, string>();
  private readonly unterminated: number[] = [];

  constructor(
    private readonly s: string,
    private readonly rawOf: number[] | undefined,
    private readonly rawText: string,
    private readonly lineStarts: number[],
    private readonly names: NameTable,
  ) {
    const capacity = 16 + (s.length >> 2);
    this.kinds = new Uint8Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.lines = new Int32Array(capacity);
    this.nameIds = new Int32Array(capacity);
  }

  run(): void {
    while (this.next()) {}
  }

  flagsOf(i: number): number {
    return this.flags[i] as number;
  }

  finish(path: string): LexedFile {
    const n = this.count;
    return {
      path,
      text: this.rawText,
      count: n,
      kinds: this.kinds.slice(0, n),
      flags: this.flags.slice(0, n),
      starts: this.starts.slice(0, n),
      ends: this.ends.slice(0, n),
      lines: this.lines.slice(0, n),
      names: this.nameIds.slice(0, n),
      spliced: this.spliced,
      tokens: new Array<Token | undefined>(n).fill(undefined),
      lineStarts: this.lineStarts,
      unterminatedComments: this.unterminated,
    };
  }

  /** Lexes the next token; false at the end of the text. */
  next(): boolean {
    const s = this.s;
    const n = s.length;
    for (;;) {
      if (this.pos >= n) return false;
      const c = s.charCodeAt(this.pos);
      if (c === 0x0a) {
        this.pos++;
        this.bol = true;
        this.white = false;
        this.lineTokens = 0;
        this.includeLine = false;
        continue;
      }
      if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0c || c === 0x0b || c === 0) {
        this.pos++;
        this.white = true;
        continue;
      }
      if (c === 0x2f /* / */) {
        const d = s.charCodeAt(this.pos + 1);
        if (d === 0x2a /* * */) {
          const end = s.indexOf('*/', this.pos + 2);
          if (end === -1) {
            this.unterminated.push(this.raw(this.pos));
            this.pos = n;
          } else this.pos = end + 2;
          this.white = true;
          continue;
        }
        if (d === 0x2f) {
          const end = s.indexOf('\n', this.pos + 2);
          this.pos = end === -1 ? n : end;
          this.white = true;
          continue;
        }
      }
      this.token(c);
      return true;
    }
  }

  private token(c: number): void {
    const s = this.s;
    const start = this.pos;
    let type: TokType;
    if (isIdStart(c)) {
      let i = start + 1;
      while (i < s.length && isIdChar(s.charCodeAt(i))) i++;
      this.pos = i;
      type = TokType.Name;
    } else if (isDigit(c) || (c === 0x2e && isDigit(s.charCodeAt(start + 1)))) {
      let i = start + 1;
      for (;;) {
        const d = s.charCodeAt(i);
        if (isIdChar(d) || d === 0x2e) {
          i++;
          // An exponent sign belongs to the number: 1e+5, 0x1p-3.
          if (
            (d === 0x65 || d === 0x45 || d === 0x70 || d === 0x50) &&
            (s.charCodeAt(i) === 0x2b || s.charCodeAt(i) === 0x2d)
          )
            i++;
        } else break;
      }
      this.pos = i;
      type = TokType.Number;
    } else if (c === 0x22 || c === 0x27) {
      type = this.quoted(c);
    } else if (c === 0x3c /* < */ && this.includeLine) {
      const end = s.indexOf('>', start + 1);
      const eol = s.indexOf('\n', start + 1);
      if (end !== -1 && (eol === -1 || end < eol)) {
        this.pos = end + 1;
        type = TokType.HeaderName;
      } else {
        this.pos = start + 1;
        type = TokType.Punct;
      }
    } else {
      this.pos = start + punctLength(s, start, c);
      type = c < 128 && IS_PUNCT1[c] === 1 ? TokType.Punct : TokType.Other;
    }
    const i = this.count;
    if (i === this.kinds.length) this.grow();
    let nameId = -1;
    if (type === TokType.Name) nameId = this.names.idOf(s.slice(start, this.pos));
    const rawStart = this.raw(start);
    const rawEnd = this.rawOf ? this.raw(this.pos - 1) + 1 : this.pos;
    const length = this.pos - start;
    if (rawEnd - rawStart !== length) this.spliced.set(i, s.slice(start, this.pos));
    let flags = this.white ? PREV_WHITE : 0;
    if (this.bol) flags |= BOL;
    else if (rawEnd - rawStart === length && isBlank(this.rawText, this.prevRawEnd, rawStart)) flags |= PLAIN;
    if (type === TokType.Punct && length === 1 && c === 0x23 /* # */) flags |= HASH;
    this.prevRawEnd = rawEnd;
    this.kinds[i] = type;
    this.flags[i] = flags;
    this.starts[i] = rawStart;
    this.ends[i] = rawEnd;
    this.lines[i] = this.lineOf(rawStart);
    this.nameIds[i] = nameId;
    this.count = i + 1;
    // `# include <x>`: the next `<` starts a header name.
    if (this.lineTokens === 1 && type === TokType.Name) {
      const text = this.names.spellings[nameId];
      this.includeLine =
        (text === 'include' || text === 'include_next' || text === 'import') &&
        ((this.flags[i - 1] as number) & (BOL | HASH)) === (BOL | HASH);
    } else this.includeLine = false;
    this.lineTokens++;
    this.bol = false;
    this.white = false;
  }

  private grow(): void {
    const size = this.kinds.length * 2;
    const kinds = new Uint8Array(size);
    kinds.set(this.kinds);
    this.kinds = kinds;
    const flags = new Uint8Array(size);
    flags.set(this.flags);
    this.flags = flags;
    const starts = new Int32Array(size);
    starts.set(this.starts);
    this.starts = starts;
    const ends = new Int32Array(size);
    ends.set(this.ends);
    this.ends = ends;
    const lines = new Int32Array(size);
    lines.set(this.lines);
    this.lines = lines;
    const nameIds = new Int32Array(size);
    nameIds.set(this.nameIds);
    this.nameIds = nameIds;
  }

  /** A string or char literal; without its closing quote on the line, an "other" token to the end of the line. */
  private quoted(quote: number): TokType {
    const s = this.s;
    let i = this.pos + 1;
    for (;;) {
      if (i >= s.length) {
        this.pos = i;
        return TokType.Other;
      }
      const d = s.charCodeAt(i);
      if (d === 0x5c /* \ */ && s.charCodeAt(i + 1) !== 0x0a && i + 1 < s.length) i += 2;
      else if (d === quote) {
        this.pos = i + 1;
        return quote === 0x22 ? TokType.String : TokType.Char;
      } else if (d === 0x0a) {
        this.pos = i;
        return TokType.Other;
      } else i++;
    }
  }

  private raw(cleanOffset: number): number {
    const m = this.rawOf;
    if (!m) return cleanOffset;
    // Largest pair with clean offset <= cleanOffset.
    let lo = 0;
    let hi = m.length / 2 - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((m[mid * 2] as number) <= cleanOffset) lo = mid;
      else hi = mid - 1;
    }
    return (m[lo * 2 + 1] as number) + (cleanOffset - (m[lo * 2] as number));
  }

  /** 1-based line of a raw offset. Tokens come in increasing offset order, so the index only moves forward. */
  private lineOf(rawOffset: number): number {
    const ls = this.lineStarts;
    let i = this.lineIdx;
    while (i + 1 < ls.length && (ls[i + 1] as number) <= rawOffset) i++;
    this.lineIdx = i;
    return i + 1;
  }
}

/** Length of the punctuator (or other character) at `start`: longest match, as C lexes. */
function punctLength(s: string, start: number, c: number): number {
  const d = s.charCodeAt(start + 1);
  const e = s.charCodeAt(start + 2);
  switch (c) {
    case 0x3c /* < */:
      if (d === 0x3c) return e === 0x3d ? 3 : 2; // <<= <<
      return d === 0x3d ? 2 : 1; // <=
    case 0x3e /* > */:
      if (d === 0x3e) return e === 0x3d ? 3 : 2; // >>= >>
      return d === 0x3d ? 2 : 1; // >=
    case 0x2e /* . */:
      return d === 0x2e && e === 0x2e ? 3 : 1; // ...
    case 0x2d /* - */:
      return d === 0x3e || d === 0x2d || d === 0x3d ? 2 : 1; // -> -- -=
    case 0x2b /* + */:
      return d === 0x2b || d === 0x3d ? 2 : 1; // ++ +=
    case 0x26 /* & */:
      return d === 0x26 || d === 0x3d ? 2 : 1; // && &=
    case 0x7c /* | */:
      return d === 0x7c || d === 0x3d ? 2 : 1; // || |=
    case 0x23 /* # */:
      return d === 0x23 ? 2 : 1; // ##
    case 0x3d /* = */:
    case 0x21 /* ! */:
    case 0x2a /* * */:
    case 0x2f /* / */:
    case 0x25 /* % */:
    case 0x5e /* ^ */:
      return d === 0x3d ? 2 : 1; // == != *= /= %= ^=
    default:
      return 1;
  }
}
