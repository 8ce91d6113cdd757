/**
 * The DTS lexer and parser on hostile text. Both paths run: the fast one (used when the text has no
 * problem) and the full chevrotain one (error recovery). Oracle: no throw, only `parse/` codes, and
 * the two agree — when the fast path accepts a text, the full path reports no error on it.
 */
import { SourceText } from '../../../compiler/source/source-text.js';
import { fastParseDts } from '../../../compiler/syntax/fast-parse.js';
import { parseDts, parseDtsFully } from '../../../compiler/syntax/parse.js';
import { dtsArbitrary, dtsSeeds, mutateDts, warmUpParser } from '../support/dts-inputs.js';
import { latin1 } from '../support/mutate.js';
import { checkDiagnostics } from '../support/oracles.js';
import { defineTarget, expectThat } from '../support/target.js';

export default defineTarget<string>({
  name: 'parse',
  ext: 'dts',
  arbitrary: dtsArbitrary,
  seeds: () => dtsSeeds(),
  mutate: mutateDts,
  warmUp: warmUpParser,
  encode: latin1.encode,
  decode: latin1.decode,
  run(text) {
    const source = SourceText.fromFile('fuzz.dts', text);
    const result = parseDts(source);
    expectThat(result.file !== undefined, 'no AST');
    checkDiagnostics(result.diagnostics, ['parse/', 'limit/']);
    const fast = fastParseDts(text);
    if (fast) {
      const full = parseDtsFully(source);
      checkDiagnostics(full.diagnostics, ['parse/', 'limit/']);
      const errors = full.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
      expectThat(
        errors.length === 0,
        () => `fast path accepts what the full path rejects: ${errors.join(', ')}`,
      );
    }
  },
});
