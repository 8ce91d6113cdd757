import { describe, expect, it } from 'vitest';
import { chunks, parse, parseClean, prop, root, textAt } from './helpers.js';

describe('headers and top level', () => {
  it('parses repeated headers, /plugin/ and labelled memreserves', () => {
    const text = '/dts-v1/; /dts-v1/;\nl1: l2: /memreserve/ 0x1000 (0x100 * 2);\n/ { };';
    const file = parseClean(text);
    expect(file.headers.map((h) => h.plugin)).toEqual([false, false]);
    expect(textAt(text, file.headers[0]!.loc)).toBe('/dts-v1/;');
    const m = file.memreserves[0]!;
    expect(m.labels.map((l) => l.name)).toEqual(['l1', 'l2']);
    expect([m.address.value, m.size.value]).toEqual([0x1000n, 0x200n]);
    expect(textAt(text, m.size.loc)).toBe('(0x100 * 2)');
    expect(textAt(text, m.loc)).toBe('l1: l2: /memreserve/ 0x1000 (0x100 * 2);');
  });

  it('parses a plugin header', () => {
    const text = '/dts-v1/;\n/plugin/;\n&target { x; };';
    const file = parseClean(text);
    expect(file.headers).toEqual([{ plugin: true, loc: { start: 0, end: 19 } }]);
    expect(file.items[0]).toMatchObject({ kind: 'ref-node', ref: { kind: 'label', name: 'target' } });
  });

  it('parses every kind of top-level item', () => {
    const text =
      '/dts-v1/;\n/ { a: n { }; };\nl: &a { };\n&{/n} { };\n&{a/sub} { };\n/delete-node/ &a;\n/omit-if-no-ref/ &{/x};\n/ { };';
    const file = parseClean(text);
    expect(file.items.map((i) => i.kind)).toEqual([
      'root',
      'ref-node',
      'ref-node',
      'ref-node',
      'delete-node-ref',
      'omit-ref',
      'root',
    ]);
    const labelled = file.items[1]!;
    expect(labelled).toMatchObject({
      kind: 'ref-node',
      label: { name: 'l' },
      ref: { kind: 'label', name: 'a' },
    });
    expect(textAt(text, labelled.loc)).toBe('l: &a { };');
    expect(file.items[2]).toMatchObject({ ref: { kind: 'path', path: '/n' } });
    expect(file.items[3]).toMatchObject({ ref: { kind: 'path', path: 'a/sub' } });
    expect(file.items[5]).toMatchObject({ kind: 'omit-ref', ref: { kind: 'path', path: '/x' } });
  });

  it('accepts an empty file body and comments everywhere', () => {
    parseClean('/* c */ /dts-v1/; // x\n/ { /* y */ };');
  });
});

describe('nodes and properties', () => {
  const text = `/dts-v1/;
/ {
	p1;
	l1: l2: p2 = "x";
	/delete-property/ p3;
	\\#gpio-cells = <2>;
	c1: /omit-if-no-ref/ c2: child@1,2 {
		inner;
	};
	/delete-node/ old;
};`;

  it('keeps props and children in source order with labels and locs', () => {
    const body = root(parseClean(text));
    expect(body.props.map((p) => `${p.kind}:${p.name}`)).toEqual([
      'prop:p1',
      'prop:p2',
      'delete-prop:p3',
      'prop:#gpio-cells',
    ]);
    const p1 = prop(body, 'p1');
    expect(p1.kind === 'prop' && p1.value).toBe(undefined);
    const p2 = prop(body, 'p2');
    expect(p2.labels.map((l) => l.name)).toEqual(['l1', 'l2']);
    expect(textAt(text, p2.labels[0]!.loc)).toBe('l1');
    expect(textAt(text, p2.loc)).toBe('l1: l2: p2 = "x";');
    expect(textAt(text, p2.nameLoc)).toBe('p2');
    expect(textAt(text, prop(body, '#gpio-cells').nameLoc)).toBe('\\#gpio-cells');

    const [child, del] = body.children;
    expect(child).toMatchObject({ kind: 'node', name: 'child@1,2', omitIfNoRef: true });
    expect(child!.labels.map((l) => l.name)).toEqual(['c1', 'c2']);
    expect(child!.kind === 'node' && textAt(text, child!.body.loc)).toBe('{\n\t\tinner;\n\t};');
    expect(textAt(text, child!.loc)).toBe('c1: /omit-if-no-ref/ c2: child@1,2 {\n\t\tinner;\n\t};');
    expect(del).toMatchObject({ kind: 'delete-node', name: 'old' });
  });
});

