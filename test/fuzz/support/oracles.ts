/**
 * Oracles shared by the targets: what a well-formed diagnostic looks like, and that nothing an
 * entry point says is an internal error (those are our crashes, caught and relabelled).
 */
import type { Diagnostic } from '../../../compiler/diagnostics/diagnostic.js';
import { expectThat } from './target.js';

const CODE = /^[a-z][a-z0-9-]*(\/[a-z0-9][a-z0-9_-]*)+$/;
const SEVERITIES = new Set(['error', 'warning', 'info']);

/** Every diagnostic well-formed, none internal, each code in one of the expected namespaces. */
export function checkDiagnostics(diagnostics: readonly Diagnostic[], namespaces: readonly string[]): void {
  expectThat(Array.isArray(diagnostics), 'diagnostics is not an array');
  for (const d of diagnostics) {
    expectThat(
      typeof d.code === 'string' && CODE.test(d.code),
      () => `malformed code ${JSON.stringify(d.code)}`,
    );
    expectThat(!/internal/.test(d.code), () => `internal error: ${d.code}: ${d.message}`);
    expectThat(
      namespaces.length === 0 || namespaces.some((n) => d.code.startsWith(n)),
      () => `code ${d.code} outside ${namespaces.join(', ')}`,
    );
    expectThat(SEVERITIES.has(d.severity), () => `${d.code}: severity ${String(d.severity)}`);
    expectThat(typeof d.message === 'string' && d.message.length > 0, () => `${d.code}: empty message`);
    const s = d.span;
    // Line 0 is legitimate after a `# 0 "file"` line marker (gcc numbers the same way).
    if (s) {
      const ok =
        Number.isInteger(s.line) &&
        Number.isInteger(s.col) &&
        s.line >= 0 &&
        s.col >= 1 &&
        (s.endLine > s.line || (s.endLine === s.line && s.endCol >= s.col));
      expectThat(ok, () => `${d.code}: bad span ${JSON.stringify({ ...s, macros: undefined })}`);
    }
  }
}

/** Output stays within a fixed factor of the input (plus slack): no runaway growth. */
export function checkBounded(what: string, outputSize: number, inputSize: number, factor = 64): void {
  const limit = inputSize * factor + 4 * 1024 * 1024;
  expectThat(outputSize <= limit, () => `${what}: ${outputSize} bytes from ${inputSize} bytes of input`);
}
