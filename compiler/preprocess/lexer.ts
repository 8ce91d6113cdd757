import { BOL, type LexedFile, PREV_WHITE, Token, TokType } from './tokens.js';

/**
 * Splits a file into preprocessing tokens once, the way gcc's lexer does in assembler-with-cpp mode:
 * backslash-newline splices lines, comments are whitespace (a block comment's newlines do not end
 * the logical line), a quote without its closing partner on the same line becomes one "other" token
 * running to the end of the line, no digraphs, `$` is not an identifier character.
 *
 * Every token remembers whether whitespace preceded it (PREV_WHITE) and whether it starts a logical
 * line (BOL); directives are recognised later, from BOL `#` tokens.
 */
export function lexFile(path: string, text: string, names?: Map<string, string>): LexedFile {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const { clean, rawOf } = spliceLines(text);
  const file: LexedFile = { path, text, tokens: [], lineStarts, unterminatedComments: [] };
  const lexer = new Lexer(clean, rawOf, file, names);
  lexer.run();
  return file;
}

/**
 * Lexes `text` as exactly one token (used to check a `##` paste). Returns undefined when the text is
 * not a single whole token.
 */
export function lexSingleToken(text: string): Token | undefined {
  const file: LexedFile = { path: '', text, tokens: [], lineStarts: [0], unterminatedComments: [] };
  const lexer = new Lexer(text, undefined, file);
  const t = lexer.next();
  if (!t || lexer.pos !== text.length || t.flags & PREV_WHITE) return undefined;
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

const PUNCT3 = new Set(['<<=', '>>=', '...']);
const PUNCT2 = new Set([
  '->',
  '++',
  '--',
  '<<',
  '>>',
  '<=',
  '>=',
  '==',
  '!=',
  '&&',
  '||',
  '*=',
  '/=',
  '%=',
  '+=',
  '-=',
  '&=',
  '^=',
  '|=',
  '##',
]);
const PUNCT1 = '[](){}.&*+-~!/%<>^|?:;=,#';

function isIdStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
}
function isIdChar(c: number): boolean {
  return isIdStart(c) || (c >= 0x30 && c <= 0x39);
}
function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

class Lexer {
  pos = 0;
  private bol = true;
  private white = false;
  /** Tokens on the current logical line so far (to spot `#include <`). */
  private lineTokens = 0;
  private includeLine = false;

  constructor(
    private readonly s: string,
    private readonly rawOf: number[] | undefined,
    private readonly file: LexedFile,
    /** Shared spellings of identifiers: macro lookups then compare one string object. */
    private readonly names?: Map<string, string>,
  ) {}

  run(): void {
    const out = this.file.tokens;
    for (let t = this.next(); t; t = this.next()) out.push(t);
  }

  /** The next token, or undefined at the end of the text. */
  next(): Token | undefined {
    const s = this.s;
    const n = s.length;
    for (;;) {
      if (this.pos >= n) return undefined;
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
            this.file.unterminatedComments.push(this.raw(this.pos));
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
      return this.token(c);
    }
  }

  private token(c: number): Token {
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
      const three = s.substr(start, 3);
      if (PUNCT3.has(three)) this.pos = start + 3;
      else if (PUNCT2.has(three.slice(0, 2))) this.pos = start + 2;
      else this.pos = start + 1;
      type = PUNCT1.includes(s[start] as string) ? TokType.Punct : TokType.Other;
    }
    let text = s.slice(start, this.pos);
    if (type === TokType.Name && this.names) {
      const shared = this.names.get(text);
      if (shared === undefined) this.names.set(text, text);
      else text = shared;
    }
    let flags = this.white ? PREV_WHITE : 0;
    if (this.bol) flags |= BOL;
    const rawStart = this.raw(start);
    const rawEnd = this.rawOf ? this.raw(this.pos - 1) + 1 : this.pos;
    const { line, col } = this.lineCol(rawStart);
    const tok = new Token(type, text, flags, this.file, rawStart, line, col, rawEnd - rawStart);
    // `# include <x>`: the next `<` starts a header name.
    if (
      this.lineTokens === 1 &&
      type === TokType.Name &&
      (text === 'include' || text === 'include_next' || text === 'import')
    ) {
      const first = this.file.tokens[this.file.tokens.length - 1];
      this.includeLine = !!(first !== undefined && first.flags & BOL && first.is('#'));
    } else this.includeLine = false;
    this.lineTokens++;
    this.bol = false;
    this.white = false;
    return tok;
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

  private lineIdx = 0;

  /** Tokens come in increasing offset order, so the line index only moves forward. */
  private lineCol(rawOffset: number): { line: number; col: number } {
    const ls = this.file.lineStarts;
    let i = this.lineIdx;
    while (i + 1 < ls.length && (ls[i + 1] as number) <= rawOffset) i++;
    this.lineIdx = i;
    return { line: i + 1, col: rawOffset - (ls[i] as number) + 1 };
  }
}
