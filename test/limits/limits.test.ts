/**
 * Every limit and every sandbox escape, through the real CLI: the diagnostic's code and location,
 * exit code 1, and nothing written (a new output path stays absent, an existing output keeps its
 * bytes). Limits are set low with --limit so each case is a few lines of input.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { setStdinReader } from '../../cli/io.js';
import { runCli } from '../support/cli.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.resolve(here, '../fixtures/limits');
const repo = path.resolve(here, '../..');
const OLD = 'previous output\n';

/** A private copy of one fixture folder (tests create outputs, symlinks and FIFOs in it). */
function copyFixture(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `dtpc-limits-${name.replace(/\W/g, '-')}-`));
  fs.cpSync(path.join(fixtures, name), dir, { recursive: true });
  return dir;
}

interface JsonReport {
  input: string;
  ok: boolean;
  diagnostics: {
    code: string;
    severity: string;
    hint?: string;
    span?: { file: string; line: number; col: number };
  }[];
}

interface Where {
  code: string;
  file: string;
  line: number;
  col?: number;
}

/**
 * Runs `dtpc compile <args> --format json` twice: once to an output that does not exist, once over
 * an existing one. Both must exit 1 with the diagnostic at `where`, and write nothing.
 */
async function expectRefused(
  dir: string,
  args: string[],
  where: Where,
): Promise<JsonReport['diagnostics'][number]> {
  const fresh = path.join(dir, 'fresh.dtb');
  const run = await runCli(['compile', ...args, '--format', 'json', '-o', 'fresh.dtb'], dir);
  expect(run.code, run.stderr).toBe(1);
  expect(fs.existsSync(fresh)).toBe(false);
  const reports = JSON.parse(run.stdout) as JsonReport[];
  const errors = reports.flatMap((r) => r.diagnostics).filter((d) => d.severity === 'error');
  const hit = errors.find((d) => d.code === where.code);
  expect(hit, JSON.stringify(errors)).toBeDefined();
  expect(hit?.span).toMatchObject({
    file: where.file,
    line: where.line,
    ...(where.col !== undefined ? { col: where.col } : {}),
  });
  expect(hit?.hint).toBeTruthy();

  const existing = path.join(dir, 'existing.dtb');
  fs.writeFileSync(existing, OLD);
  const again = await runCli(['compile', ...args, '-o', 'existing.dtb'], dir);
  expect(again.code).toBe(1);
  expect(again.stderr).toContain(`[${where.code}]`);
  expect(fs.readFileSync(existing, 'utf8')).toBe(OLD);
  expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  return hit!;
}

