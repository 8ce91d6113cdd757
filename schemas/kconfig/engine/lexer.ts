import type { MacroExpander } from './macro.js';

/**
 * Line-oriented scanner for one Kconfig file, following scripts/kconfig/lexer.l:
 * - `#` starts a comment outside strings; `\` before a newline joins lines;
 * - words are `[A-Za-z0-9_-]+`; a run that contains `$` is macro-expanded as one word (and dropped
 *   if it expands to nothing); keywords are reserved wherever they appear;
 * - strings use `"` or `'`, `\x` escapes x, `$(…)` inside is expanded, a newline ends the string
 *   with a warning;
 * - `NAME = value`, `NAME := value`, `NAME += value` at the start of a statement take the rest of
 *   the line verbatim as the value;
 * - help text is read by indentation (tabs to multiples of 8) and ends at the first non-blank line
 *   indented less than its first line.
 */

export type TokenKind = 'word' | 'string' | 'keyword' | 'op' | 'assign';

export interface Token {
  readonly kind: TokenKind;
  /** Word/string value (expanded), keyword name, operator text, or for 'assign' the raw value. */
  readonly value: string;
  readonly col: number;
  /** For 'assign': the operator (`=`, `:=`, `+=`). */
  readonly op?: string;
}

export interface Line {
  readonly line: number;
  readonly tokens: readonly Token[];
}

export const KEYWORDS: ReadonlySet<string> = new Set([
  'bool',
  'choice',
  'comment',
  'config',
  'def_bool',
  'def_tristate',
  'default',
  'depends',
  'endchoice',
  'endif',
  'endmenu',
  'help',
  'hex',
  'if',
  'imply',
  'int',
  'mainmenu',
  'menu',
  'menuconfig',
  'modules',
  'on',
  'prompt',
  'range',
  'select',
  'source',
  'string',
  'tristate',
  'visible',
]);

export type ScanReport = (
  severity: 'error' | 'warning',
  code: string,
  message: string,
  line: number,
  col: number,
) => void;

enum C {
  Tab = 9,
  Newline = 10,
  Cr = 13,
  Space = 32,
  Bang = 33,
  Quote = 34,
  Hash = 35,
  Dollar = 36,
  Amp = 38,
  Apos = 39,
  LParen = 40,
  RParen = 41,
  Plus = 43,
  Colon = 58,
  Lt = 60,
  Eq = 61,
  Gt = 62,
  Backslash = 92,
  Pipe = 124,
}

function isWordChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45 /* - */
  );
}

