import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/cli.js';

const clean = `/dts-v1/;
/ {
	#address-cells = <1>;
	#size-cells = <1>;
	firmware {
		optee {
			compatible = "linaro,optee-tz";
			method = "smc";
		};
	};
};
`;
const wrongMethod = clean.replace('method = "smc"', 'method = "svc"');
const warning = '/dts-v1/;\n/ { n@1 { }; };\n';

describe('dtpc lint', () => {
  it('exits 0 on a clean board', async () => {
    const run = await runCli(['lint', 'a.dts'], tempDir({ 'a.dts': clean }));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('0 error(s), 0 warning(s) in 1 file(s)');
  });

  it('exits 1 on a binding error and points at the value', async () => {
    const run = await runCli(['lint', 'a.dts'], tempDir({ 'a.dts': wrongMethod }));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^a\.dts:8:\d+: error: .*\[schema\/firmware\/linaro,optee-tz\//m);
  });

  it('honours --max-warnings and --rule', async () => {
    const dir = tempDir({ 'w.dts': warning });
    expect((await runCli(['lint', 'w.dts'], dir)).code).toBe(0);
    expect((await runCli(['lint', 'w.dts', '--max-warnings', '0'], dir)).code).toBe(1);
    expect(
      (await runCli(['lint', 'w.dts', '--max-warnings', '0', '--rule', 'unit_address_vs_reg=off'], dir)).code,
    ).toBe(0);
    expect((await runCli(['lint', 'w.dts', '--rule', 'addr/unit-address-vs-reg=error'], dir)).code).toBe(1);
    expect((await runCli(['lint', 'w.dts', '--rule', 'nope/nope=off'], dir)).code).toBe(2);
  });

  it('reads rule levels from dtpc.config.json beside the board', async () => {
    const dir = tempDir({
      'b/w.dts': warning,
      'b/dtpc.config.json': '{ "rules": { "unit_address_vs_reg": "error" } }',
    });
    expect((await runCli(['lint', 'b/w.dts'], dir)).code).toBe(1);
    const broken = tempDir({ 'w.dts': warning, 'dtpc.config.json': '{ "rulez": {} }' });
    expect((await runCli(['lint', 'w.dts'], broken)).code).toBe(2);
  });

  it('writes SARIF that code scanning accepts', async () => {
    const run = await runCli(['lint', 'a.dts', '--format', 'sarif'], tempDir({ 'a.dts': wrongMethod }));
    const sarif = JSON.parse(run.stdout);
    expect(sarif.version).toBe('2.1.0');
    const driver = sarif.runs[0].tool.driver;
    expect(driver.name).toBe('dtpc');
    const result = sarif.runs[0].results[0];
    expect(driver.rules[result.ruleIndex].id).toBe(result.ruleId);
    expect(driver.rules[result.ruleIndex].help.text).toContain('dtpc explain');
    expect(result.locations[0].physicalLocation).toMatchObject({
      artifactLocation: { uri: 'a.dts' },
      region: { startLine: 8 },
    });
  });
});

describe('dtpc explain', () => {
  it('explains a wiring rule, a check by its dtc name, and refuses unknown codes', async () => {
    const dir = tempDir({});
    const rule = await runCli(['explain', 'wiring/optee-notif-interrupt'], dir);
    expect(rule.code).toBe(0);
    expect(rule.stdout).toContain('Why it matters');
    expect(rule.stdout).toContain('Wrong:');
    const check = await runCli(['explain', 'unit_address_vs_reg'], dir);
    expect(check.stdout).toContain('addr/unit-address-vs-reg');
    expect((await runCli(['explain', 'no/such-code'], dir)).code).toBe(2);
  });
});
