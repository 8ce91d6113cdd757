import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { DEFAULT_LIMITS, type Limits } from '../limits.js';
import type { FileSystem } from '../source/file-system.js';
import { SourceText } from '../source/source-text.js';
import { PreprocessCache } from './cache.js';
import { Preprocessor } from './preprocessor.js';

/**
 * The built-in C preprocessor, run as Linux and Zephyr run gcc's before dtc:
 * `cpp -nostdinc -I… -undef -D__DTS__ -x assembler-with-cpp board.dts`.
 */
export { PreprocessCache } from './cache.js';

export interface PreprocessOptions {
  /** `-I` folders, searched in order (after the including file's folder for `#include "…"`). */
  includeDirs: string[];
  /** `NAME` or `NAME=VALUE`, like `cpp -D`, applied after the predefined macros. */
  defines?: string[];
  /** Like `cpp -U` (e.g. `__DTS__` to drop that predefine). */
  undefines?: string[];
  fs: FileSystem;
  /** Lexed files shared between runs (many boards in one process). */
  cache?: PreprocessCache;
  /** The include-depth, macro-expansion and total-input-size limits (defaults: `compiler/limits.ts`). */
  limits?: Partial<Pick<Limits, 'includeDepth' | 'expansionBudget' | 'totalInputSize'>>;
}

export interface PreprocessResult {
  source: SourceText;
  diagnostics: Diagnostic[];
  /** Every file read, the entry file first, in the order they were first included. */
  dependencies: string[];
}

/** Preprocesses the file at `entryPath`. Never throws: problems come back as `pp/…` diagnostics. */
export function preprocess(entryPath: string, options: PreprocessOptions): PreprocessResult {
  const cache = options.cache ?? new PreprocessCache();
  const lexed = cache.read(options.fs, entryPath);
  if (!lexed) {
    return {
      source: SourceText.fromFile(entryPath, ''),
      diagnostics: [
        {
          code: 'pp/file-not-found',
          severity: 'error',
          message: `${entryPath}: No such file or directory`,
          span: { file: entryPath, line: 1, col: 1, endLine: 1, endCol: 1 },
          hint: 'check the path of the source file',
        },
      ],
      dependencies: [],
    };
  }
  return run(entryPath, options, cache, (pp) => pp.run(lexed, entryPath));
}

/** Preprocesses `text` as if it were the file `fileName` (includes resolve next to that name). */
export function preprocessText(fileName: string, text: string, options: PreprocessOptions): PreprocessResult {
  const cache = options.cache ?? new PreprocessCache();
  const lexed = cache.lex(fileName, text);
  return run(fileName, options, cache, (pp) => pp.run(lexed, fileName));
}

function run(
  entryPath: string,
  options: PreprocessOptions,
  cache: PreprocessCache,
  body: (pp: Preprocessor) => SourceText,
): PreprocessResult {
  const pp = new Preprocessor({
    includeDirs: options.includeDirs,
    fs: options.fs,
    cache,
    includeDepth: options.limits?.includeDepth ?? DEFAULT_LIMITS.includeDepth,
    expansionBudget: options.limits?.expansionBudget ?? DEFAULT_LIMITS.expansionBudget,
    totalInputSize: options.limits?.totalInputSize ?? DEFAULT_LIMITS.totalInputSize,
  });
  pp.runPrelude(preludeText(options));
  let source: SourceText;
  try {
    source = body(pp);
  } catch (e) {
    // A bug of ours must not take the caller down: report it as a diagnostic.
    pp.diagnostics.push({
      code: 'pp/internal-error',
      severity: 'error',
      message: `internal preprocessor error: ${e instanceof Error ? e.message : String(e)}`,
      span: { file: entryPath, line: 1, col: 1, endLine: 1, endCol: 1 },
    });
    source = SourceText.fromFile(entryPath, '');
  }
  return { source, diagnostics: pp.diagnostics, dependencies: pp.dependencies };
}

/** The predefines of `cpp -undef -x assembler-with-cpp`, then -D, then -U, as directive lines. */
function preludeText(options: PreprocessOptions): string {
  const lines = [
    '#define __STDC__ 1',
    '#define __STDC_HOSTED__ 1',
    '#define __ASSEMBLER__ 1',
    '#define __DTS__ 1',
  ];
  for (const d of options.defines ?? []) {
    const eq = d.indexOf('=');
    lines.push(eq < 0 ? `#define ${d} 1` : `#define ${d.slice(0, eq)} ${d.slice(eq + 1)}`);
  }
  for (const u of options.undefines ?? []) lines.push(`#undef ${u}`);
  return `${lines.join('\n')}\n`;
}
