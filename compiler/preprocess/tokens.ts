import type { Span } from '../diagnostics/diagnostic.js';

/**
 * Preprocessing tokens, shaped after gcc's libcpp so that spacing decisions made on them match
 * what `cpp` prints. Tokens lexed from a file are shared (the cache hands the same arrays to every
 * board), so they are never mutated: any flag change makes a copy, as libcpp does with temp tokens.
 */

export enum TokType {
  Eof = 0,
  /** No text; marks where a macro expansion began or ended, so the printer can decide on a space. */
  Padding = 1,
  Name = 2,
  Number = 3,
  Char = 4,
  String = 5,
  /** `<file>` after `#include`. */
  HeaderName = 6,
  /** A character that is no token of C, or an unterminated quote that runs to the end of the line. */
  Other = 7,
  /** A parameter reference inside a macro's replacement list. */
  MacroArg = 8,
  Punct = 9,
}

export const PREV_WHITE = 1;
/** First token of a logical line. */
export const BOL = 2;
/** A macro name that must never be expanded again ("painted blue"). */
export const NO_EXPAND = 4;
/** In a replacement list: this token is the left operand of `##`. */
export const PASTE_LEFT = 8;
/** In a replacement list: this parameter is the operand of `#`. */
export const STRINGIFY_ARG = 16;
/**
 * Set by the lexer on a token that is not first on its line, is spelled exactly as its text (no line
 * splice inside), and is separated from the previous token only by spaces and tabs: printed straight
 * from the file after that token, it extends the same verbatim run of the output (the fast path).
 */
export const PLAIN = 32;
/** Lexer flag (LexedFile.flags only): the token is the punctuator `#`. */
export const HASH = 64;

/**
 * A lexed source file. Offsets are into `text` (the raw file), lines are 1-based physical lines.
 *
 * Tokens are stored column-wise in typed arrays (a board pulls in millions of tokens, nearly all
 * printed straight through, so one object per token was the main cost in time and garbage); a
 * `Token` object is made only when the macro machinery needs one (`tokenAt`) and kept for reuse.
 */
export interface LexedFile {
  path: string;
  text: string;
  /** Number of tokens. */
  count: number;
  /** TokType of each token. */
  kinds: Uint8Array;
  /** PREV_WHITE | BOL | PLAIN | HASH of each token. */
  flags: Uint8Array;
  /** Raw offset of each token in `text`, and of its end. */
  starts: Int32Array;
  ends: Int32Array;
  /** 1-based physical line of each token. */
  lines: Int32Array;
  /** For Name tokens: the id of the spelling in the cache's NameTable; -1 for other tokens. */
  names: Int32Array;
  /** Spelling of tokens that contain a line splice (their text is not the raw slice), by index. */
  spliced: Map<number, string>;
  /** Token objects made so far, by index. */
  tokens: (Token | undefined)[];
  /** Offset of the first character of each line; lineStarts[0] = 0. */
  lineStarts: number[];
  /** Unterminated block comments (offsets), reported when the file is read. */
  unterminatedComments: number[];
  /**
   * `#define`s already parsed, by the index of their name token: a definition depends only on its
   * own line, so every board that includes the header reuses it.
   */
  defines?: Map<number, CachedDefine>;
}

/**
 * Identifier spellings shared by all files of a cache: one string object and one small integer per
 * spelling, so macro lookups on the fast path index an array instead of hashing a string.
 */
export class NameTable {
  private readonly ids = new Map<string, number>();
  readonly spellings: string[] = [];

  idOf(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.spellings.length;
      this.ids.set(name, id);
      this.spellings.push(name);
    }
    return id;
  }
}

/** The token at index `i` of `file` (made on first use, then shared). */
export function tokenAt(file: LexedFile, names: NameTable, i: number): Token {
  const cached = file.tokens[i];
  if (cached !== undefined) return cached;
  const start = file.starts[i] as number;
  const end = file.ends[i] as number;
  const line = file.lines[i] as number;
  const id = file.names[i] as number;
  const text =
    id >= 0 ? (names.spellings[id] as string) : (file.spliced.get(i) ?? file.text.slice(start, end));
  const tok = new Token(
    file.kinds[i] as TokType,
    text,
    (file.flags[i] as number) & (PREV_WHITE | BOL),
    file,
    start,
    line,
    start - (file.lineStarts[line - 1] as number) + 1,
    end - start,
  );
  file.tokens[i] = tok;
  return tok;
}

export interface CachedDefine {
  macro: MacroDef;
  /** Token index just past the directive line. */
  end: number;
  presumedFile: string;
  lineDelta: number;
}

