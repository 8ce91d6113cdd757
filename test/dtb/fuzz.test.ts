import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readDtb } from '../../compiler/dtb/reader.js';
import { writeDtb } from '../../compiler/dtb/writer.js';
import { printDts } from '../../compiler/dts/printer.js';
import { cells, node, raw, str, tree } from './trees.js';

/** A blob that exercises every reader path: reservations, phandles, symbols and both fix-up nodes. */
function seedBlob(): Uint8Array {
  const t = tree(
    node(
      '',
      [str('compatible', 'fuzz,board', 'fuzz'), cells('#address-cells', 1), raw('flag')],
      [
        node('a@10', [cells('reg', 0x10), cells('phandle', 1), raw('bytes', [1, 2, 3, 0x80, 0])]),
        node('b', [cells('ref', 1, 2, 0xffffffff), str('s', 'x\ty')], [node('c', [cells('phandle', 2)])]),
        node('__symbols__', [str('la', '/a@10'), str('lc', '/b/c')]),
        node('__fixups__', [str('ext', '/b:ref:8', '/b:ref:0x0')]),
        node('__local_fixups__', [], [node('b', [cells('ref', 0, 4)])]),
      ],
    ),
  );
  t.memreserves.push({ address: 0x1000n, size: 0x2000n, labels: [] });
  return writeDtb(t, { reserveExtra: 1 });
}

const seed = seedBlob();

/** Reads, and when a tree comes back writes and prints it too; all three must stay quiet and quick. */
function exercise(bytes: Uint8Array): void {
  const start = performance.now();
  const { tree: t, diagnostics } = readDtb(bytes, 'fuzz.dtb');
  if (t) {
    writeDtb(t);
    printDts(t);
  }
  expect(diagnostics.map((d) => d.code)).not.toContain('dtb/internal-error');
  for (const d of diagnostics) expect(d.code).toMatch(/^dtb\/[a-z-]+$/);
  // A hang guard, not a speed figure (bench/ measures speed): typically a few ms, and 516 ms was seen
  // on a loaded 2-core machine, so only a runaway loop reaches this.
  expect(performance.now() - start).toBeLessThan(5000);
}

describe('readDtb on hostile input', () => {
  it('reads the seed cleanly', () => {
    const { tree: t, diagnostics } = readDtb(seed, 'seed.dtb');
    expect(diagnostics).toEqual([]);
    expect(writeDtb(t!, { reserveExtra: 1 })).toEqual(seed);
  });

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => exercise(bytes)),
      { numRuns: 300 },
    );
  });

  it('never throws on random bytes behind a valid magic and plausible header', () => {
    const header = fc.tuple(
      fc.uint8Array({ minLength: 32, maxLength: 600 }),
      fc.integer({ min: 0, max: 20 }),
    );
    fc.assert(
      fc.property(header, ([body, version]) => {
        const bytes = new Uint8Array(body.length + 8);
        bytes.set(body, 8);
        const view = new DataView(bytes.buffer);
        view.setUint32(0, 0xd00dfeed);
        view.setUint32(4, bytes.length);
        view.setUint32(20, version);
        exercise(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on byte mutations and truncations of a valid blob', () => {
    const mutation = fc.record({
      edits: fc.array(fc.tuple(fc.nat({ max: seed.length - 1 }), fc.integer({ min: 0, max: 255 })), {
        maxLength: 6,
      }),
      cut: fc.option(fc.nat({ max: seed.length }), { nil: undefined }),
    });
    fc.assert(
      fc.property(mutation, ({ edits, cut }) => {
        const bytes = seed.slice(0, cut ?? seed.length);
        for (const [at, value] of edits) if (at < bytes.length) bytes[at] = value;
        exercise(bytes);
      }),
      { numRuns: 400 },
    );
  });

  it('never throws when aligned words are replaced by tokens, sizes and offsets', () => {
    const interesting = fc.oneof(
      fc.constantFrom(0, 1, 2, 3, 4, 9, 8, 16, 17, 0x7fffffff, 0xffffffff, seed.length, seed.length + 4),
      fc.nat({ max: 0xffffffff }),
    );
    const words = fc.array(fc.tuple(fc.nat({ max: (seed.length >> 2) - 1 }), interesting), {
      minLength: 1,
      maxLength: 4,
    });
    fc.assert(
      fc.property(words, (edits) => {
        const bytes = seed.slice();
        const view = new DataView(bytes.buffer);
        for (const [index, value] of edits) view.setUint32(index * 4, value >>> 0);
        exercise(bytes);
      }),
      { numRuns: 400 },
    );
  });

  it('handles a large blob with thousands of symbols and fix-ups in linear time', () => {
    const children = [];
    const symbols = [];
    const localFixups = [];
    for (let i = 0; i < 2000; i++) {
      children.push(node(`n${i}`, [cells('phandle', i + 1), cells('ref', ((i + 1) % 2000) + 1)]));
      symbols.push(str(`l${i}`, `/n${i}`));
      localFixups.push(node(`n${i}`, [cells('ref', 0)]));
    }
    const big = tree(
      node('', [], [...children, node('__symbols__', symbols), node('__local_fixups__', [], localFixups)]),
    );
    const blob = writeDtb(big);
    const start = performance.now();
    const { tree: t, diagnostics } = readDtb(blob, 'big.dtb');
    // A guard against quadratic work (which would take minutes here), not a speed figure.
    expect(performance.now() - start).toBeLessThan(10_000);
    expect(diagnostics).toEqual([]);
    expect(t!.nodeByPath('/n5')!.prop('ref')!.value.markers).toEqual([
      { kind: 'phandle', offset: 0, ref: 'l6', resolved: true },
    ]);
  });
});