describe('limits', () => {
  const cases: { name: string; fixture: string; args: string[]; where: Where }[] = [
    {
      name: 'include-depth',
      fixture: 'include-depth',
      args: ['board.dts', '--limit', 'include-depth=3'],
      where: { code: 'limit/include-depth', file: 'b.dtsi', line: 2, col: 1 },
    },
    {
      name: 'include cycle (#include), named',
      fixture: 'include-cycle',
      args: ['board.dts', '--limit', 'include-depth=20'],
      where: { code: 'limit/include-cycle', file: 'a.dtsi', line: 1, col: 1 },
    },
    {
      name: 'include cycle (/include/), found at once',
      fixture: 'include-cycle-dtc',
      args: ['board.dts'],
      where: { code: 'limit/include-cycle', file: 'a.dtsi', line: 2, col: 1 },
    },
    {
      name: 'total-input-size (an include that multiplies)',
      fixture: 'total-input-size',
      args: ['board.dts', '--limit', 'total-input-size=400'],
      where: { code: 'limit/total-input-size', file: 'a.dtsi', line: 5, col: 1 },
    },
    {
      name: 'macro-expansion',
      fixture: 'macro-expansion',
      args: ['board.dts', '--limit', 'macro-expansion=1000'],
      where: { code: 'limit/macro-expansion', file: 'board.dts', line: 16, col: 11 },
    },
    {
      name: 'input-size (the input)',
      fixture: 'input-size',
      args: ['board.dts', '--limit', 'input-size=200'],
      where: { code: 'limit/input-size', file: 'board.dts', line: 1, col: 1 },
    },
    {
      name: 'input-size (an included file, before it is read)',
      fixture: 'input-size-include',
      args: ['board.dts', '--limit', 'input-size=300'],
      where: { code: 'limit/input-size', file: 'board.dts', line: 2, col: 1 },
    },
    {
      name: 'node-depth',
      fixture: 'node-depth',
      args: ['board.dts', '--limit', 'node-depth=2'],
      where: { code: 'limit/node-depth', file: 'board.dts', line: 5, col: 6 },
    },
    {
      name: 'property-size',
      fixture: 'property-size',
      args: ['board.dts', '--limit', 'property-size=16'],
      where: { code: 'limit/property-size', file: 'board.dts', line: 4, col: 2 },
    },
    {
      name: 'incbin-size',
      fixture: 'incbin-size',
      args: ['board.dts', '--limit', 'incbin-size=64'],
      where: { code: 'limit/incbin-size', file: 'board.dts', line: 3 },
    },
    {
      name: 'array-length (/bits/ 64)',
      fixture: 'array-length',
      args: ['board.dts', '--limit', 'array-length=4'],
      where: { code: 'limit/array-length', file: 'board.dts', line: 4 },
    },
    {
      name: 'diagnostics (every pair of duplicate properties, as dtc reports them)',
      fixture: 'diagnostics',
      args: ['board.dts', '--limit', 'diagnostics=3'],
      where: { code: 'limit/diagnostics', file: 'board.dts', line: 4 },
    },
  ];

  for (const c of cases) {
    it(`${c.name}: diagnostic, exit 1, nothing written`, async () => {
      await expectRefused(copyFixture(c.fixture), c.args, c.where);
    });
  }

  it('the include cycle is named in the message', async () => {
    const dir = copyFixture('include-cycle');
    const run = await runCli(['compile', 'board.dts', '--limit', 'include-depth=20', '-O', 'null'], dir);
    expect(run.stderr).toMatch(/a\.dtsi -> b\.dtsi -> a\.dtsi/);
    const dtc = await runCli(['compile', 'board.dts', '-O', 'null'], copyFixture('include-cycle-dtc'));
    expect(dtc.stderr).toMatch(/board\.dts -> a\.dtsi -> board\.dts/);
  });

  it('the hint names the --limit to raise, and raising it lets the input through', async () => {
    const dir = copyFixture('node-depth');
    const hit = await expectRefused(dir, ['board.dts', '--limit', 'node-depth=2'], {
      code: 'limit/node-depth',
      file: 'board.dts',
      line: 5,
    });
    expect(hit.hint).toContain('--limit node-depth=');
    const ok = await runCli(['compile', 'board.dts', '--limit', 'node-depth=4', '-o', 'ok.dtb'], dir);
    expect(ok.code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'ok.dtb'))).toBe(true);
  });

  it('input-size applies to DTB inputs (-I dtb)', async () => {
    const dir = copyFixture('node-depth');
    expect((await runCli(['compile', 'board.dts', '-o', 'board.dtb'], dir)).code).toBe(0);
    await expectRefused(dir, ['-I', 'dtb', 'board.dtb', '--limit', 'input-size=64'], {
      code: 'limit/input-size',
      file: 'board.dtb',
      line: 1,
    });
  });

  it('node-depth applies to DTB inputs (-I dtb), naming the node', async () => {
    const dir = copyFixture('node-depth');
    expect((await runCli(['compile', 'board.dts', '-o', 'board.dtb'], dir)).code).toBe(0);
    await expectRefused(dir, ['-I', 'dtb', 'board.dtb', '--limit', 'node-depth=2'], {
      code: 'limit/node-depth',
      file: 'board.dtb',
      line: 1,
    });
    const run = await runCli(
      ['compile', '-I', 'dtb', 'board.dtb', '--limit', 'node-depth=2', '-O', 'null'],
      dir,
    );
    expect(run.stderr).toContain('/a/b/c');
  });

  it('-f does not write a tree cut short by a limit', async () => {
    const dir = copyFixture('node-depth');
    const run = await runCli(
      ['compile', 'board.dts', '-f', '--limit', 'node-depth=2', '-o', 'forced.dtb'],
      dir,
    );
    expect(run.code).toBe(1);
    expect(fs.existsSync(path.join(dir, 'forced.dtb'))).toBe(false);
  });

  it('lint reports the same limit diagnostics', async () => {
    const dir = copyFixture('array-length');
    const run = await runCli(['lint', 'board.dts', '--limit', 'array-length=4', '--format', 'json'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('limit/array-length');
  });
});

