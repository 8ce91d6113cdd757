/** The C preprocessor (`#include`, macros, conditionals) on hostile text: diagnostics, never a throw. */

import { preprocessText } from '../../../compiler/preprocess/index.js';
import { MemoryFileSystem } from '../../../compiler/source/file-system.js';
import { dtsArbitrary, dtsSeeds, mutateDts } from '../support/dts-inputs.js';
import { latin1 } from '../support/mutate.js';
import { checkBounded, checkDiagnostics } from '../support/oracles.js';
import { defineTarget } from '../support/target.js';

/** Files the input may include: one ordinary, one that includes itself, one that includes the entry. */
const FILES = {
  x: '#define X 1\n/ { x = <X>; };\n',
  'inc/self.h': '#include "self.h"\n',
  'inc/back.h': '#include "../board.dts"\n',
};

export default defineTarget<string>({
  name: 'preprocess',
  ext: 'dts',
  arbitrary: dtsArbitrary,
  seeds: () => dtsSeeds(),
  mutate: mutateDts,
  encode: latin1.encode,
  decode: latin1.decode,
  run(text) {
    const fs = new MemoryFileSystem({ ...FILES, 'board.dts': text });
    const r = preprocessText('board.dts', text, { includeDirs: ['inc'], fs });
    checkDiagnostics(r.diagnostics, ['pp/', 'limit/', 'io/', 'sandbox/']);
    checkBounded('preprocessed text', r.source.text.length, text.length);
  },
});
