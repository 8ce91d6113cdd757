import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { boards, fixtureCopy, lint, shardFiles } from './support.js';

describe('dtpc merge', () => {
  it('turns lint JSON and SARIF shards back into the unsharded output, byte for byte', async () => {
    const dir = fixtureCopy();
    const inputs = boards(dir);
    for (const format of ['json', 'sarif']) {
      const single = await lint(dir, ['--format', format, ...inputs]);
      expect(single.code).toBe(1);
      for (const count of [1, 3, 8, 11]) {
        const files = await shardFiles(
          dir,
          count,
          ['lint', '-i', 'include', '--format', format, ...inputs],
          format,
        );
        // Shards in any order give the same result.
        const merged = await runCli(['merge', ...files.reverse()], dir);
        expect(merged.stdout).toBe(single.stdout);
        expect(merged.code).toBe(single.code);
      }
    }
  });

  it('writes -o atomically and keeps the lint exit rules (errors, --max-warnings)', async () => {
    const dir = fixtureCopy();
    const warnOnly = ['boards/warn-unit.dts', 'boards/clean.dts', 'boards/two-warnings.dts'];
    for (const [extra, code] of [
      [[], 0],
      [['--max-warnings', '2'], 1],
      [['--max-warnings', '3'], 0],
    ] as const) {
      const args = ['lint', '-i', 'include', '--format', 'json', ...extra, ...warnOnly];
      expect((await runCli(args, dir)).code).toBe(code);
      const files = await shardFiles(dir, 2, args, 'json');
      const merged = await runCli(['merge', '-o', 'merged.json', ...files], dir);
      expect(merged.code).toBe(code);
      expect(fs.readFileSync(path.join(dir, 'merged.json'), 'utf8')).toBe((await runCli(args, dir)).stdout);
    }
  });

  it('merges compile JSON shards; exit 1 when an input failed', async () => {
    const dir = fixtureCopy();
    const args = ['compile', '-i', 'include', '-O', 'null', '--format', 'json', ...boards(dir)];
    const single = await runCli(args, dir);
    const merged = await runCli(['merge', ...(await shardFiles(dir, 3, args, 'json'))], dir);
    expect(merged.stdout).toBe(single.stdout);
    expect([merged.code, single.code]).toEqual([1, 1]);
  });

  it('refuses results it cannot merge, with a merge/ diagnostic and exit 2', async () => {
    const dir = fixtureCopy();
    const inputs = boards(dir);
    const base = ['lint', '-i', 'include', ...inputs];
    const json = await shardFiles(dir, 2, [...base, '--format', 'json'], 'json');
    const sarif = await shardFiles(dir, 2, [...base, '--format', 'sarif'], 'sarif');
    const expectRefused = async (files: string[], code: string, args: string[] = []) => {
      const run = await runCli(['merge', ...args, ...files], dir);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`[merge/${code}]`);
      expect(run.stdout).toBe('');
    };
    await expectRefused([json[0]!, sarif[1]!], 'mixed-formats');
    await expectRefused(json, 'mixed-formats', ['--format', 'sarif']);
    await expectRefused([json[0]!], 'missing-shard');
    await expectRefused([json[0]!, json[0]!, json[1]!], 'duplicate-shard');

    // Another option, another input list, another shard count, another dtpc version.
    const other = (name: string, text: string) => {
      fs.writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    const withRule = await runCli(
      [...base, '--format', 'json', '--rule', 'wiring/*=off', '--shard', '2/2'],
      dir,
    );
    await expectRefused([json[0]!, other('rule.json', withRule.stdout)], 'options-mismatch');
    const fewer = await runCli(
      ['lint', '-i', 'include', '--format', 'json', '--shard', '2/2', ...inputs.slice(1)],
      dir,
    );
    await expectRefused([json[0]!, other('fewer.json', fewer.stdout)], 'inputs-mismatch');
    const thirds = await runCli([...base, '--format', 'json', '--shard', '2/3'], dir);
    await expectRefused([json[0]!, other('thirds.json', thirds.stdout)], 'shard-count-mismatch');
    const doc = JSON.parse(fs.readFileSync(json[1]!, 'utf8'));
    doc.dtpc.version = '9.9.9';
    await expectRefused([json[0]!, other('version.json', JSON.stringify(doc))], 'version-mismatch');

    // Not a shard result at all.
    const plain = await runCli([...base, '--format', 'json'], dir);
    await expectRefused([other('plain.json', plain.stdout)], 'not-a-shard-result');
    await expectRefused([other('garbage.json', '{ not json')], 'not-a-shard-result');
    await expectRefused([path.join(dir, 'nope.json')], 'unreadable');
    doc.dtpc.version = '0.1.0';
    doc.results.pop();
    await expectRefused([json[0]!, other('cut.json', JSON.stringify(doc))], 'corrupt');
  });
});
