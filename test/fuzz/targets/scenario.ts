/**
 * The scenario reader (`readYaml`, `parseScenario`) and the run of what it accepts on the bundled
 * platform named in the input. Oracle: YAML and schema problems come back as issues with key paths,
 * nothing throws, and an accepted scenario runs to a report whose expectations each have a verdict.
 * Scenarios of more than 2,000 actions are only read, not run: the `scenario-length` limit bounds
 * them in the CLI, and a fuzzer cannot spend seconds per input.
 */
import { assemblePlatform } from '../../../runtime/platform/assemble.js';
import { runPlatform } from '../../../runtime/platform/run.js';
import { parseScenario, type Scenario } from '../../../runtime/platform/scenario.js';
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

const seeds = (): YamlInput[] => yamlSeeds('scenario.yaml');
const MAX_ACTIONS = 2000;

function actions(s: Scenario): number {
  return s.steps.reduce((n, step) => n + ('repeat' in step && step.repeat ? step.repeat.count : 1), 0);
}

export default defineTarget<YamlInput>({
  name: 'scenario',
  ext: 'yaml',
  arbitrary: yamlArbitrary(seeds),
  seeds,
  mutate: mutateYaml,
  encode: encodeYamlInput,
  decode: decodeYamlInput,
  // Up to 2,000 actions on a booted platform: about 1.5 s of CPU for the heaviest (MHU, every
  // message through the scheduler), which a loaded 2-core CI machine stretched past 4 s.
  budgetMs: 10_000,
  warmUp: () => {
    for (const s of seeds()) board(s.platform);
  },
  run(input) {
    const y = readYaml('scenario.yaml', input.text);
    if (y.errors.length > 0) return;
    const parsed = parseScenario(y.value ?? {});
    for (const i of parsed.issues) {
      expectThat(typeof i.key === 'string' && i.message.length > 0, 'malformed scenario issue');
      y.spanOf(i.key);
    }
    const scenario = parsed.scenario;
    if (!scenario) {
      expectThat(parsed.issues.length > 0, 'scenario refused without an issue');
      return;
    }
    if (actions(scenario) > MAX_ACTIONS) return;
    const b = board(input.platform);
    const p = assemblePlatform(b.tree, b.prepared.description, b.prepared.profile!, {
      trace: { limit: 256 },
    });
    const report = runPlatform(p, { scenario, until: 100_000_000 });
    checkDiagnostics(report.diagnostics, ['sim/']);
    expectThat(
      report.expectations.every((e) => typeof e.ok === 'boolean'),
      'an expectation without a verdict',
    );
  },
});
