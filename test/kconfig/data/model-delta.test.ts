import { describe, expect, it } from 'vitest';
import { applyModelDelta } from '../../../schemas/kconfig/data/model-delta.js';
import { diffModels } from '../../../schemas/kconfig/data/model-diff.js';
import type { KconfigModelData } from '../../../schemas/kconfig/data/model-types.js';
import { BUILTIN_MODELS } from '../../../schemas/kconfig/data/models/index.js';
import { SUPPORTED_KERNELS } from '../../../schemas/kconfig/data/versions.js';

const base: KconfigModelData = {
  kernel: 'v1.0',
  provenance: 'test',
  symbols: [
    { name: 'A', type: 'bool', prompt: 'y' },
    { name: 'B', type: 'bool', dependsOn: 'A', at: { file: 'Kconfig', line: 3 } },
    { name: 'C', type: 'tristate', prompt: 'y' },
  ],
  undefinedReferences: [],
};

const names = (m: KconfigModelData) => m.symbols.map((s) => s.name);

describe('applyModelDelta', () => {
  it('adds symbols after their anchor, at the start, and after one added before them', () => {
    const m = applyModelDelta(base, {
      kernel: 'v1.1',
      provenance: 'next',
      add: {
        Z: { after: null, type: 'bool' },
        D: { after: 'A', type: 'int', prompt: 'y' },
        E: { after: 'D', type: 'hex' },
      },
    });
    expect(names(m)).toEqual(['Z', 'A', 'D', 'E', 'B', 'C']);
    expect(m.symbols[2]).toEqual({ name: 'D', type: 'int', prompt: 'y' });
    expect(m).toMatchObject({ kernel: 'v1.1', provenance: 'next', undefinedReferences: [] });
  });

  it('removes symbols', () => {
    expect(names(applyModelDelta(base, { kernel: 'v1.1', provenance: '', remove: ['B'] }))).toEqual([
      'A',
      'C',
    ]);
  });

  it('replaces changed fields, drops fields changed to undefined, keeps the rest', () => {
    const m = applyModelDelta(base, {
      kernel: 'v1.1',
      provenance: '',
      change: { B: { type: 'tristate', dependsOn: undefined }, C: { at: { file: 'K', line: 9 } } },
    });
    expect(m.symbols[1]).toEqual({ name: 'B', type: 'tristate', at: { file: 'Kconfig', line: 3 } });
    expect('dependsOn' in m.symbols[1]!).toBe(false);
    expect(m.symbols[2]).toEqual({ name: 'C', type: 'tristate', prompt: 'y', at: { file: 'K', line: 9 } });
    expect(base.symbols[1]).toEqual({
      name: 'B',
      type: 'bool',
      dependsOn: 'A',
      at: { file: 'Kconfig', line: 3 },
    });
  });

  it('replaces the undefined references only when the delta gives them', () => {
    const refs = [{ name: 'X', file: 'Kconfig', line: 1 }];
    expect(
      applyModelDelta(base, { kernel: 'v1.1', provenance: '', undefinedReferences: refs })
        .undefinedReferences,
    ).toBe(refs);
  });

  it('throws on a delta that does not fit its base', () => {
    const bad = (delta: Omit<Parameters<typeof applyModelDelta>[1], 'kernel' | 'provenance'>) => () =>
      applyModelDelta(base, { kernel: 'v1.1', provenance: '', ...delta });
    expect(bad({ remove: ['NOPE'] })).toThrow(/v1\.1 \(delta over v1\.0\): removes NOPE/);
    expect(bad({ change: { NOPE: { type: 'bool' } } })).toThrow(/changes NOPE/);
    expect(bad({ remove: ['B'], change: { B: { type: 'bool' } } })).toThrow(/both removes and changes B/);
    expect(bad({ add: { A: { after: null, type: 'bool' } } })).toThrow(/adds A, which is already defined/);
    expect(bad({ add: { D: { after: 'NOPE', type: 'bool' } } })).toThrow(/adds D after NOPE/);
  });
});

describe('diffModels', () => {
  it('reproduces every built-in model from the one before it', () => {
    for (let i = 1; i < SUPPORTED_KERNELS.length; i++) {
      const prev = BUILTIN_MODELS[SUPPORTED_KERNELS[i - 1]!];
      const next = BUILTIN_MODELS[SUPPORTED_KERNELS[i]!];
      const delta = diffModels(prev, next);
      expect(delta, SUPPORTED_KERNELS[i]).toBeDefined();
      expect(applyModelDelta(prev, delta!)).toEqual(next);
    }
  });

  it('gives up on a reordering a delta cannot express', () => {
    const swapped = { ...base, symbols: [base.symbols[1]!, base.symbols[0]!, base.symbols[2]!] };
    expect(diffModels(base, swapped)).toBeUndefined();
  });
});
