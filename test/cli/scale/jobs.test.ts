import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type PoolWorker, runPool } from '../../../cli/lint-runner.js';
import { parseJobs } from '../../../cli/scale-options.js';
import { boards, fixtureCopy } from './support.js';

/** A fake worker that answers after a random delay, so results arrive out of order. */
function fakeWorker(seed: { n: number }): PoolWorker<number, string> {
  let handler: ((reply: { index: number; result: string }) => void) | undefined;
  let stop: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    stop = resolve;
  });
  return {
    send: (request) => {
      if (!request) return stop();
      seed.n = (seed.n * 1103515245 + 12345) % 2 ** 31;
      setTimeout(() => handler?.({ index: request.index, result: `r${request.job}` }), seed.n % 7);
    },
    onReply: (h) => {
      handler = h;
    },
    done,
  };
}

describe('--jobs N', () => {
  it('returns results in input order whatever order the workers finish in', async () => {
    const jobs = Array.from({ length: 40 }, (_, i) => i);
    for (const workers of [1, 2, 3, 8, 50]) {
      const seen: number[] = [];
      const results = await runPool(
        jobs,
        workers,
        () => fakeWorker({ n: workers }),
        (d) => seen.push(d),
      );
      expect(results).toEqual(jobs.map((i) => `r${i}`));
      expect(seen).toEqual(jobs.map((i) => i + 1));
    }
  });

  it('takes a positive integer or auto', () => {
    expect(parseJobs('3')).toBe(3);
    expect(parseJobs('auto')).toBeGreaterThanOrEqual(1);
    for (const bad of ['0', '-1', '1.5', 'x', '']) expect(() => parseJobs(bad)).toThrow(/--jobs/);
  });
});

// Worker threads run the built JavaScript (dist/), which `npm ci` builds; skipped without it.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const cli = path.join(root, 'dist/cli/main.js');
const built = fs.existsSync(path.join(root, 'dist/cli/merge.js'));

describe.skipIf(!built)('--jobs N with worker threads (built CLI)', () => {
  const dtpc = (args: string[], cwd: string) => {
    const run = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'latin1' });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  };

  it('lint and compile print and write the same with 1 and 2 jobs (lint with the cache)', () => {
    const dir = fixtureCopy();
    const inputs = boards(dir);
    // Few runs: each starts node and its workers, which is slow on a loaded machine.
    for (const [format, jobs] of [['json', ['--jobs', '2', '--cache-dir', 'cache']]] as const) {
      const one = dtpc(['lint', '-i', 'include', '--format', format, ...inputs], dir);
      expect(one.code).toBe(1);
      expect(dtpc(['lint', '-i', 'include', '--format', format, ...jobs, ...inputs], dir)).toEqual(one);
    }
    const compile = (out: string, jobs: string) =>
      dtpc(
        ['compile', '-i', 'include', '--out-dir', out, '--format', 'json', '--jobs', jobs, ...inputs],
        dir,
      );
    const c1 = compile('one', '1');
    expect(compile('two', '2')).toEqual(c1);
    const read = (d: string) =>
      fs
        .readdirSync(path.join(dir, d, 'boards'))
        .sort()
        .map((f) => [f, fs.readFileSync(path.join(dir, d, 'boards', f)).toString('hex')]);
    expect(read('two')).toEqual(read('one'));
    expect(read('one').length).toBe(6);
  }, 120_000);
});
