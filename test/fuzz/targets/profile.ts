/**
 * The firmware-profile reader as `dtpc build`/`run` use it (`readYaml`, the overlay on the derived
 * profile, `parseProfile` inside `preparePlatform`), then — when the profile validates — the
 * platform it describes is assembled and booted. Oracle: YAML errors and `sim/` diagnostics are
 * well-formed, nothing throws, and a schema-valid profile, however odd, gives a platform that boots
 * to a report (up or not) within the budget.
 */
import { assemblePlatform } from '../../../runtime/platform/assemble.js';
import { preparePlatform } from '../../../runtime/platform/prepare.js';
import { runPlatform } from '../../../runtime/platform/run.js';
import { readYaml } from '../../../runtime/platform/yaml-source.js';
import { checkDiagnostics } from '../support/oracles.js';
import { board } from '../support/platform.js';
import { defineTarget, expectThat } from '../support/target.js';
import {
  decodeYamlInput,
  encodeYamlInput,
  mutateYaml,
  type YamlInput,
  yamlArbitrary,
  yamlSeeds,
} from '../support/yaml-inputs.js';

const seeds = (): YamlInput[] => yamlSeeds('firmware.yaml');

export default defineTarget<YamlInput>({
  name: 'profile',
  ext: 'yaml',
  arbitrary: yamlArbitrary(seeds),
  seeds,
  mutate: mutateYaml,
  encode: encodeYamlInput,
  decode: decodeYamlInput,
  budgetMs: 4000,
  warmUp: () => {
    for (const s of seeds()) board(s.platform);
  },
  run(input) {
    const y = readYaml('firmware.yaml', input.text);
    for (const e of y.errors) expectThat(e.message.length > 0, 'a YAML error without a message');
    if (y.errors.length > 0) return;
    const b = board(input.platform);
    const prepared = preparePlatform(b.tree, { userProfile: y });
    checkDiagnostics(prepared.diagnostics, ['sim/']);
    if (!prepared.profile) {
      expectThat(
        prepared.diagnostics.some((d) => d.severity === 'error'),
        'profile refused without an error',
      );
      return;
    }
    const p = assemblePlatform(b.tree, prepared.description, prepared.profile, { trace: { limit: 256 } });
    const report = runPlatform(p, { until: 50_000_000 });
    checkDiagnostics(report.diagnostics, ['sim/']);
    expectThat(typeof report.up === 'boolean' && Array.isArray(report.probes), 'malformed run report');
  },
});
