import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SourceText } from '../../compiler/source/source-text.js';
import { fastParseDts } from '../../compiler/syntax/fast-parse.js';
import { parseDtsFully } from '../../compiler/syntax/parse.js';
import { sharedDir } from '../support/shared.js';

/**
 * The fast path must agree with the full path: it accepts a source exactly when the full path
 * reports nothing, and then builds the same AST. (Giving up on a clean source would only be slow,
 * but it is tested too, so the fast path keeps covering every valid construct.)
 */
function agree(text: string): 'fast' | 'full' {
  const full = parseDtsFully(SourceText.fromFile('t.dts', text));
  const fast = fastParseDts(text);
  if (full.diagnostics.length === 0) {
    expect(fast, 'the fast path gave up on a clean source').toBeDefined();
    expect(fast).toEqual(full.file);
    return 'fast';
  }
  expect(fast, `the fast path accepted a source with ${full.diagnostics[0]?.code}`).toBeUndefined();
  return 'full';
}

const VALID = `/dts-v1/;
/plugin/;
l0: l00: /memreserve/ 0x1000 (4096 * 2);
/memreserve/ 'a' 077;
/ {
	#address-cells = <1>;
	\\#size-cells = /bits/ 8 <'a' (1 ? 2 : 3) (~0 >> 60) '\\x41' '\\''>;
	l1: str = "a\\tb\\x41\\101\\"", l2: <1 &ref l3: 0x2 &{/p@1/q}>, [00 11 l4: 22 aBcD] l5:, &{/path}, &lbl;
	/delete-property/ old;
	l9: /delete-property/ older;
	big = /bits/ 64 <0xffffffffffffffff 18446744073709551615 0x10000000000000 123456789012345678>;
	ops = <(1 + 2 * 3 - 4 / 2 % 3) (1 << 3 >> 1) (1 < 2) (2 > 1) (1 <= 1) (2 >= 3) (1 == 1) (1 != 1)
	       (6 & 3) (6 | 3) (6 ^ 3) (1 && 0) (1 || 0) (-1) (!0) (~-~1) (0 ? 1 : 2 ? 3 : 4) (1 ? 0 ? 5 : 6 : 7)>;
	wide = /bits/ 16 <0xffff>, /bits/ 32 <&x>;
	bin = /incbin/("f.bin", 0, 4), /incbin/("g.bin");
	sfx = <1U 2UL 3LL 4ULL 5L 0x6ULL 0 00>;
	empty = <>, [], "";
	flag;
	c: /omit-if-no-ref/ d: child@1,2 {
		x = <(((1)))>;
		/delete-node/ gone;
	};
	/omit-if-no-ref/ e: x-y.z+w*q?#@_ { };
	l8: /delete-node/ gone2;
	\\node { };
	/* a comment */ // and another
	n { p = "multi
line"; };
};
l6: &ref { y; };
&{/a/b} { };
/delete-node/ &ref;
/omit-if-no-ref/ &{lab/sub};
`;

