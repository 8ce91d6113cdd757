/**
 * Inputs shared by the DTS-reading targets (preprocessor, parser, whole front end): the token
 * dictionary, a structure-aware arbitrary of DTS-looking text, and the seed files.
 */
import * as path from 'node:path';
import fc from 'fast-check';
import { SourceText } from '../../../compiler/source/source-text.js';
import { parseDtsFully } from '../../../compiler/syntax/parse.js';
import { mutateText } from './mutate.js';
import type { Rng } from './rng.js';
import { filesUnder, PLATFORMS, REPO, readTexts, sharedPath, spread } from './seeds.js';

export const DTS_DICTIONARY = [
  '/dts-v1/;',
  '/plugin/;',
  '/ {',
  '};',
  '{',
  '}',
  ';',
  '=',
  '<',
  '>',
  '[',
  ']',
  '(',
  ')',
  '"',
  "'",
  ',',
  '&',
  '&{/',
  'lbl:',
  '/delete-node/ ',
  '/delete-property/ ',
  '/omit-if-no-ref/ ',
  '/bits/ 64 ',
  '/bits/ 8 ',
  '/incbin/("x", 0, 4)',
  '/include/ "x"',
  '/memreserve/ 0 1;',
  '0x',
  '0xffffffffffffffff',
  '18446744073709551616',
  '-1',
  '1 << 63',
  '? :',
  '/* ',
  ' */',
  '// ',
  '\\\n',
  '\n',
  '\0',
  '#address-cells',
  'reg',
  'phandle',
  'compatible = "a", "b";',
  'node@1',
  '@',
  '#include "x"',
  '#include <x>',
  '#define A(x) x x\n',
  '#define B A(A(A(A(1))))\n',
  '#if 1\n',
  '#ifdef A\n',
  '#else\n',
  '#endif\n',
  '#elif\n',
  '#undef A\n',
  '#error x\n',
  '#line 1 "f"\n',
  '# 1 "f"\n',
  '##',
  '#x',
  '__LINE__',
  '__FILE__',
  'defined(A)',
  '__COUNTER__',
  '#pragma once\n',
  '\t',
  '\r\n',
];

/** DTS-looking text: random sequences of tokens and names. */
export const dtsArbitrary: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.constantFrom(...DTS_DICTIONARY),
      fc.stringMatching(/^[a-z0-9,._+#@-]{1,8}$/),
      fc.constant(' '),
    ),
    {
      maxLength: 120,
    },
  )
  .map((parts) => parts.join(''));

/** The repository's own DTS (fixtures, bundled boards, includes) and a spread of the corpus. */
export function dtsSeeds(limit = 40): string[] {
  const own = [
    ...filesUnder(path.join(REPO, 'test', 'fixtures'), /\.(dtsi?|h)$/),
    ...filesUnder(PLATFORMS, /\.(dtsi?|h)$/),
  ];
  const corpus = sharedPath('corpus', 'linux', 'src');
  const shared = corpus ? spread(filesUnder(corpus, /\.dtsi?$/, 4000, 64 * 1024), limit) : [];
  return readTexts([...own, ...shared]);
}

export function mutateDts(text: string, rng: Rng, seeds: readonly string[]): string {
  return mutateText(text, rng, seeds, { dictionary: DTS_DICTIONARY, maxLength: 256 * 1024 });
}

/** The full (chevrotain) parser loads on first use, which takes seconds on a loaded machine. */
export function warmUpParser(): void {
  parseDtsFully(SourceText.fromFile('warm-up.dts', '/dts-v1/; / { a = <1 ; };'));
}
