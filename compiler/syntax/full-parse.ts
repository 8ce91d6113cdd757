/**
 * The full parse path: chevrotain lexer and parser with error recovery, then the CST-to-AST
 * builder. Loaded only when the fast path gives up (chevrotain and its dependencies cost a few
 * hundred milliseconds to load, which a clean board never needs to pay).
 */

import { EOF, type IRecognitionException, type IToken } from 'chevrotain';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { appendAll } from '../diagnostics/diagnostic.js';
import type { SourceText } from '../source/source-text.js';
import type { DtsFile } from './ast.js';
import { AstBuilder, macroHint } from './build-ast.js';
import { ParseCode } from './codes.js';
import { tokenEnd } from './cst.js';
import { lexDts, type RawDiagnostic } from './lexer.js';
import type { ParseResult } from './parse.js';
import { type DtsParser, dtsParser, MAX_SYNTAX_ERRORS, TooManySyntaxErrors } from './parser.js';
import { Identifier } from './tokens.js';

/** The full path alone (error recovery and diagnostics); `parseDts` uses it when the fast path gives up. */
export function parseDtsFully(source: SourceText): ParseResult {
  const text = source.text;
  const raw: RawDiagnostic[] = [];
  let file: DtsFile;
  let parser: DtsParser | undefined;
  try {
    const lexed = lexDts(text);
    appendAll(raw, lexed.diagnostics);
    parser = dtsParser();
    parser.input = lexed.tokens;
    const cst = parser.dtsFile();
    appendAll(raw, syntaxErrors(parser.errors, text));
    file = new AstBuilder(lexed.values, raw, text.length).file(cst, lexed.tokens[0]);
  } catch (e) {
    file = { headers: [], memreserves: [], items: [], loc: { start: 0, end: text.length } };
    if (e instanceof TooManySyntaxErrors && parser) {
      const errors = syntaxErrors(parser.errors, text);
      appendAll(raw, errors);
      const at = errors.at(-1)?.end ?? 0;
      raw.push({
        code: ParseCode.tooManyErrors,
        message: `too many syntax errors (${MAX_SYNTAX_ERRORS}); stopped here`,
        start: at,
        end: at,
      });
      return { file, diagnostics: toDiagnostics(raw, source) };
    }
    raw.push({
      code: ParseCode.internal,
      message: `internal parser error: ${e instanceof Error ? e.message : String(e)}`,
      start: 0,
      end: 0,
    });
  } finally {
    // Do not keep the last input (and its CST) alive in the shared parser instance.
    if (parser) parser.input = [];
  }
  return { file, diagnostics: toDiagnostics(raw, source) };
}

/**
 * Chevrotain's recognition errors as diagnostics. A missing token at the end of a line (typically
 * `;`) is reported right after the token it should follow, where the fix goes; anything else at
 * the token the parser could not accept.
 */
function syntaxErrors(errors: readonly IRecognitionException[], text: string): RawDiagnostic[] {
  const out: RawDiagnostic[] = [];
  for (const e of errors) {
    const found = e.token;
    const previous = (e as IRecognitionException & { previousToken?: IToken }).previousToken;
    const previousEnd =
      previous && previous.tokenType !== EOF && !Number.isNaN(previous.startOffset)
        ? tokenEnd(previous)
        : undefined;
    let start: number;
    let end: number;
    if (found.tokenType === EOF || Number.isNaN(found.startOffset)) {
      start = end = previousEnd ?? text.length;
    } else if (
      e.name === 'MismatchedTokenException' &&
      previousEnd !== undefined &&
      text.lastIndexOf('\n', found.startOffset - 1) >= previousEnd
    ) {
      start = end = previousEnd;
    } else {
      start = found.startOffset;
      end = tokenEnd(found);
    }
    const hint = found.tokenType === Identifier ? macroHint(found.image) : undefined;
    out.push({ code: ParseCode.syntax, message: e.message, start, end, ...(hint ? { hint } : {}) });
  }
  return out;
}

/** Source order, one diagnostic per code and position, spans resolved through the origin map. */
function toDiagnostics(raw: RawDiagnostic[], source: SourceText): Diagnostic[] {
  const sorted = raw.map((d, i) => ({ d, i })).sort((a, b) => a.d.start - b.d.start || a.i - b.i);
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const { d } of sorted) {
    const key = `${d.code}@${d.start}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      code: d.code,
      severity: 'error',
      message: d.message,
      span: source.span(d.start, d.end),
      ...(d.hint ? { hint: d.hint } : {}),
    });
  }
  return out;
}
