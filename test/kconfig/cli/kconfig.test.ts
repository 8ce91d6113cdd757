import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCMI_OPTEE_BOARD } from '../../../schemas/kconfig/rules/support/examples.js';
import { runCli, tempDir } from '../../support/cli.js';

const files = {
  'board.dts': SCMI_OPTEE_BOARD,
  'bad.config': 'CONFIG_TEE=y\nCONFIG_OPTEE=m\nCONFIG_ARM_SCMI_PROTOCOL=y\n',
  'good.config': 'CONFIG_TEE=y\nCONFIG_OPTEE=y\nCONFIG_ARM_SCMI_PROTOCOL=y\n',
};

describe('dtpc kconfig', () => {
  it('exits 1 on v6.1 with the finding at the node, 0 on v6.12 (warning only)', async () => {
    const dir = tempDir(files);
    const v61 = await runCli(['kconfig', 'board.dts', '--config', 'bad.config', '--kernel', 'v6.1'], dir);
    expect(v61.code).toBe(1);
    expect(v61.stdout).toMatch(/^board\.dts:\d+:\d+: error: .*\[kconfig\/module-early-provider\]/m);
    const v612 = await runCli(['kconfig', 'board.dts', '--config', 'bad.config', '--kernel', '6.12'], dir);
    expect(v612.code).toBe(0);
    expect(v612.stdout).toMatch(/warning: .*ARM_SCMI_TRANSPORT_OPTEE/);
  });

  it('writes the fragment, and the fragment fixes the board', async () => {
    const dir = tempDir(files);
    const run = await runCli(
      [
        'kconfig',
        'board.dts',
        '--config',
        'bad.config',
        '--kernel',
        'v6.1',
        '--write-fragment',
        'fix.config',
      ],
      dir,
    );
    expect(run.code).toBe(1);
    expect(fs.readFileSync(path.join(dir, 'fix.config'), 'utf8')).toBe('CONFIG_OPTEE=y\n');
    const fixed = await runCli(
      ['kconfig', 'board.dts', '--config', 'bad.config', '--config', 'fix.config', '--kernel', 'v6.1'],
      dir,
    );
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toContain('0 error(s)');
  });

  it('prints JSON and SARIF', async () => {
    const dir = tempDir(files);
    const json = JSON.parse(
      (
        await runCli(
          ['kconfig', 'board.dts', '--config', 'bad.config', '--kernel', 'v6.1', '--format', 'json'],
          dir,
        )
      ).stdout,
    );
    expect(json[0].diagnostics.map((d: { code: string }) => d.code)).toContain(
      'kconfig/module-early-provider',
    );
    const sarif = JSON.parse(
      (
        await runCli(
          ['kconfig', 'board.dts', '--config', 'bad.config', '--kernel', 'v6.1', '--format', 'sarif'],
          dir,
        )
      ).stdout,
    );
    const driver = sarif.runs[0].tool.driver;
    expect(driver.rules.map((r: { id: string }) => r.id)).toContain('kconfig/module-early-provider');
  });

  it('exits 2 on usage errors', async () => {
    const dir = tempDir(files);
    expect((await runCli(['kconfig', 'board.dts', '--config', 'good.config'], dir)).code).toBe(2);
    expect(
      (await runCli(['kconfig', 'board.dts', '--config', 'good.config', '--kernel', 'v4.4'], dir)).code,
    ).toBe(2);
    expect((await runCli(['kconfig', 'board.dts', '--kernel', 'v6.1'], dir)).code).toBe(2);
    expect((await runCli(['kconfig', 'board.dts', '--config', 'nope', '--kernel', 'v6.1'], dir)).code).toBe(
      2,
    );
    expect(
      (await runCli(['kconfig', 'board.dts', '--config', 'good.config', '--kconfig-tree', 'nowhere'], dir))
        .code,
    ).toBe(2);
  });

  it('reads Kconfig from a tree', async () => {
    const dir = tempDir({
      ...files,
      'linux/Makefile': 'VERSION = 6\nPATCHLEVEL = 1\n',
      'linux/Kconfig':
        'config MODULES\n\tbool "m"\n\tmodules\n\tdefault y\nconfig TEE\n\ttristate "tee"\nconfig OPTEE\n\ttristate "optee"\n\tdepends on TEE\nconfig ARM_SCMI_PROTOCOL\n\ttristate "scmi"\nconfig ARM_SCMI_TRANSPORT_OPTEE\n\tbool "t"\n\tdepends on ARM_SCMI_PROTOCOL && (OPTEE=y || OPTEE=ARM_SCMI_PROTOCOL)\n\tdefault y\nconfig ARM_SCMI_HAVE_SHMEM\n\tbool\n',
    });
    const bad = await runCli(
      ['kconfig', 'board.dts', '--config', 'bad.config', '--kconfig-tree', 'linux'],
      dir,
    );
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/linux\/Kconfig:\d+:\d+: ARM_SCMI_TRANSPORT_OPTEE is defined here/);
  });
});
