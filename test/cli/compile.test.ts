import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/cli.js';

const good = '/dts-v1/;\n#define VAL 3\n/ { model = "m"; p = <&n>; n: node { v = <VAL>; }; };\n';

describe('dtpc compile', () => {
  it('writes a DTB and exits 0', async () => {
    const dir = tempDir({ 'a.dts': good });
    const run = await runCli(['compile', 'a.dts', '-o', 'a.dtb'], dir);
    expect(run.code).toBe(0);
    const blob = fs.readFileSync(path.join(dir, 'a.dtb'));
    expect(blob.readUInt32BE(0)).toBe(0xd00dfeed);
    expect(blob.readUInt32BE(4)).toBe(blob.length);
  });

  it('prints DTS with -O dts that recompiles to the same DTB', async () => {
    const dir = tempDir({ 'a.dts': good });
    expect((await runCli(['compile', 'a.dts', '-o', 'a.dtb'], dir)).code).toBe(0);
    expect((await runCli(['compile', 'a.dts', '-O', 'dts', '-o', 'b.dts'], dir)).code).toBe(0);
    expect((await runCli(['compile', 'b.dts', '-o', 'b.dtb'], dir)).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'b.dtb'))).toEqual(fs.readFileSync(path.join(dir, 'a.dtb')));
  });

  it('reads a DTB back (-I dtb) and writes the same bytes', async () => {
    const dir = tempDir({ 'a.dts': good });
    await runCli(['compile', 'a.dts', '-o', 'a.dtb'], dir);
    const run = await runCli(['compile', '-I', 'dtb', 'a.dtb', '-o', 'c.dtb'], dir);
    expect(run.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'c.dtb'))).toEqual(fs.readFileSync(path.join(dir, 'a.dtb')));
  });

  it('reports errors in the gcc shape, exits 1 and writes nothing', async () => {
    const dir = tempDir({ 'bad.dts': '/dts-v1/;\n/ {\n\tp = <&missing>;\n};\n' });
    const run = await runCli(['compile', 'bad.dts', '-o', 'bad.dtb'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^bad\.dts:3:\d+: error: .* \[ref\/phandle-reference\]/m);
    expect(fs.existsSync(path.join(dir, 'bad.dtb'))).toBe(false);
  });

  it('keeps relative paths under --out-dir for many inputs', async () => {
    const dir = tempDir({ 'boards/a.dts': good, 'boards/sub/b.dts': good });
    const run = await runCli(['compile', 'boards/a.dts', 'boards/sub/b.dts', '--out-dir', 'out'], dir);
    expect(run.code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'out/boards/a.dtb'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'out/boards/sub/b.dtb'))).toBe(true);
  });

  it('prints diagnostics as JSON with --format json', async () => {
    const dir = tempDir({ 'bad.dts': '/dts-v1/;\n/ { p = <&missing>; };\n' });
    const run = await runCli(['compile', 'bad.dts', '--format', 'json', '-O', 'null'], dir);
    const parsed = JSON.parse(run.stdout);
    expect(parsed[0]).toMatchObject({ input: 'bad.dts', ok: false });
    expect(parsed[0].diagnostics[0]).toMatchObject({ severity: 'error', span: { file: 'bad.dts', line: 2 } });
  });

  it('accepts dtc-style check flags and rejects unknown ones as usage errors', async () => {
    const dir = tempDir({ 'a.dts': '/dts-v1/;\n/ { n@1 { }; };\n' });
    const quiet = await runCli(['compile', 'a.dts', '-O', 'null', '-Wno-unit_address_vs_reg'], dir);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
    const noisy = await runCli(['compile', 'a.dts', '-O', 'null'], dir);
    expect(noisy.stderr).toContain('[addr/unit-address-vs-reg]');
    const bad = await runCli(['compile', 'a.dts', '-Wno-not_a_check'], dir);
    expect(bad.code).toBe(2);
  });

  it('exits 2 on a bad command line', async () => {
    const dir = tempDir({});
    expect((await runCli(['compile'], dir)).code).toBe(2);
    expect((await runCli(['compile', 'x.dts', '-H', 'weird'], dir)).code).toBe(2);
  });
});
