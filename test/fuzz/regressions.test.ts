/**
 * Every input the fuzzer ever failed on (`test/fuzz/regressions/<target>/<hash>.<ext>`) replayed
 * through its target on fresh state: each must now pass its oracle within the target's budget.
 */
import { describe, expect, it } from 'vitest';
import { fixtures, replay } from './support/replay.js';
import { targetByName } from './targets/index.js';

const all = fixtures();

describe('fuzz regressions', () => {
  it('every fixture folder names a registered target', () => {
    for (const f of all) expect(targetByName(f.target), f.file).toBeDefined();
  });

  for (const f of all)
    it(`${f.target}: ${f.file.split('/').at(-1)}`, { timeout: 60_000 }, () => {
      const target = targetByName(f.target)!;
      const ms = replay(target, f.file);
      // Ten budgets: a fixed hang took minutes; a shared CI machine can be several times slower.
      expect(ms).toBeLessThan(target.budgetMs * 10);
    });
});
