import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SourceText } from '../../compiler/source/source-text.js';
import { parseDts } from '../../compiler/syntax/parse.js';

const VALID = `/dts-v1/;
/plugin/;
l0: /memreserve/ 0x1000 (4096 * 2);
/ {
	#address-cells = <1>;
	\\#size-cells = /bits/ 8 <'a' (1 ? 2 : 3) (~0 >> 60)>;
	l1: str = "a\\tb\\x41", l2: <1 &ref l3: 0x2>, [00 11 l4: 22] l5:, &{/path};
	/delete-property/ old;
	bin = /incbin/("f.bin", 0, 4);
	c: /omit-if-no-ref/ child@1,2 {
		x = <(((1)))>;
		/delete-node/ gone;
	};
};
l6: &ref { y; };
&{/a/b} { };
/delete-node/ &ref;
/omit-if-no-ref/ &{lab/sub};
`;

/** Parsing must never throw and must stay fast, whatever the input. */
function check(text: string): void {
  const t0 = performance.now();
  const result = parseDts(SourceText.fromFile('fuzz.dts', text));
  const ms = performance.now() - t0;
  expect(result.file).toBeDefined();
  for (const d of result.diagnostics) {
    expect(d.code).toMatch(/^parse\//);
    expect(d.code).not.toBe('parse/internal');
  }
  // A hang guard, not a speed figure (bench/ measures speed); only a runaway parse reaches it.
  expect(ms).toBeLessThan(5000);
}

type Edit = { kind: 'delete' | 'duplicate' | 'swap' | 'insert'; at: number; char: string };

function mutate(text: string, edits: Edit[]): string {
  let s = text;
  for (const e of edits) {
    const i = s.length === 0 ? 0 : e.at % s.length;
    if (e.kind === 'delete') s = s.slice(0, i) + s.slice(i + 1);
    else if (e.kind === 'duplicate') s = s.slice(0, i) + s.charAt(i) + s.slice(i);
    else if (e.kind === 'swap' && i + 1 < s.length) s = s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
    else s = s.slice(0, i) + e.char + s.slice(i);
  }
  return s;
}

const edit = fc.record({
  kind: fc.constantFrom('delete', 'duplicate', 'swap', 'insert') as fc.Arbitrary<Edit['kind']>,
  at: fc.nat(),
  char: fc.constantFrom(...'{};<>()[]"\'&/=,:#\\ \n\0x0aZ-*?!~'),
});

describe('parseDts never throws and never hangs', () => {
  it('accepts the seed without diagnostics', () => {
    expect(parseDts(SourceText.fromFile('seed.dts', VALID)).diagnostics).toEqual([]);
  });

  it('on mutated valid DTS', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 8 }), (edits) => check(mutate(VALID, edits))),
      { numRuns: 300 },
    );
  });

  it('on random latin1 strings', () => {
    const latin1 = fc
      .array(fc.integer({ min: 0, max: 255 }), { maxLength: 200 })
      .map((a) => String.fromCharCode(...a));
    fc.assert(fc.property(latin1, check), { numRuns: 300 });
  });

  it('on random sequences of DTS-looking fragments', () => {
    const piece = fc.constantFrom(
      '/dts-v1/;',
      '/plugin/;',
      '/ {',
      '};',
      '}',
      '{',
      'a',
      'b = ',
      '<1 2>',
      '<',
      '>',
      '(',
      ')',
      '1',
      '"s"',
      '"',
      "'",
      '[0a',
      ']',
      '&x',
      '&{/p}',
      'l:',
      '/delete-node/',
      '/delete-property/',
      '/omit-if-no-ref/',
      '/bits/ 8',
      '/incbin/(',
      '/memreserve/',
      ',',
      ';',
      '/*',
      '*/',
      '//',
      '\n',
      ' ',
      '+',
      '?',
      ':',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => check(pieces.join(' '))),
      { numRuns: 300 },
    );
  });
});
