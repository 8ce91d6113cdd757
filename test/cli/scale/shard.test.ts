import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseShard, shardIndices } from '../../../cli/shard.js';
import { boards, fixtureCopy, lint } from './support.js';

describe('--shard K/N', () => {
  it('parses K/N and refuses anything else', () => {
    expect(parseShard('2/5')).toEqual({ index: 2, count: 5 });
    for (const bad of ['0/3', '4/3', '1/0', '3', 'a/b', '-1/2', '1/2/3', ''])
      expect(() => parseShard(bad)).toThrow(/--shard/);
  });

  it('is a round-robin of the sorted inputs, returned in input order', () => {
    const inputs = ['d', 'b', 'a', 'c', 'e'];
    // sorted: a b c d e -> shard 1: a c e, shard 2: b d
    expect(shardIndices(inputs, { index: 1, count: 2 })).toEqual([2, 3, 4]);
    expect(shardIndices(inputs, { index: 2, count: 2 })).toEqual([0, 1]);
  });

  it('covers every input exactly once, whatever the order and the count', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string(), { maxLength: 40 }),
        fc.integer({ min: 1, max: 9 }),
        (inputs, count) => {
          const all = Array.from({ length: count }, (_, k) =>
            shardIndices(inputs, { index: k + 1, count }),
          ).flat();
          expect(all.sort((a, b) => a - b)).toEqual(inputs.map((_, i) => i));
        },
      ),
    );
  });

  it('does not depend on the order the inputs were given in', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string(), { maxLength: 30 }),
        fc.integer({ min: 1, max: 5 }),
        (inputs, count) => {
          const reversed = [...inputs].reverse();
          for (let k = 1; k <= count; k++) {
            const a = shardIndices(inputs, { index: k, count }).map((i) => inputs[i]);
            const b = shardIndices(reversed, { index: k, count }).map((i) => reversed[i]);
            expect(new Set(a)).toEqual(new Set(b));
          }
        },
      ),
    );
  });

  it('is a usage error (exit 2) when K/N is wrong, for lint and compile', async () => {
    const dir = fixtureCopy();
    for (const bad of ['0/2', '3/2', 'x'])
      expect((await lint(dir, ['--shard', bad, ...boards(dir)])).code).toBe(2);
    expect((await lint(dir, ['--jobs', '0', ...boards(dir)])).code).toBe(2);
    expect((await lint(dir, ['--jobs', 'many', ...boards(dir)])).code).toBe(2);
    const compile = await import('../../support/cli.js').then((m) =>
      m.runCli(['compile', '-i', 'include', '-O', 'null', '--shard', '5/4', ...boards(dir)], dir),
    );
    expect(compile.code).toBe(2);
  });

  it('text output of one shard lists only its boards', async () => {
    const dir = fixtureCopy();
    const run = await lint(dir, ['--shard', '1/4', ...boards(dir)]);
    expect(run.stdout).toMatch(/in 2 file\(s\)/);
  });
});
