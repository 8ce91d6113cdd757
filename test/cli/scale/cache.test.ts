import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ContentCache } from '../../../cli/cache/content-cache.js';
import { cacheDirFor } from '../../../cli/scale-options.js';
import { type FileSystem, NodeFileSystem } from '../../../compiler/source/file-system.js';
import { runCli } from '../../support/cli.js';
import { boards, fixtureCopy, lint } from './support.js';

/** Every entry file under a cache folder. */
function entries(cacheDir: string): string[] {
  if (!fs.existsSync(cacheDir)) return [];
  return fs.readdirSync(cacheDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'));
}

describe("--cache: a content-hash cache of each board's includes and results", () => {
  it('never changes results: cold, warm, after editing a shared include, after corruption', async () => {
    const dir = fixtureCopy();
    const cache = path.join(dir, 'cache');
    const inputs = boards(dir);
    for (const format of ['text', 'json', 'sarif']) {
      const fresh = await lint(dir, ['--format', format, ...inputs]);
      const cold = await lint(dir, ['--format', format, '--cache-dir', cache, ...inputs]);
      const warm = await lint(dir, ['--format', format, '--cache-dir', cache, ...inputs]);
      expect(cold).toEqual(fresh);
      expect(warm).toEqual(fresh);
    }
    expect(entries(cache)).toHaveLength(inputs.length);

    // A shared include changes: every board is linted again and sees the change.
    fs.appendFileSync(path.join(dir, 'include/common.dtsi'), '/ { extra@5 { }; };\n');
    const fresh = await lint(dir, ['--format', 'json', ...inputs]);
    expect(fresh.stdout).toContain('extra@5');
    expect(await lint(dir, ['--format', 'json', '--cache-dir', cache, ...inputs])).toEqual(fresh);
    // One entry per board and options: the new result replaced the stale one.
    expect(entries(cache)).toHaveLength(inputs.length);

    // Corrupt, truncated or foreign entries are misses, never crashes.
    const files = entries(cache);
    files.forEach((f, i) => {
      const file = path.join(cache, f);
      const text = fs.readFileSync(file, 'utf8');
      fs.writeFileSync(
        file,
        i % 3 === 0 ? text.slice(0, text.length / 2) : i % 3 === 1 ? '{"layout":"v1"}' : '\0\0',
      );
    });
    expect(await lint(dir, ['--format', 'json', '--cache-dir', cache, ...inputs])).toEqual(fresh);
    expect(await lint(dir, ['--format', 'json', '--cache-dir', cache, ...inputs])).toEqual(fresh);
  });

  it('with --jobs N, answers hits before starting workers (a warm run starts none)', async () => {
    const dir = fixtureCopy();
    const cache = path.join(dir, 'cache');
    const inputs = boards(dir);
    await lint(dir, ['--format', 'sarif', '--cache-dir', cache, ...inputs]);
    // In this test process workers cannot start (they run the built JavaScript), so these runs
    // pass only because every hit is answered here and the one miss runs in this thread.
    const fresh = await lint(dir, ['--format', 'sarif', ...inputs]);
    expect(await lint(dir, ['--format', 'sarif', '--jobs', '4', '--cache-dir', cache, ...inputs])).toEqual(
      fresh,
    );
    fs.appendFileSync(path.join(dir, 'boards/warn-unit.dts'), '/ { c@3 { }; };\n');
    const changed = await lint(dir, ['--format', 'sarif', ...inputs]);
    expect(changed).not.toEqual(fresh);
    expect(await lint(dir, ['--format', 'sarif', '--jobs', '4', '--cache-dir', cache, ...inputs])).toEqual(
      changed,
    );
  });

  it('uses the stored result on a hit (a planted result shows through)', async () => {
    const dir = fixtureCopy();
    const cache = path.join(dir, 'cache');
    await lint(dir, ['--format', 'json', '--cache-dir', cache, 'boards/clean.dts']);
    const [entry] = entries(cache);
    const file = path.join(cache, entry!);
    const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    doc.result.diagnostics.push({ code: 'test/planted', severity: 'warning', message: 'from the cache' });
    fs.writeFileSync(file, JSON.stringify(doc));
    expect(
      (await lint(dir, ['--format', 'json', '--cache-dir', cache, 'boards/clean.dts'])).stdout,
    ).toContain('test/planted');
    expect((await lint(dir, ['--format', 'json', 'boards/clean.dts'])).stdout).not.toContain('test/planted');
    // Other options are another key.
    expect(
      (await lint(dir, ['--format', 'json', '--cache-dir', cache, '-D', 'X=1', 'boards/clean.dts'])).stdout,
    ).not.toContain('test/planted');
  });

  it('misses when a header appears earlier in the search path, or an /incbin/ file changes', () => {
    const dir = fixtureCopy();
    const previous = process.cwd();
    process.chdir(dir);
    try {
      const schema = z.array(z.number());
      // What a front end does: probe the includer's folder first, then the -i folder; read a blob.
      const compute = (rfs: FileSystem) => {
        const header = rfs.readText('boards/common.dtsi') ?? rfs.readText('include/common.dtsi') ?? '';
        return [header.length, rfs.readBytes('include/blob.bin')?.length ?? -1];
      };
      // One ContentCache per run, as the CLI makes one per process.
      const run = () => {
        const cache = new ContentCache(path.join(dir, 'cache'));
        const result = cache.run({ k: 1 }, 'boards/clean.dts', schema, new NodeFileSystem(), compute);
        return { result, ...cache.stats() };
      };
      const first = run();
      expect(first.misses).toBe(1);
      expect(run()).toEqual({ ...first, hits: 1, misses: 0 });
      fs.writeFileSync(path.join(dir, 'boards/common.dtsi'), '/ { };\n');
      expect(run()).toEqual({ result: [7, first.result[1]], hits: 0, misses: 1 });
      expect(run().hits).toBe(1);
      fs.writeFileSync(path.join(dir, 'include/blob.bin'), 'longer blob');
      expect(run()).toEqual({ result: [7, 11], hits: 0, misses: 1 });
      fs.rmSync(path.join(dir, 'boards/common.dtsi'));
      expect(run()).toEqual({ result: [first.result[0], 11], hits: 0, misses: 1 });
      // The input itself is part of the key.
      fs.appendFileSync(path.join(dir, 'boards/clean.dts'), '\n');
      expect(run().misses).toBe(1);
    } finally {
      process.chdir(previous);
    }
  });

  it('compile: the same files and diagnostics with a cold and a warm cache, with --jobs 1', async () => {
    const dir = fixtureCopy();
    const cache = path.join(dir, 'cache');
    const args = (out: string, extra: string[]) => [
      'compile',
      '-i',
      'include',
      '--out-dir',
      out,
      '--format',
      'json',
      ...extra,
      ...boards(dir),
    ];
    const fresh = await runCli(args('fresh', []), dir);
    const cold = await runCli(args('cold', ['--cache-dir', cache]), dir);
    const warm = await runCli(args('warm', ['--cache-dir', cache]), dir);
    expect(cold).toEqual(fresh);
    expect(warm).toEqual(fresh);
    const files = (d: string) =>
      fs
        .readdirSync(path.join(dir, d), { recursive: true, encoding: 'utf8' })
        .sort()
        .map((f) => {
          const full = path.join(dir, d, f);
          return fs.statSync(full).isFile() ? [f, fs.readFileSync(full).toString('hex')] : [f];
        });
    expect(files('cold')).toEqual(files('fresh'));
    expect(files('warm')).toEqual(files('fresh'));
    expect(files('fresh').length).toBeGreaterThan(3);
  });

  it('is off by default; --cache uses DTPC_CACHE_DIR, then XDG_CACHE_HOME, then ~/.cache', () => {
    expect(cacheDirFor({}, {})).toBeUndefined();
    expect(cacheDirFor({}, { DTPC_CACHE_DIR: '/c' })).toBe('/c');
    expect(cacheDirFor({ cache: false, cacheDir: '/d' }, { DTPC_CACHE_DIR: '/c' })).toBeUndefined();
    expect(cacheDirFor({ cacheDir: '/d' }, { DTPC_CACHE_DIR: '/c' })).toBe('/d');
    expect(cacheDirFor({ cache: true }, { DTPC_CACHE_DIR: '/c' })).toBe('/c');
    expect(cacheDirFor({ cache: true }, { XDG_CACHE_HOME: '/x' })).toBe('/x/dtpc');
    expect(cacheDirFor({ cache: true }, {})).toMatch(/\.cache\/dtpc$/);
  });
});