export class Scanner {
  private pos = 0;
  /** 1-based line of `pos`. */
  private lineNo = 1;
  /** Offset where the physical line of `pos` starts. */
  private lineStart = 0;

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly macros: MacroExpander,
    private readonly report: ScanReport,
  ) {
    if (text.length > 0 && text.charCodeAt(text.length - 1) !== C.Newline)
      report(
        'warning',
        'kconfig/parse-no-newline-at-eof',
        'no new line at end of file',
        this.countLines(),
        1,
      );
  }

  private countLines(): number {
    let n = 1;
    for (let i = 0; i < this.text.length; i++) if (this.text.charCodeAt(i) === C.Newline) n++;
    return n;
  }

  /** The next statement with at least one token, or undefined at end of file. */
  next(): Line | undefined {
    while (this.pos < this.text.length) {
      const line = this.lineNo;
      const tokens = this.scanLine(line);
      if (tokens.length > 0) return { line, tokens };
    }
    return undefined;
  }

  /** Column (1-based) of offset `at` on the current physical line. */
  private colOf(at: number): number {
    return at - this.lineStart + 1;
  }

  private scanLine(line: number): Token[] {
    const text = this.text;
    const tokens: Token[] = [];
    this.macros.position = { file: this.file, line };
    while (this.pos < text.length) {
      const c = text.charCodeAt(this.pos);
      if (c === C.Newline) {
        this.pos++;
        this.lineNo++;
        this.lineStart = this.pos;
        return tokens;
      }
      if (c === C.Space || c === C.Tab || c === C.Cr) {
        this.pos++;
        continue;
      }
      if (c === C.Hash) {
        while (this.pos < text.length && text.charCodeAt(this.pos) !== C.Newline) this.pos++;
        continue;
      }
      if (c === C.Backslash && text.charCodeAt(this.pos + 1) === C.Newline) {
        this.pos += 2;
        this.lineNo++;
        continue;
      }
      if (
        c === C.Backslash &&
        text.charCodeAt(this.pos + 1) === C.Cr &&
        text.charCodeAt(this.pos + 2) === C.Newline
      ) {
        this.pos += 3;
        this.lineNo++;
        continue;
      }
      const col = this.colOf(this.pos);
      // Assignment: a plain word at the start of the statement followed by =, := or +=.
      if (tokens.length === 1 && tokens[0]!.kind === 'word') {
        const op =
          c === C.Eq
            ? '='
            : c === C.Colon && text.charCodeAt(this.pos + 1) === C.Eq
              ? ':='
              : c === C.Plus && text.charCodeAt(this.pos + 1) === C.Eq
                ? '+='
                : undefined;
        if (op) {
          this.pos += op.length;
          let end = text.indexOf('\n', this.pos);
          if (end < 0) end = text.length;
          const raw = text
            .slice(this.pos, end)
            .replace(/^[ \t]+/, '')
            .replace(/\r$/, '');
          this.pos = end;
          tokens.push({ kind: 'assign', value: raw, col, op });
          continue;
        }
      }
      if (c === C.Quote || c === C.Apos) {
        tokens.push({ kind: 'string', value: this.scanString(c), col });
        continue;
      }
      if (isWordChar(c) || c === C.Dollar) {
        let end = this.pos;
        let hasDollar = false;
        while (end < text.length) {
          const d = text.charCodeAt(end);
          if (d === C.Dollar) hasDollar = true;
          else if (!isWordChar(d)) break;
          end++;
        }
        if (!hasDollar) {
          const word = text.slice(this.pos, end);
          this.pos = end;
          tokens.push(
            KEYWORDS.has(word) ? { kind: 'keyword', value: word, col } : { kind: 'word', value: word, col },
          );
          continue;
        }
        // Expand from the start of the run to the end of the word, `$(…)` groups included.
        let lineEnd = text.indexOf('\n', this.pos);
        if (lineEnd < 0) lineEnd = text.length;
        const { value, end: wordEnd } = this.macros.expandWord(text.slice(0, lineEnd), this.pos);
        this.pos = Math.max(wordEnd, this.pos + 1);
        if (value.length > 0) tokens.push({ kind: 'word', value, col });
        continue;
      }
      const c2 = text.charCodeAt(this.pos + 1);
      const two =
        (c === C.Pipe && c2 === C.Pipe) ||
        (c === C.Amp && c2 === C.Amp) ||
        (c2 === C.Eq && (c === C.Bang || c === C.Lt || c === C.Gt || c === C.Colon || c === C.Plus));
      if (two) {
        tokens.push({ kind: 'op', value: text.slice(this.pos, this.pos + 2), col });
        this.pos += 2;
        continue;
      }
      if (c === C.Eq || c === C.Lt || c === C.Gt || c === C.Bang || c === C.LParen || c === C.RParen) {
        this.pos++;
        tokens.push({ kind: 'op', value: String.fromCharCode(c), col });
        continue;
      }
      this.report(
        'warning',
        'kconfig/parse-ignored-character',
        `ignoring unsupported character '${String.fromCharCode(c)}'`,
        this.lineNo,
        col,
      );
      this.pos++;
    }
    return tokens;
  }

  private scanString(quote: number): string {
    const text = this.text;
    this.pos++;
    let out = '';
    while (this.pos < text.length) {
      const c = text.charCodeAt(this.pos);
      if (c === quote) {
        this.pos++;
        return out;
      }
      if (c === C.Newline) {
        this.report(
          'warning',
          'kconfig/parse-multiline-string',
          'multi-line strings not supported',
          this.lineNo,
          this.colOf(this.pos),
        );
        return out;
      }
      if (c === C.Backslash) {
        if (this.pos + 1 < text.length && text.charCodeAt(this.pos + 1) !== C.Newline) {
          out += text[this.pos + 1];
          this.pos += 2;
        } else this.pos++;
        continue;
      }
      if (c === C.Dollar) {
        let lineEnd = text.indexOf('\n', this.pos);
        if (lineEnd < 0) lineEnd = text.length;
        // Expand exactly one `$(…)` (a lone `$` stays), then go on scanning the string.
        const refEnd = this.referenceEnd(this.pos, lineEnd);
        out += refEnd === this.pos + 1 ? '$' : this.macros.expand(text.slice(this.pos, refEnd));
        this.pos = refEnd;
        continue;
      }
      out += text[this.pos];
      this.pos++;
    }
    return out;
  }

  /** End offset of the `$(…)` reference starting at `at` (or at+1 for a lone `$`). */
  private referenceEnd(at: number, limit: number): number {
    if (this.text.charCodeAt(at + 1) !== C.LParen) return at + 1;
    let nest = 0;
    for (let i = at + 2; i < limit; i++) {
      const c = this.text.charCodeAt(i);
      if (c === C.LParen) nest++;
      else if (c === C.RParen) {
        if (nest === 0) return i + 1;
        nest--;
      }
    }
    return limit;
  }

  /**
   * Help text after a `help` line: lines until the first non-blank one indented less than the
   * first non-blank line (or not indented at all). Indentation beyond the first line's is kept.
   */
  readHelp(): string {
    const text = this.text;
    const lines: string[] = [];
    let firstIndent = 0;
    while (this.pos < text.length) {
      let end = text.indexOf('\n', this.pos);
      if (end < 0) end = text.length;
      let indent = 0;
      let i = this.pos;
      for (; i < end; i++) {
        const ch = text.charCodeAt(i);
        if (ch === C.Tab) indent = (indent & ~7) + 8;
        else if (ch === C.Space) indent++;
        else break;
      }
      let last = end;
      while (last > i) {
        const ch = text.charCodeAt(last - 1);
        if (ch !== C.Space && ch !== C.Tab && ch !== C.Cr) break;
        last--;
      }
      if (last === i) {
        lines.push('');
      } else {
        if (indent === 0 || (firstIndent > 0 && indent < firstIndent)) break;
        if (firstIndent === 0) firstIndent = indent;
        const body = text.slice(i, last);
        lines.push(indent > firstIndent ? ' '.repeat(indent - firstIndent) + body : body);
      }
      this.pos = Math.min(end + 1, text.length);
      this.lineNo++;
      this.lineStart = this.pos;
    }
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    while (lines.length > 0 && lines[0] === '') lines.shift();
    return lines.length > 0 ? `${lines.join('\n')}\n` : '';
  }
}
