import { describe, expect, it } from 'vitest';
import { cellsOf, codes, compileDts, node, propNames, treeOf } from '../support/compile.js';

describe('tree building (dtc livetree semantics)', () => {
  it('revives a deleted property at its original position', () => {
    const tree = treeOf('/dts-v1/; / { a; b; c; }; / { /delete-property/ a; }; / { d; a = <1>; };');
    expect(propNames(tree.root)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('revives a deleted node at its original position, without its old children', () => {
    const tree = treeOf(
      '/dts-v1/; / { x { old; k {}; }; y {}; }; / { /delete-node/ x; }; / { z {}; x { new; }; };',
    );
    expect(tree.root.liveChildren.map((c) => c.name)).toEqual(['x', 'y', 'z']);
    expect(propNames(node(tree, '/x'))).toEqual(['new']);
    expect(node(tree, '/x').liveChildren).toEqual([]);
  });

  it('ignores /delete-property/ in the block that defines the property', () => {
    const tree = treeOf('/dts-v1/; / { a = <1>; /delete-property/ a; };');
    expect(propNames(tree.root)).toEqual(['a']);
  });

  it('merges &label blocks and later root blocks, overriding values in place', () => {
    const tree = treeOf('/dts-v1/; / { n: n { p = <1>; q = <2>; }; }; &n { p = <3>; r; }; / { n { s; }; };');
    expect(propNames(node(tree, '/n'))).toEqual(['p', 'q', 'r', 's']);
    expect(cellsOf(node(tree, '/n'), 'p')).toEqual([3]);
  });

  it('keeps the labels of a node most-recent first', () => {
    const tree = treeOf('/dts-v1/; / { a: b: n {}; }; d: &a { };');
    expect(node(tree, '/n').liveLabels.map((l) => l.name)).toEqual(['d', 'a', 'b']);
  });

  it('resolves label-relative references', () => {
    const tree = treeOf('/dts-v1/; / { l: n { m { k {}; }; }; }; &{l/m/k} { here; };');
    expect(propNames(node(tree, '/n/m/k'))).toEqual(['here']);
  });

  it('deletes nodes by reference and makes their labels unresolvable', () => {
    const result = compileDts('/dts-v1/; / { l: x {}; }; /delete-node/ &l; / { x {}; p = <&l>; };');
    expect(result.ok).toBe(false);
  });

  it('reports a reference to a missing label at the reference', () => {
    const result = compileDts('/dts-v1/;\n/ { };\n&nope { };\n');
    expect(codes(result)).toContain('tree/ref-not-found');
    const d = result.diagnostics.find((x) => x.code === 'tree/ref-not-found')!;
    expect(d.span).toMatchObject({ file: 'test.dts', line: 3, col: 1 });
  });

  it('truncates out-of-range cells with a warning (dtc >= 1.7)', () => {
    const result = compileDts('/dts-v1/; / { a = /bits/ 8 <0x1ff (-200)>; b = <0x100000001>; };');
    expect(result.ok).toBe(true);
    const root = result.tree!.root;
    expect([...root.prop('a')!.value.bytes]).toEqual([0xff, 0x38]);
    expect(cellsOf(root, 'b')).toEqual([1]);
    expect(codes(result).filter((c) => c === 'tree/value-truncated')).toHaveLength(2);
  });

  it('reads /incbin/ with offset and length', () => {
    const tree = treeOf('/dts-v1/; / { d = /incbin/("blob.bin", 2, 3); };', {}, { 'blob.bin': 'abcdefg' });
    expect(Buffer.from(tree.root.prop('d')!.value.bytes).toString()).toBe('cde');
  });
});

describe('references', () => {
  it('allocates phandles in dtc order, skipping explicit values', () => {
    const tree = treeOf(
      '/dts-v1/; / { r1 = <&c &b>; a: a { x = <&b>; }; b: b {}; c: c {}; d: d { phandle = <1>; }; e: e { phandle = <&e>; }; };',
    );
    expect(node(tree, '/c').phandle).toBe(2);
    expect(node(tree, '/b').phandle).toBe(3);
    expect(node(tree, '/d').phandle).toBe(1);
    expect(node(tree, '/e').phandle).toBe(4);
    expect(cellsOf(tree.root, 'r1')).toEqual([2, 3]);
    expect(cellsOf(node(tree, '/e'), 'phandle')).toEqual([4]);
    expect(propNames(node(tree, '/b'))).toEqual(['phandle']);
  });

  it('adds linux,phandle then phandle with -H both', () => {
    const tree = treeOf('/dts-v1/; / { p = <&n>; n: n { x; }; };', { phandleStyle: 'both' });
    expect(propNames(node(tree, '/n'))).toEqual(['x', 'linux,phandle', 'phandle']);
  });

  it('inserts full paths for path references and moves later markers', () => {
    const tree = treeOf('/dts-v1/; / { s = &n, "x", &{/m}; n: n {}; m {}; };');
    expect(tree.root.prop('s')!.value.strings()).toEqual(['/n', 'x', '/m']);
  });

  it('omits unreferenced /omit-if-no-ref/ nodes, keeps referenced ones', () => {
    const tree = treeOf('/dts-v1/; / { p = <&b>; /omit-if-no-ref/ a: a {}; /omit-if-no-ref/ b: b {}; };');
    expect(tree.root.liveChildren.map((c) => c.name)).toEqual(['b']);
  });

  it('keeps labelled /omit-if-no-ref/ nodes with -@ and lists symbols most recent first', () => {
    const tree = treeOf('/dts-v1/; / { /omit-if-no-ref/ a: a {}; x: y: n {}; };', { symbols: true });
    const symbols = node(tree, '/__symbols__');
    expect(propNames(symbols)).toEqual(['a', 'x', 'y']);
    expect(symbols.prop('x')!.value.firstString()).toBe('/n');
    expect(node(tree, '/a').phandle).toBe(1);
    expect(node(tree, '/n').phandle).toBe(2);
  });

  it('turns unresolved references of a plugin into fragments and fixups', () => {
    const tree = treeOf('/dts-v1/; /plugin/; &base { v = <&other 1>; }; &{/path} { w; };');
    expect(tree.root.liveChildren.map((c) => c.name)).toEqual(['fragment@0', 'fragment@1', '__fixups__']);
    expect(cellsOf(node(tree, '/fragment@0'), 'target')).toEqual([0xffffffff]);
    expect(node(tree, '/fragment@1').prop('target-path')!.value.firstString()).toBe('/path');
    expect(node(tree, '/__fixups__').prop('base')!.value.strings()).toEqual(['/fragment@0:target:0']);
    expect(node(tree, '/__fixups__').prop('other')!.value.strings()).toEqual(['/fragment@0/__overlay__:v:0']);
  });

  it('guesses the boot CPU from the first /cpus child unless -b is given', () => {
    const src =
      '/dts-v1/; / { cpus { #address-cells = <1>; #size-cells = <0>; cpu@2 { reg = <2>; }; cpu@0 { reg = <0>; }; }; };';
    expect(treeOf(src).bootCpuidPhys).toBe(2);
    expect(treeOf(src, { bootCpu: 5 }).bootCpuidPhys).toBe(5);
  });
});
