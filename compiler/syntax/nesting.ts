/**
 * The `node-depth` limit, checked before the parsers recurse: both parsers (and the tree builder
 * after them) recurse once per nested node, so a hostile `/ { a { a { …` thousands deep would
 * exhaust the stack before any of them could say why. The fast parser counts levels itself and
 * gives up at the first block too deep; only then (or on any other problem) does one linear scan
 * over the braces outside strings, character literals and comments find that block, before the
 * full parser runs. Most sources thus never pay for the scan.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { limitHint, limitInfo } from '../limits.js';
import type { SourceText } from '../source/source-text.js';
import type { DtsFile } from './ast.js';
import { fastParseDts } from './fast-parse.js';
import { parseDtsFully } from './parse.js';

export type DepthCheckedParse =
  | { file: DtsFile; diagnostics: Diagnostic[] }
  | { file?: undefined; diagnostics: [Diagnostic] };

/** `parseDts` within the node-depth limit: the AST, or the `limit/node-depth` error and no AST. */
export function parseWithinDepth(source: SourceText, maxDepth: number): DepthCheckedParse {
  let fast: DtsFile | undefined;
  try {
    fast = fastParseDts(source.text, maxDepth);
  } catch {
    fast = undefined; // a bug in the fast path: the full path still gives the right answer
  }
  if (fast) return { file: fast, diagnostics: [] };
  const tooDeep = firstTooDeep(source.text, maxDepth);
  if (tooDeep !== undefined) return { diagnostics: [nodeDepthDiagnostic(source, tooDeep, maxDepth)] };
  return parseDtsFully(source);
}

/** The error for the block opened at `offset`, more than `maxDepth` levels down. */
export function nodeDepthDiagnostic(source: SourceText, offset: number, maxDepth: number): Diagnostic {
  return {
    code: limitInfo('nodeDepth').code,
    severity: 'error',
    message: `nodes nested more than ${maxDepth} deep, over the node-depth limit`,
    span: source.span(offset, offset + 1),
    hint: limitHint('nodeDepth', maxDepth),
  };
}

/**
 * Offset of the first `{` that opens a block more than `maxDepth` levels below a top-level block
 * (`/ {` and `&label {` are level 0), or undefined when none does. A `&{/path}` reference counts as
 * one level while it is open, which can only make the answer err on the side of the limit.
 */
export function firstTooDeep(text: string, maxDepth: number): number | undefined {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b /* { */) {
      depth++;
      if (depth - 1 > maxDepth) return i;
    } else if (c === 0x7d /* } */) {
      if (depth > 0) depth--;
    } else if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
      i = skipQuoted(text, i, c);
    } else if (c === 0x2f /* / */) {
      const d = text.charCodeAt(i + 1);
      if (d === 0x2a) {
        const end = text.indexOf('*/', i + 2);
        i = end < 0 ? n : end + 1;
      } else if (d === 0x2f) {
        const end = text.indexOf('\n', i + 2);
        i = end < 0 ? n : end;
      }
    }
  }
  return undefined;
}

/** Offset of the closing quote of a literal opened at `i` (or of the line end: the lexer reports it). */
function skipQuoted(text: string, i: number, quote: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x5c) j++;
    else if (c === quote) return j;
    else if (c === 0x0a && quote === 0x27) return j;
  }
  return text.length;
}
