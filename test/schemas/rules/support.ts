import { compileText } from '../../../compiler/compile.js';
import type { Diagnostic, Span } from '../../../compiler/diagnostics/diagnostic.js';
import { MemoryFileSystem } from '../../../compiler/source/file-system.js';
import type { DeviceTree } from '../../../compiler/tree/tree.js';
import { lintTree } from '../../../schemas/lint.js';
import { expectedSpan } from '../examples.js';

export const FILE = 'test.dts';

/** Compiles DTS text (no cpp) the way the CLI would, and insists it compiles. */
export function compile(dts: string): DeviceTree {
  const r = compileText(FILE, dts, { cpp: false, fs: new MemoryFileSystem({ [FILE]: dts }) });
  if (!r.tree || !r.ok)
    throw new Error(
      `does not compile: ${r.diagnostics
        .filter((d) => d.severity === 'error')
        .map((d) => `${d.code} ${d.message}`)
        .join('; ')}`,
    );
  return r.tree;
}

export function lint(dts: string): Diagnostic[] {
  return lintTree(compile(dts));
}

/** The span an `expect` text names (`[…]` marks the underlined part), in the test file. */
export function spanOf(dts: string, at: string): Span {
  return { file: FILE, ...expectedSpan(dts, at) };
}

/** Span as `line:col-endLine:endCol` for readable assertion failures. */
export function where(s: Span | undefined): string {
  return s ? `${s.line}:${s.col}-${s.endLine}:${s.endCol}` : '(no span)';
}
