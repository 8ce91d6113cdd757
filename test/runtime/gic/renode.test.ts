import { describe, expect, it } from 'vitest';
import { Trace } from '../../../runtime/core/trace.js';
import { GicV3 } from '../../../runtime/gic/gicv3.js';
import { parseRenodeTarget, renodeTarget, wireRenode } from '../../../runtime/gic/renode.js';

describe('Renode GIC numbering (checklist 13)', () => {
  it('gic@N is SPI N (INTID N+32); gic#C@M is INTID M (16+PPI) on CPU C', () => {
    expect(renodeTarget({ intid: 40 })).toBe('gic@8');
    expect(renodeTarget({ intid: 30, cpu: 0 })).toBe('gic#0@30');
    expect(renodeTarget({ intid: 30 })).toBeUndefined();
    expect(renodeTarget({ intid: 4096 })).toBeUndefined();
    expect(parseRenodeTarget('gic@8')).toEqual({ intid: 40 });
    expect(parseRenodeTarget('gic@0x10')).toEqual({ intid: 48 });
    expect(parseRenodeTarget('gic#1@29')).toEqual({ intid: 29, cpu: 1 });
    expect(parseRenodeTarget('gic#1@13')).toBeUndefined();
    expect(parseRenodeTarget('nvic@3')).toBeUndefined();
  });

  it('wires a line on the model', () => {
    const gic = new GicV3({ trace: new Trace(() => 0), cpus: 1 });
    gic.configure(40, { trigger: 'level', enabled: true });
    wireRenode(gic, 'gic@8')?.set(true);
    expect(gic.acknowledge(0, 'irq')).toBe(40);
  });
});
