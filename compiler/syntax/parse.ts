/**
 * Public entry point of the DTS front end: lexes and parses one assembled source (preprocessed, with
 * `/include/` already spliced) into the AST of `ast.ts`, reporting every lexical and syntax problem
 * it finds in one run. It never throws: a crash inside is reported as a `parse/internal` diagnostic.
 *
 * Two paths give the same result: the fast path (`fast-parse.ts`) builds the AST in one pass but
 * only for a source with no problem at all; when it gives up, the full path (chevrotain lexer and
 * parser with error recovery, then the CST-to-AST builder) runs and reports every diagnostic.
 */
import { createRequire } from 'node:module';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceText } from '../source/source-text.js';
import type { DtsFile } from './ast.js';
import { fastParseDts } from './fast-parse.js';

export interface ParseResult {
  file: DtsFile;
  diagnostics: Diagnostic[];
}

export function parseDts(source: SourceText): ParseResult {
  let fast: DtsFile | undefined;
  try {
    fast = fastParseDts(source.text);
  } catch {
    fast = undefined; // a bug in the fast path: the full path still gives the right answer
  }
  return fast ? { file: fast, diagnostics: [] } : parseDtsFully(source);
}

type FullParser = (source: SourceText) => ParseResult;
let fullParser: FullParser | undefined;

/**
 * Hands the full parser over where a synchronous `require` of an ES module is not available (the
 * test runner transforms TypeScript on the fly); elsewhere it is loaded on first use.
 */
export function useFullParser(parser: FullParser): void {
  fullParser = parser;
}

/** The full path alone (error recovery and diagnostics); `parseDts` uses it when the fast path gives up. */
export function parseDtsFully(source: SourceText): ParseResult {
  if (!fullParser) {
    // Node >= 20.19 can require() an ES module synchronously, which keeps parseDts synchronous.
    const loaded = createRequire(import.meta.url)('./full-parse.js') as { parseDtsFully: FullParser };
    fullParser = loaded.parseDtsFully;
  }
  return fullParser(source);
}
