import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SourceText } from '../../compiler/source/source-text.js';
import { parseDts } from '../../compiler/syntax/parse.js';
import { readTsv, sharedDir } from '../support/shared.js';

/**
 * dtc's own test inputs (read from /work/shared at test time, never copied): every standalone input
 * dtc 1.8.1 compiles must parse without an error, and every input it rejects with a syntax, lexical
 * or parser-action error must get at least one error from us. Inputs with `/include/` or cpp line
 * markers are left out: the assembler handles those before the parser.
 */
const shared = sharedDir();
const dtcDir = shared ? join(shared, 'conformance', 'dtc') : undefined;
const available = dtcDir !== undefined && existsSync(join(dtcDir, 'results-1.8.1-head.tsv'));

/** First diagnostics that come from dtc's lexer or parser (not from tree building or checks). */
const PARSE_FAILURE =
  /syntax error|Lexical error|Division by zero|Properties must precede subnodes|Array elements must be|References are only allowed|Header flags/;

describe.skipIf(!available)('dtc conformance inputs', () => {
  const dir = join(dtcDir ?? '', 'inputs');
  const results: Record<string, string>[] = available ? readTsv(join(dtcDir!, 'results-1.8.1-head.tsv')) : [];
  const inputs = results
    .filter((r) => r.file?.endsWith('.dts') && !r.file.includes('/'))
    .map((r) => ({
      file: r.file!,
      rc: r.rc,
      firstDiag: r.first_diag ?? '',
      text: readFileSync(join(dir, r.file!), 'latin1'),
    }))
    .filter((r) => !r.text.includes('/include/') && !/^#/m.test(r.text));

  const accepted = inputs.filter((r) => r.rc === '0' || r.rc === '2');
  const rejected = inputs.filter((r) => r.rc === '1' && PARSE_FAILURE.test(r.firstDiag));

  it('has inputs to check', () => {
    expect(accepted.length).toBeGreaterThan(100);
    expect(rejected.length).toBeGreaterThanOrEqual(10);
    expect(existsSync(dir) && readdirSync(dir).length).toBeTruthy();
  });

  it.each(accepted.map((r) => [r.file, r.text] as const))('parses %s without errors', (name, text) => {
    const errors = parseDts(SourceText.fromFile(name, text)).diagnostics.filter(
      (d) => d.severity === 'error',
    );
    expect(errors).toEqual([]);
  });

  it.each(rejected.map((r) => [r.file, r.text] as const))('rejects %s', (name, text) => {
    const errors = parseDts(SourceText.fromFile(name, text)).diagnostics.filter(
      (d) => d.severity === 'error',
    );
    expect(errors.length).toBeGreaterThan(0);
  });
});
