/** The limit table, `--limit` values and the sandbox wrapper on their own. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileFile } from '../../compiler/compile.js';
import { DEFAULT_LIMITS, formatLimit, LIMITS, parseLimit } from '../../compiler/limits.js';
import { NodeFileSystem } from '../../compiler/source/file-system.js';
import { SandboxFileSystem } from '../../compiler/source/sandbox-file-system.js';

describe('the limit table', () => {
  it('has one entry per limit, each with a limit/ code and a positive default', () => {
    expect(new Set(LIMITS.map((l) => l.name)).size).toBe(LIMITS.length);
    expect(Object.keys(DEFAULT_LIMITS).sort()).toEqual(LIMITS.map((l) => l.key).sort());
    for (const l of LIMITS) {
      expect(l.code).toBe(`limit/${l.name}`);
      expect(l.default).toBeGreaterThan(0);
    }
  });

  it.each([
    ['include-depth=50', 50],
    ['input-size=16MiB', 16 * 1024 * 1024],
    ['scenario-length=5M', 5_000_000],
    ['trace-size=2GiB', 2 * 1024 ** 3],
    ['array-length=3k', 3000],
  ])('parses %s', (spec, value) => {
    expect(parseLimit(spec)).toMatchObject({ value });
  });

  it.each([
    'input-size=1.5MiB',
    'input-size=-1',
    'input-size=0x10',
    'input-size=99999999999999999',
    'input-size=1TiB',
  ])('refuses %s', (spec) => {
    expect(parseLimit(spec)).toHaveProperty('error');
  });

  it('prints values in the largest binary unit that divides them', () => {
    expect(formatLimit(64 * 1024 * 1024)).toBe('64MiB');
    expect(formatLimit(1536)).toBe('1536');
    expect(formatLimit(3072)).toBe('3KiB');
    expect(formatLimit(200)).toBe('200');
  });
});

describe('SandboxFileSystem', () => {
  const made = () => {
    const top = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dtpc-sandbox-')));
    fs.mkdirSync(path.join(top, 'real'));
    fs.writeFileSync(path.join(top, 'real', 'board.dts'), '/dts-v1/;\n#include "x.h"\n/ { v = <X>; };\n');
    fs.writeFileSync(path.join(top, 'real', 'x.h'), '#define X 1\n');
    fs.writeFileSync(path.join(top, 'outside.h'), '#define X 2\n');
    fs.symlinkSync(path.join(top, 'real'), path.join(top, 'via-link'));
    return top;
  };

  it('allows a folder reached through a symlink (roots are compared as written and as resolved)', () => {
    const top = made();
    const result = compileFile(path.join(top, 'via-link', 'board.dts'), { sandbox: true });
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('hides what is outside, whether or not it exists, without reading it', () => {
    const top = made();
    const sandbox = new SandboxFileSystem(new NodeFileSystem(), [path.join(top, 'real')]);
    for (const p of [
      path.join(top, 'outside.h'),
      path.join(top, 'real', '..', 'outside.h'),
      '/no/such/file',
    ]) {
      expect(sandbox.readText(p)).toBeUndefined();
      expect(sandbox.isFile(p)).toBe(false);
      expect(sandbox.refusal(p)).toMatchObject({ code: 'sandbox/escape', hidden: true });
    }
    expect(sandbox.readText(path.join(top, 'real', 'x.h'))).toBe('#define X 1\n');
    expect(sandbox.refusal(path.join(top, 'real', 'missing.h'))).toBeUndefined();
  });
});