describe('--limit on the command line and in dtpc.config.json', () => {
  it.each([
    ['an unknown name', 'no-such-limit=3', /unknown limit 'no-such-limit'/],
    ['a bad value', 'include-depth=lots', /invalid value 'lots' for limit include-depth/],
    ['zero', 'node-depth=0', /invalid value '0'/],
    ['no value', 'include-depth', /--limit takes NAME=VALUE/],
  ])('%s is a usage error (exit 2), nothing written', async (_what, spec, message) => {
    const dir = copyFixture('node-depth');
    const run = await runCli(['compile', 'board.dts', '--limit', spec, '-o', 'out.dtb'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(fs.existsSync(path.join(dir, 'out.dtb'))).toBe(false);
  });

  it('takes binary and decimal suffixes', async () => {
    const dir = copyFixture('input-size');
    expect(
      (await runCli(['compile', 'board.dts', '--limit', 'input-size=1KiB', '-O', 'null'], dir)).code,
    ).toBe(1);
    expect(
      (await runCli(['compile', 'board.dts', '--limit', 'input-size=16MiB', '-O', 'null'], dir)).code,
    ).toBe(0);
    expect((await runCli(['compile', 'board.dts', '--limit', 'input-size=2k', '-O', 'null'], dir)).code).toBe(
      0,
    );
  });

  it('dtpc.config.json sets limits for the boards beside it; the command line wins', async () => {
    const dir = copyFixture('node-depth');
    fs.writeFileSync(path.join(dir, 'dtpc.config.json'), JSON.stringify({ limits: { 'node-depth': 2 } }));
    await expectRefused(dir, ['board.dts'], { code: 'limit/node-depth', file: 'board.dts', line: 5 });
    const raised = await runCli(['compile', 'board.dts', '--limit', 'node-depth=8', '-O', 'null'], dir);
    expect(raised.code).toBe(0);
  });

  it('a bad limit in dtpc.config.json is a usage error', async () => {
    const dir = copyFixture('node-depth');
    fs.writeFileSync(path.join(dir, 'dtpc.config.json'), JSON.stringify({ limits: { depth: 2 } }));
    const run = await runCli(['compile', 'board.dts', '-o', 'out.dtb'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/dtpc\.config\.json: limits: unknown limit 'depth'/);
    expect(fs.existsSync(path.join(dir, 'out.dtb'))).toBe(false);
  });
});

describe('sandbox', () => {
  afterEach(() => setStdinReader(undefined));
  const sandboxed = (board: string) => [`board/${board}`, '--sandbox', '-i', 'inc'];

  it('a good board compiles inside the sandbox', async () => {
    const dir = copyFixture('sandbox');
    const run = await runCli(['compile', ...sandboxed('good.dts'), '-o', 'good.dtb'], dir);
    expect(run.code, run.stderr).toBe(0);
    expect(fs.existsSync(path.join(dir, 'good.dtb'))).toBe(true);
  });

  it('refuses a ../ #include', async () => {
    await expectRefused(copyFixture('sandbox'), sandboxed('dotdot.dts'), {
      code: 'sandbox/escape',
      file: 'board/dotdot.dts',
      line: 2,
      col: 1,
    });
  });

  it('refuses a ../ /include/', async () => {
    await expectRefused(copyFixture('sandbox'), sandboxed('dotdot-dtc.dts'), {
      code: 'sandbox/escape',
      file: 'board/dotdot-dtc.dts',
      line: 2,
      col: 1,
    });
  });

  it('refuses an absolute path outside', async () => {
    await expectRefused(copyFixture('sandbox'), sandboxed('absolute.dts'), {
      code: 'sandbox/escape',
      file: 'board/absolute.dts',
      line: 3,
    });
  });

  it('refuses a symlink that points out', async () => {
    const dir = copyFixture('sandbox');
    fs.symlinkSync('../secret.h', path.join(dir, 'board', 'link.h'));
    await expectRefused(dir, sandboxed('symlink.dts'), {
      code: 'sandbox/escape',
      file: 'board/symlink.dts',
      line: 2,
      col: 1,
    });
    // Without the sandbox the same board compiles: the refusal is the sandbox's.
    expect((await runCli(['compile', 'board/symlink.dts', '-O', 'null'], dir)).code).toBe(0);
  });

  it('refuses /dev/zero, directly and through a symlink', async () => {
    const dir = copyFixture('sandbox');
    await expectRefused(dir, sandboxed('dev-zero.dts'), {
      code: 'sandbox/escape',
      file: 'board/dev-zero.dts',
      line: 3,
    });
    fs.symlinkSync('/dev/zero', path.join(dir, 'board', 'zero-link'));
    await expectRefused(dir, sandboxed('dev-zero-link.dts'), {
      code: 'sandbox/escape',
      file: 'board/dev-zero-link.dts',
      line: 3,
    });
  });

  it.skipIf(spawnSync('mkfifo', ['--version']).error !== undefined)(
    'refuses a FIFO inside the sandbox (it is never opened)',
    async () => {
      const dir = copyFixture('sandbox');
      expect(spawnSync('mkfifo', [path.join(dir, 'board', 'fifo')]).status).toBe(0);
      await expectRefused(dir, sandboxed('fifo.dts'), {
        code: 'sandbox/not-a-file',
        file: 'board/fifo.dts',
        line: 3,
      });
    },
  );

  it('refuses a folder', async () => {
    const dir = copyFixture('sandbox');
    fs.mkdirSync(path.join(dir, 'board', 'fifo'));
    await expectRefused(dir, sandboxed('fifo.dts'), {
      code: 'sandbox/not-a-file',
      file: 'board/fifo.dts',
      line: 3,
    });
  });

  it('is on by default for standard input: only the -i folders are readable', async () => {
    const dir = copyFixture('sandbox');
    setStdinReader(() => Buffer.from('/dts-v1/;\n#include "secret.h"\n/ { v = <SECRET>; };\n'));
    await expectRefused(dir, ['-', '-i', 'inc'], {
      code: 'sandbox/escape',
      file: '<stdin>',
      line: 2,
      col: 1,
    });
    setStdinReader(() => Buffer.from('/dts-v1/;\n#include "ok.h"\n/ { v = <INC>; };\n'));
    const ok = await runCli(['compile', '-', '-i', 'inc', '-o', 'stdin.dtb'], dir);
    expect(ok.code, ok.stderr).toBe(0);
    expect(fs.existsSync(path.join(dir, 'stdin.dtb'))).toBe(true);
  });

  it('standard input with --out-dir is written as stdin.dtb', async () => {
    const dir = copyFixture('sandbox');
    setStdinReader(() => Buffer.from('/dts-v1/;\n/ { };\n'));
    const run = await runCli(['compile', '-', '--out-dir', 'out'], dir);
    expect(run.code, run.stderr).toBe(0);
    expect(fs.existsSync(path.join(dir, 'out', 'stdin.dtb'))).toBe(true);
  });

  it('--no-sandbox turns it off for standard input', async () => {
    const dir = copyFixture('sandbox');
    setStdinReader(() => Buffer.from('/dts-v1/;\n#include "secret.h"\n/ { v = <SECRET>; };\n'));
    const run = await runCli(['compile', '-', '--no-sandbox', '-o', 'stdin.dtb'], dir);
    expect(run.code, run.stderr).toBe(0);
    expect(fs.existsSync(path.join(dir, 'stdin.dtb'))).toBe(true);
  });

  it('standard input counts against input-size while it is read', async () => {
    const dir = copyFixture('sandbox');
    let asked = 0;
    setStdinReader((max) => {
      asked = max;
      return Buffer.alloc(max + 1, 0x20);
    });
    await expectRefused(dir, ['-', '--limit', 'input-size=100'], {
      code: 'limit/input-size',
      file: '<stdin>',
      line: 1,
    });
    expect(asked).toBe(100);
  });

  it('lint reads standard input too, sandboxed', async () => {
    const dir = copyFixture('sandbox');
    setStdinReader(() => Buffer.from('/dts-v1/;\n#include "../secret.h"\n/ { };\n'));
    const run = await runCli(['lint', '-', '--format', 'json'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('sandbox/escape');
  });

  it('--out-dir: a failed input writes nothing and leaves its old output; the others are written', async () => {
    const dir = copyFixture('sandbox');
    const old = path.join(dir, 'out', 'board', 'dotdot.dtb');
    fs.mkdirSync(path.dirname(old), { recursive: true });
    fs.writeFileSync(old, OLD);
    const run = await runCli(
      ['compile', 'board/good.dts', 'board/dotdot.dts', '--sandbox', '-i', 'inc', '--out-dir', 'out'],
      dir,
    );
    expect(run.code).toBe(1);
    expect(fs.existsSync(path.join(dir, 'out', 'board', 'good.dtb'))).toBe(true);
    expect(fs.readFileSync(old, 'utf8')).toBe(OLD);
  });
});

describe('runtime limits', () => {
  const platform = path.join(repo, 'platforms', 'virt-optee');

  it('scenario-length: repeat: 1e12 is refused before anything runs', async () => {
    const dir = copyFixture('scenario-length');
    const run = await runCli(
      ['run', platform, '--scenario', 'scenario.yaml', '--trace', 't.jsonl', '-q'],
      dir,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^scenario\.yaml:5:\d+: error: .*\[limit\/scenario-length\]/m);
    expect(run.stderr).toContain('--limit scenario-length=');
    expect(fs.existsSync(path.join(dir, 't.jsonl'))).toBe(false);
  });

  it('scenario-length counts every step and every repeat', async () => {
    const dir = copyFixture('scenario-length');
    const run = await runCli(['run', platform, '--limit', 'scenario-length=50', '-q'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[limit/scenario-length]');
  });

  it('trace-size: the run stops writing, reports, exits 1 and leaves no trace file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtpc-limits-trace-'));
    const existing = path.join(dir, 'old.jsonl');
    fs.writeFileSync(existing, OLD);
    for (const file of ['new.jsonl', 'old.jsonl']) {
      const run = await runCli(['run', platform, '--trace', file, '--limit', 'trace-size=4KiB', '-q'], dir);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        new RegExp(`^${file.replace('.', '\\.')}:1:1: error: .*\\[limit/trace-size\\]`, 'm'),
      );
    }
    expect(fs.existsSync(path.join(dir, 'new.jsonl'))).toBe(false);
    expect(fs.readFileSync(existing, 'utf8')).toBe(OLD);
    expect(fs.readdirSync(dir).sort()).toEqual(['old.jsonl']);
    // Under the limit the trace is written as before.
    const ok = await runCli(['run', platform, '--trace', 'ok.jsonl', '-q'], dir);
    expect(ok.code).toBe(0);
    expect(fs.statSync(path.join(dir, 'ok.jsonl')).size).toBeGreaterThan(4096);
  });
});

describe('dtpc explain', () => {
  it('explains every limit code and the sandbox codes', async () => {
    for (const code of [
      'limit/include-depth',
      'limit/include-cycle',
      'limit/trace-size',
      'sandbox/escape',
      'sandbox/not-a-file',
    ]) {
      const run = await runCli(['explain', code], os.tmpdir());
      expect(run.code, code).toBe(0);
      expect(run.stdout).toContain(code);
    }
  });
});

describe('limits and the sandbox in build, run and kconfig', () => {
  it('build: a limit hit writes no platform.json', async () => {
    const dir = copyFixture('node-depth');
    const run = await runCli(['build', 'board.dts', '-o', 'out', '--limit', 'node-depth=2'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^board\.dts:5:6: error: .*\[limit\/node-depth\]/m);
    expect(fs.existsSync(path.join(dir, 'out', 'platform.json'))).toBe(false);
  });

  it('run --sandbox: an escape is refused before anything runs', async () => {
    const dir = copyFixture('sandbox');
    const run = await runCli(['run', 'board/dotdot.dts', '--sandbox', '--trace', 't.jsonl'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^board\/dotdot\.dts:2:1: error: .*\[sandbox\/escape\]/m);
    expect(fs.existsSync(path.join(dir, 't.jsonl'))).toBe(false);
  });

  it('run: input-size applies to a scenario file', async () => {
    const dir = copyFixture('scenario-length');
    fs.writeFileSync(path.join(dir, 'big.yaml'), `# ${'x'.repeat(8192)}\nname: big\n`);
    const platform = path.join(repo, 'platforms', 'virt-optee');
    const run = await runCli(
      ['run', platform, '--scenario', 'big.yaml', '--limit', 'input-size=4KiB', '-q'],
      dir,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^big\.yaml:1:1: error: .*\[limit\/input-size\]/m);
  });

  it('kconfig: --limit applies to the tree it reads', async () => {
    const dir = copyFixture('node-depth');
    fs.writeFileSync(path.join(dir, 'frag.config'), 'CONFIG_OPTEE=y\n');
    const run = await runCli(
      ['kconfig', 'board.dts', '--config', 'frag.config', '--kernel', 'v6.12', '--limit', 'node-depth=2'],
      dir,
    );
    expect(run.code).toBe(1);
    expect(`${run.stdout}${run.stderr}`).toContain('limit/node-depth');
  });
});

describe('__has_include in the sandbox', () => {
  it('a file outside is not there', async () => {
    const dir = copyFixture('sandbox');
    fs.writeFileSync(
      path.join(dir, 'board', 'probe.dts'),
      '/dts-v1/;\n#if __has_include("../secret.h")\n#error leaked\n#endif\n/ { };\n',
    );
    const run = await runCli(['compile', 'board/probe.dts', '--sandbox', '-O', 'null'], dir);
    expect(run.code, run.stderr).toBe(0);
    expect((await runCli(['compile', 'board/probe.dts', '-O', 'null'], dir)).code).toBe(1);
  });
});