describe('the fast path agrees with the full path', () => {
  it('takes the fast path on every valid construct', () => {
    expect(agree(VALID)).toBe('fast');
    expect(agree('/dts-v1/; / { };')).toBe('fast');
    expect(agree('/dts-v1/; /dts-v1/; / { }; / { a = <1>; };')).toBe('fast');
  });

  it.each([
    ['props after a subnode', '/dts-v1/; / { n { }; p; };'],
    ['delete-property after a subnode', '/dts-v1/; / { /delete-node/ n; /delete-property/ p; };'],
    ['a label on the root', '/dts-v1/; l: / { };'],
    ['a label on the header', 'l: /dts-v1/; / { };'],
    ['a labelled first ref node', '/dts-v1/; l: &a { };'],
    ['two labels on a ref node', '/dts-v1/; / { }; l: m: &a { };'],
    ['a delete-node before the root', '/dts-v1/; /delete-node/ &a; / { };'],
    ['omit-if-no-ref on a property', '/dts-v1/; / { /omit-if-no-ref/ p; };'],
    ['division by zero in a dead branch', '/dts-v1/; / { p = <(1 ? 2 : 1 / 0)>; };'],
    ['modulo by zero', '/dts-v1/; / { p = <(5 % (1 - 1))>; };'],
    ['a bad /bits/ width', '/dts-v1/; / { p = /bits/ 7 <1>; };'],
    ['a reference in a sized array', '/dts-v1/; / { p = /bits/ 8 <&a>; };'],
    ['a stray identifier', '/dts-v1/; / { p = <FOO>; };'],
    ['a header mismatch', '/dts-v1/; /plugin/; /dts-v1/; / { };'],
    ['a misplaced /plugin/', '/dts-v1/; /plugin/; /plugin/; / { };'],
    ['no header', '/ { };'],
    ['a header after the tree', '/dts-v1/; / { }; /dts-v1/;'],
    ['a memreserve after the tree', '/dts-v1/; / { }; /memreserve/ 1 2;'],
    ['no root', '/dts-v1/;'],
    ['a bad octal literal', '/dts-v1/; / { p = <09>; };'],
    ['an out-of-range literal', '/dts-v1/; / { p = <0x10000000000000000>; };'],
    ['a bad escape', '/dts-v1/; / { p = "\\x"; };'],
    ['an empty char literal', "/dts-v1/; / { p = <''>; };"],
    ['a long char literal', "/dts-v1/; / { p = <'ab'>; };"],
    ['an unterminated comment', '/dts-v1/; / { }; /*'],
    ['an unterminated string', '/dts-v1/; / { p = "abc; };'],
    ['a backslash-newline in a string', '/dts-v1/; / { p = "a\\\n"; };'],
    ['an /include/', '/dts-v1/; /include/ "x.dtsi" / { };'],
    ['a missing semicolon', '/dts-v1/; / { a = <1>\n b = <2>; };'],
    ['a stray character', '/dts-v1/; / { p = <1> $; };'],
    ['a lowercase suffix', '/dts-v1/; / { p = <1u>; };'],
    ['a /incbin/ in a name position', '/dts-v1/; / { /incbin/; };'],
    ['trailing input', '/dts-v1/; / { }; }'],
  ])('gives up on %s', (_, text) => {
    expect(agree(text)).toBe('full');
  });

  it('on mutated valid DTS', () => {
    const edit = fc.record({
      kind: fc.constantFrom('delete', 'duplicate', 'insert', 'cut'),
      at: fc.nat(),
      len: fc.nat({ max: 30 }),
      char: fc.constantFrom(...'{};<>()[]"\'&/=,:#\\ \n\0x0aZ-*?!~+|^%@._LU'),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        let s = VALID;
        for (const e of edits) {
          const i = e.at % (s.length + 1);
          if (e.kind === 'delete') s = s.slice(0, i) + s.slice(i + 1);
          else if (e.kind === 'duplicate') s = s.slice(0, i) + s.slice(i, i + e.len) + s.slice(i);
          else if (e.kind === 'cut') s = s.slice(0, i) + s.slice(i + e.len);
          else s = s.slice(0, i) + e.char + s.slice(i);
        }
        agree(s);
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  it('on random sequences of DTS-looking fragments', () => {
    const piece = fc.constantFrom(
      ...['/dts-v1/;', '/plugin/;', '/ {', '};', '}', '{', 'a', 'b =', '<1 2>', '<', '>', '(', ')', '1'],
      ...['"s"', "'c'", '[0a', ']', '&x', '&{/p}', 'l:', '/delete-node/', '/delete-property/'],
      ...['/omit-if-no-ref/', '/bits/ 8', '/incbin/(', '/memreserve/', ',', ';', '/*', '*/', '//'],
      ...['\n', '+', '-', '?', ':', '/', '0x1f', '(2*3)', '09', 'n@1,2'],
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.boolean(), (pieces, spaced) => {
        agree(pieces.join(spaced ? ' ' : ''));
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});

const shared = sharedDir();
const dtcInputs = shared ? join(shared, 'conformance', 'dtc', 'inputs') : undefined;

describe.skipIf(!dtcInputs || !existsSync(dtcInputs))('the fast path on dtc test inputs', () => {
  const files =
    dtcInputs && existsSync(dtcInputs) ? readdirSync(dtcInputs).filter((f) => f.endsWith('.dts')) : [];
  it.each(files)('%s', (file) => {
    agree(readFileSync(join(dtcInputs!, file), 'latin1'));
  });
});