describe('values', () => {
  it('parses strings, cells, bytes, path refs and incbin with labels around items', () => {
    const text =
      '/dts-v1/; / { v = a: "s\\n" b:, c: <1 &r d: (2 + 3) \'x\' e:> f:, [00 ff g: 10], &{/p}, /incbin/("f.bin", 4, 8), /incbin/("g"); };';
    const cs = chunks(root(parseClean(text)), 'v');
    expect(cs.map((c) => c.kind)).toEqual([
      'label',
      'string',
      'label',
      'label',
      'cells',
      'label',
      'bytes',
      'path-ref',
      'incbin',
      'incbin',
    ]);
    expect(cs[1]).toMatchObject({ kind: 'string', bytes: 's\n' });
    const cells = cs[4]!;
    if (cells.kind !== 'cells') throw new Error('cells');
    expect(cells.bits).toBe(32);
    expect(
      cells.elements.map((e) => (e.kind === 'int' ? e.value : e.kind === 'ref' ? e.ref : e.name)),
    ).toEqual([1n, { kind: 'label', name: 'r', loc: { start: 37, end: 39 } }, 'd', 5n, 120n, 'e']);
    expect(textAt(text, cells.loc)).toBe("<1 &r d: (2 + 3) 'x' e:>");
    expect(textAt(text, cells.elements[3]!.loc)).toBe('(2 + 3)');
    const bytes = cs[6]!;
    expect(
      bytes.kind === 'bytes' && bytes.elements.map((e) => (e.kind === 'byte' ? e.value : e.name)),
    ).toEqual([0, 255, 'g', 16]);
    expect(cs[7]).toMatchObject({ kind: 'path-ref', ref: { kind: 'path', path: '/p' } });
    expect(cs[8]).toMatchObject({
      kind: 'incbin',
      file: 'f.bin',
      offset: { value: 4n },
      length: { value: 8n },
    });
    expect(cs[9]).toMatchObject({ kind: 'incbin', file: 'g' });
    expect(cs[9]).not.toHaveProperty('offset');
  });

  it('parses /bits/ arrays and keeps raw 64-bit values', () => {
    const body = root(
      parseClean('/dts-v1/; / { a = /bits/ 8 <0x1ff (-1)>; b = /bits/ 64 <(-7 / 2)>; c = <>; };'),
    );
    expect(chunks(body, 'a')[0]).toMatchObject({
      bits: 8,
      elements: [{ value: 0x1ffn }, { value: 2n ** 64n - 1n }],
    });
    expect(chunks(body, 'b')[0]).toMatchObject({ bits: 64, elements: [{ value: 0x7ffffffffffffffcn }] });
    expect(chunks(body, 'c')[0]).toMatchObject({ bits: 32, elements: [] });
  });

  it('evaluates expressions with dtc uint64 semantics', () => {
    const body = root(
      parseClean(
        "/dts-v1/; / { e = <(1+2*3) (7/2) (1<<33>>32) (5>3) (-1 > 0) (1?2:3) (0x10 % 3) (~0) (!5) (2-3-4) ((-1) >> 63) (1 << 64) (0 ? 1 : 2 ? 3 : 4) (1 || 0 && 0) (3 & 6 ^ 1 | 8) (2 == 2 != 0) ('a' + 1) (-(1) * 2)>; };",
      ),
    );
    const cells = chunks(body, 'e')[0]!;
    const u = (v: bigint) => BigInt.asUintN(64, v);
    expect(cells.kind === 'cells' && cells.elements.map((e) => e.kind === 'int' && e.value)).toEqual([
      7n,
      3n,
      2n,
      1n,
      1n,
      2n,
      1n,
      u(-1n),
      0n,
      u(-5n),
      1n,
      0n,
      3n,
      1n,
      11n,
      1n,
      98n,
      u(-2n),
    ]);
  });
});