export class Token {
  constructor(
    public type: TokType,
    public text: string,
    public flags: number,
    /** File the token was spelled in (null for generated tokens: paste results, strings from `#`). */
    public file: LexedFile | null,
    /** Raw offset of the token in `file.text`. */
    public offset: number,
    public line: number,
    public col: number,
    /** Length of the token's spelling in the raw file (differs from text.length across line splices). */
    public rawLength: number,
  ) {}

  /** For a MacroArg: 1-based parameter number. */
  argNo = 0;
  /** For Padding: the token whose whitespace the padding stands for (null = "avoid paste"). */
  source: Token | null = null;
  /** For tokens of a replacement list: the macro they belong to. */
  macro: MacroDef | null = null;

  withFlags(flags: number): Token {
    const t = new Token(
      this.type,
      this.text,
      flags,
      this.file,
      this.offset,
      this.line,
      this.col,
      this.rawLength,
    );
    t.argNo = this.argNo;
    t.source = this.source;
    t.macro = this.macro;
    return t;
  }

  is(punct: string): boolean {
    return this.type === TokType.Punct && this.text === punct;
  }
}

export interface MacroDef {
  name: string;
  funLike: boolean;
  params: string[];
  variadic: boolean;
  tokens: Token[];
  /**
   * Id of the preprocessing run in which the macro's expansion is being rescanned (libcpp's
   * NODE_DISABLED), 0 when none. An id rather than a flag: definitions are shared between runs.
   */
  disabledBy: number;
  builtin?: BuiltinMacro;
  /** Id of `name` in the NameTable of the cache the definition belongs to (set when first installed). */
  nameId?: number;
  /** Where it was defined, as presumed file/line (undefined for predefined and command-line macros). */
  defFile?: string;
  defLine?: number;
  defCol?: number;
  defEndCol?: number;
  /** `{ definition }` for macro frames, made on first use. */
  definitionSpan?: { definition?: Span };
}

export type BuiltinMacro =
  | 'FILE'
  | 'LINE'
  | 'COUNTER'
  | 'INCLUDE_LEVEL'
  | 'BASE_FILE'
  | 'DATE'
  | 'TIME'
  | 'TIMESTAMP';

export function makeToken(type: TokType, text: string, flags = 0): Token {
  return new Token(type, text, flags, null, 0, 0, 0, 0);
}

export function paddingToken(source: Token | null): Token {
  const t = new Token(TokType.Padding, '', 0, null, 0, 0, 0, 0);
  t.source = source;
  return t;
}

/** The first characters of binary operators that can absorb a following `=` (libcpp's CPP_LAST_EQ range). */
const PASTES_WITH_EQ = new Set(['=', '!', '>', '<', '+', '-', '*', '/', '%', '&', '|', '^', '>>', '<<']);

/**
 * Would printing `a` directly followed by `b` lex differently? (libcpp's cpp_avoid_paste, for C in
 * assembler mode: no digraphs, no user literals.) Conservative, like gcc's: it says "space" for some
 * pairs that would not actually paste, and dtc sees the same tokens only if we print the same spaces.
 */
export function avoidPaste(a: Token, b: Token): boolean {
  const c = b.type === TokType.Punct ? b.text.charCodeAt(0) : -1;
  if (a.type === TokType.Punct) {
    const at = a.text;
    if (c === 0x3d /* = */ && PASTES_WITH_EQ.has(at)) return true;
    switch (at) {
      case '>':
        return c === 0x3e;
      case '<':
        return c === 0x3c || c === 0x25 || c === 0x3a;
      case '+':
        return c === 0x2b;
      case '-':
        return c === 0x2d || c === 0x3e;
      case '/':
        return c === 0x2f || c === 0x2a;
      case '%':
        return c === 0x3a || c === 0x3e;
      case '&':
        return c === 0x26;
      case '|':
        return c === 0x7c;
      case ':':
        return c === 0x3a || c === 0x3e;
      case '->':
        return c === 0x2a;
      case '.':
        return c === 0x2e || c === 0x25 || b.type === TokType.Number;
      case '#':
        return c === 0x23 || c === 0x25;
      default:
        return false;
    }
  }
  switch (a.type) {
    case TokType.Name:
      return (
        b.type === TokType.Name ||
        b.type === TokType.Number ||
        b.type === TokType.Char ||
        b.type === TokType.String
      );
    case TokType.Number:
      return (
        b.type === TokType.Number ||
        b.type === TokType.Name ||
        b.type === TokType.Char ||
        c === 0x2e ||
        c === 0x2b ||
        c === 0x2d
      );
    case TokType.Other:
      return a.text.charCodeAt(0) === 0x5c /* \ */ && b.type === TokType.Name;
    default:
      return false;
  }
}
