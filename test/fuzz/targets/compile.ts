/**
 * The whole DTS front end (preprocessor, `/include/` assembly, parser, tree building, references,
 * checks) and the DTB writer and DTS printer behind it: on any text, diagnostics and never a throw;
 * when it succeeds, the blob it writes reads back without errors.
 */
import { compileText } from '../../../compiler/compile.js';
import { readDtb } from '../../../compiler/dtb/reader.js';
import { writeDtb } from '../../../compiler/dtb/writer.js';
import { printDts } from '../../../compiler/dts/printer.js';
import { MemoryFileSystem } from '../../../compiler/source/file-system.js';
import { dtsArbitrary, dtsSeeds, mutateDts, warmUpParser } from '../support/dts-inputs.js';
import { latin1 } from '../support/mutate.js';
import { checkBounded, checkDiagnostics } from '../support/oracles.js';
import { defineTarget, expectThat } from '../support/target.js';

const FILES = { x: '/ { from-x; };\n' };

export default defineTarget<string>({
  name: 'compile',
  ext: 'dts',
  arbitrary: dtsArbitrary,
  seeds: () => dtsSeeds(),
  mutate: mutateDts,
  warmUp: warmUpParser,
  encode: latin1.encode,
  decode: latin1.decode,
  budgetMs: 4000,
  run(text) {
    const fs = new MemoryFileSystem({ ...FILES, 'board.dts': text });
    const r = compileText('board.dts', text, { fs });
    checkDiagnostics(r.diagnostics, []);
    if (!r.ok || !r.tree) return;
    const blob = writeDtb(r.tree);
    checkBounded('DTB', blob.length, text.length);
    const back = readDtb(blob, 'out.dtb');
    const errors = back.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
    expectThat(errors.length === 0, () => `our own blob does not read back: ${errors.join(', ')}`);
    printDts(r.tree);
  },
});