describe('errors', () => {
  const cases: [string, string, string, number, number][] = [
    ['bad octal', '/dts-v1/;\n/ {\n\tx = <09>;\n};', 'parse/bad-integer', 3, 7],
    [
      'out of range',
      '/dts-v1/; / { x = /bits/ 64 <0x10000000000000000>; };',
      'parse/integer-out-of-range',
      1,
      30,
    ],
    ['division by zero', '/dts-v1/;\n/ {\n\tprop-div = < (1/0) >;\n};', 'parse/division-by-zero', 3, 16],
    [
      'modulo by zero in a dead branch',
      '/dts-v1/; / { x = <(1 ? 2 : 3 % 0)>; };',
      'parse/division-by-zero',
      1,
      29,
    ],
    ['bad bits', '/dts-v1/; / { x = /bits/ 7 <1>; };', 'parse/bad-bits', 1, 26],
    ['ref in sized array', '/dts-v1/; / { x = /bits/ 16 <&a>; };', 'parse/ref-in-sized-array', 1, 30],
    ['empty char literal', "/dts-v1/; / { x = <''>; };", 'parse/char-literal', 1, 20],
    ['long char literal', "/dts-v1/; / { x = <'ab'>; };", 'parse/char-literal', 1, 20],
    ['bad \\x escape', '/dts-v1/; / { x = "\\xZ"; };', 'parse/bad-escape', 1, 19],
    [
      'props after subnode',
      '/dts-v1/;\n\n/ {\n\tnode1 {\n\t};\n\tprop;\n\tnode2 {\n\t};\n};',
      'parse/props-after-subnode',
      6,
      2,
    ],
    ['header mismatch', '/dts-v1/;\n/dts-v1/; /plugin/;\n/ { };', 'parse/header-mismatch', 2, 1],
    ['stray identifier', '/dts-v1/; / { x = <FOO>; };', 'parse/lexical', 1, 20],
    ['identifier as a value', '/dts-v1/; / { x = FOO; };', 'parse/syntax', 1, 19],
    ['include', '/dts-v1/; /include/ "x.dtsi"\n/ { };', 'parse/unexpected-include', 1, 11],
    ['missing header', '/ { };', 'parse/syntax', 1, 1],
    ['no tree', '/dts-v1/;\n', 'parse/syntax', 2, 1],
    ['labelled root', '/dts-v1/; l: / { };', 'parse/syntax', 1, 11],
    ['two labels on a ref', '/dts-v1/; / { a: x { }; }; l1: l2: &a { };', 'parse/syntax', 1, 32],
    ['labelled first ref', '/dts-v1/; l: &a { };', 'parse/syntax', 1, 11],
    ['delete before the tree', '/dts-v1/; /delete-node/ &a; / { };', 'parse/syntax', 1, 11],
    ['memreserve after the tree', '/dts-v1/; / { }; /memreserve/ 0 1;', 'parse/syntax', 1, 18],
    ['header after memreserve', '/dts-v1/; /memreserve/ 0 1; /dts-v1/; / { };', 'parse/syntax', 1, 29],
    ['stray plugin', '/dts-v1/; /memreserve/ 0 1; /plugin/; / { };', 'parse/syntax', 1, 29],
    ['omit on a property', '/dts-v1/; / { /omit-if-no-ref/ p; };', 'parse/syntax', 1, 15],
    ['expression outside parentheses', '/dts-v1/; / { x = <1+2>; };', 'parse/syntax', 1, 21],
    ['negative literal', '/dts-v1/; / { x = <-1>; };', 'parse/syntax', 1, 20],
    ['no comma between items', '/dts-v1/; / { x = "a" "b"; };', 'parse/syntax', 1, 23],
    ['odd byte digits', '/dts-v1/; / { x = [0a 0]; };', 'parse/syntax', 1, 23],
    ['missing ; after node', '/dts-v1/;\n/ {\n\tn { }\n\tm { };\n};', 'parse/syntax', 3, 7],
    ['missing ; at end of line', '/dts-v1/;\n/ {\n\ta = <1>\n\tb;\n};', 'parse/syntax', 3, 9],
    ['unterminated comment', '/dts-v1/; / { }; /* x', 'parse/lexical', 1, 18],
    ['unclosed root', '/dts-v1/; / { a;', 'parse/syntax', 1, 17],
  ];

  it.each(cases)('%s', (_name, text, code, line, col) => {
    const { problems } = parse(text);
    expect(problems).toContainEqual({ code, line, col });
    expect(problems.every((p) => p.code.startsWith('parse/'))).toBe(true);
  });

  it('gives the macro hint for stray identifiers', () => {
    const r = parse('/dts-v1/; / { x = <GIC_SPI 5>; };');
    expect(r.problems).toEqual([{ code: 'parse/lexical', line: 1, col: 20 }]);
  });

  it('reports one error per mistake for a missing ;', () => {
    const { problems, file } = parse('/dts-v1/;\n/ {\n\tcompatible = "a"\n\tstatus = "okay";\n};');
    expect(problems).toEqual([{ code: 'parse/syntax', line: 3, col: 18 }]);
    expect(root(file).props.map((p) => p.name)).toEqual(['compatible', 'status']);
  });
});
