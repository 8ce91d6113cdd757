import { describe, expect, it } from 'vitest';
import { StringsTable } from '../../compiler/dtb/strings-table.js';
import { writeDtb } from '../../compiler/dtb/writer.js';
import { Data } from '../../compiler/tree/data.js';
import { Property } from '../../compiler/tree/tree.js';
import { cells, hexBytes, node, raw, str, tree } from './trees.js';

/** `/ { compatible = "a"; n@1 { linux,phandle = <1>; phandle = <1>; }; };`, one memreserve, cpu 2. */
function smallTree() {
  const t = tree(
    node('', [str('compatible', 'a')], [node('n@1', [cells('linux,phandle', 1), cells('phandle', 1)])]),
  );
  t.memreserves.push({ address: 0x1000n, size: 0x100n, labels: [] });
  t.bootCpuidPhys = 2;
  return t;
}

const SMALL_HEADER = `
  d00dfeed 000000ad 00000048 00000094 00000028 00000011 00000010 00000002 00000019 0000004c`;
const SMALL_RESERVE = `
  00000000 00001000 00000000 00000100
  00000000 00000000 00000000 00000000`;
const SMALL_STRUCT = `
  00000001 00000000
  00000003 00000002 00000000 61000000
  00000001 6e403100
  00000003 00000004 0000000b 00000001
  00000003 00000004 00000011 00000001
  00000002
  00000002
  00000009`;
// "compatible\0linux,phandle\0": `phandle` shares the tail of `linux,phandle` (offset 11 + 6).
const SMALL_STRINGS = '636f6d70617469626c6500 6c696e75782c7068616e646c6500';

describe('writeDtb', () => {
  it('writes the exact bytes dtc writes for a small tree', () => {
    const expected = hexBytes(SMALL_HEADER + SMALL_RESERVE + SMALL_STRUCT + SMALL_STRINGS);
    expect(expected.length).toBe(173);
    expect(writeDtb(smallTree())).toEqual(expected);
  });

  it('skips deleted properties and nodes', () => {
    const t = smallTree();
    const dead = t.root.addProp(str('dead', 'x'));
    dead.deleted = true;
    const gone = t.root.addChild(node('gone', [str('zzz', 'y')]));
    gone.deleted = true;
    expect(writeDtb(t)).toEqual(writeDtb(smallTree()));
  });

  it('adds -R extra empty reservation entries before the terminator', () => {
    const plain = writeDtb(smallTree());
    const extra = writeDtb(smallTree(), { reserveExtra: 2 });
    const view = new DataView(extra.buffer);
    expect(extra.length).toBe(plain.length + 32);
    expect(view.getUint32(8)).toBe(0x48 + 32); // off_dt_struct
    expect(extra.subarray(56, 104).every((b) => b === 0)).toBe(true);
    expect(extra.subarray(104)).toEqual(plain.subarray(72));
  });

  it('pads like dtc: -p appends, -S grows to a minimum, -a rounds up, -p wins over -S', () => {
    const size = writeDtb(smallTree()).length; // 173
    const totalsize = (b: Uint8Array) => new DataView(b.buffer).getUint32(4);
    const padded = writeDtb(smallTree(), { padding: 10 });
    expect(padded.length).toBe(size + 10);
    expect(totalsize(padded)).toBe(size + 10);
    expect(padded.subarray(size).every((b) => b === 0)).toBe(true);
    expect(writeDtb(smallTree(), { space: 512 }).length).toBe(512);
    expect(writeDtb(smallTree(), { space: 100 }).length).toBe(size);
    expect(writeDtb(smallTree(), { space: 512, padding: 3 }).length).toBe(size + 3);
    expect(writeDtb(smallTree(), { align: 8 }).length).toBe(176);
    expect(writeDtb(smallTree(), { align: 64, padding: 20 }).length).toBe(256);
    // The header's size fields do not count the padding.
    expect(new DataView(padded.buffer).getUint32(32)).toBe(25);
  });

  it('writes 64-bit reservations and empty values', () => {
    const t = tree(node('', [raw('empty'), new Property('odd', new Data(Uint8Array.of(1, 2, 3)))]));
    t.memreserves.push({ address: 0xffffffff00000000n, size: 0x1_0000_0000n, labels: ['r'] });
    const blob = writeDtb(t);
    const view = new DataView(blob.buffer);
    expect(view.getBigUint64(40)).toBe(0xffffffff00000000n);
    expect(view.getBigUint64(48)).toBe(0x1_0000_0000n);
    // root: begin + name(4), empty prop (12), odd prop (12 + 4), end node, end
    expect(view.getUint32(36)).toBe(8 + 12 + 16 + 4 + 4);
    expect(blob.length % 4).not.toBe(0);
  });

  it('writes a 200 KB tree in a few milliseconds', () => {
    const root = node('');
    for (let i = 0; i < 2000; i++) {
      root.addChild(
        node(`device@${i.toString(16)}`, [
          str('compatible', 'vendor,device', 'generic-device'),
          cells('reg', i * 0x1000, 0x1000),
          cells('interrupts', 0, i, 4),
          str('status', 'okay'),
          cells(`vendor,prop-${i % 50}`, i),
        ]),
      );
    }
    const t = tree(root);
    // Best of a few runs after warm-up: the machine is shared, and the first calls run unoptimised.
    let best = Number.POSITIVE_INFINITY;
    let blob: Uint8Array = new Uint8Array(0);
    for (let run = 0; run < 12; run++) {
      const start = performance.now();
      blob = writeDtb(t);
      if (run >= 3) best = Math.min(best, performance.now() - start);
    }
    expect(blob.length).toBeGreaterThan(200_000);
    // Typically 3-8 ms; the bound leaves room for a loaded machine and still catches quadratic work.
    expect(best).toBeLessThan(40);
  });
});

describe('StringsTable', () => {
  it('shares a name that is the tail of an earlier one, not the reverse', () => {
    const t = new StringsTable();
    expect(t.insert('#cells')).toBe(0);
    expect(t.insert('cells')).toBe(1);
    expect(t.insert('x,cells')).toBe(7);
    expect(t.insert('cells')).toBe(1);
    expect(t.insert('')).toBe(6);
    expect(t.length).toBe(15);
  });

  it('returns the first match in table order', () => {
    const t = new StringsTable();
    t.insert('a-phandle');
    t.insert('linux,phandle');
    expect(t.insert('phandle')).toBe(2);
  });

  it('handles names longer than the indexed suffix length', () => {
    const t = new StringsTable();
    const long = `${'x'.repeat(300)}-tail`;
    t.insert(long);
    expect(t.insert('tail')).toBe(301);
    expect(t.insert(long.slice(10))).toBe(10);
    expect(t.insert(`y${long}`)).toBe(long.length + 1);
    expect(t.insert(long)).toBe(0);
    expect(new TextDecoder().decode(t.bytes().subarray(0, 3))).toBe('xxx');
  });
});
