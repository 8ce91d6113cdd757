/**
 * The `.config` reader (`parseConfigText`, then `applyConfig` through `resolveConfig`) on hostile
 * config text against a fixed tree. Oracle: `kconfig/` diagnostics only, never a throw, and
 * olddefconfig is idempotent — reading back the .config it wrote changes nothing (as conf).
 */

import fc from 'fast-check';
import {
  type KconfigTree,
  loadKconfig,
  MemoryKconfigReader,
  readConfig,
  resolveConfig,
} from '../../../schemas/kconfig/engine/index.js';
import {
  CONFIG_DICTIONARY,
  configSeeds,
  KCONFIG_FILES,
  SEED_CONFIG,
  SEED_KCONFIG,
} from '../support/kconfig-inputs.js';
import { latin1, mutateText } from '../support/mutate.js';
import { checkDiagnostics } from '../support/oracles.js';
import { defineTarget, expectThat } from '../support/target.js';

let tree: KconfigTree | undefined;
const model = (): KconfigTree =>
  (tree ??= loadKconfig(new MemoryKconfigReader({ ...KCONFIG_FILES, Kconfig: SEED_KCONFIG }), 'Kconfig', {
    env: { ARCH: 'arm64', SRCARCH: 'arm64' },
  }));

export default defineTarget<string>({
  name: 'dotconfig',
  ext: 'config',
  arbitrary: fc
    .array(fc.oneof(fc.constantFrom(...CONFIG_DICTIONARY), fc.stringMatching(/^[A-Z0-9_"=]{1,6}$/)), {
      maxLength: 60,
    })
    .map((p) => p.join('')),
  seeds: configSeeds,
  mutate: (text, rng, seeds) =>
    mutateText(text, rng, seeds, { dictionary: CONFIG_DICTIONARY, maxLength: 64 * 1024 }),
  encode: latin1.encode,
  decode: latin1.decode,
  run(text) {
    const config = readConfig(text, '.config');
    checkDiagnostics(config.diagnostics, ['kconfig/']);
    const first = resolveConfig(model(), [readConfig(SEED_CONFIG, 'base.config'), config]);
    checkDiagnostics(first.diagnostics, ['kconfig/']);
    const written = first.dotConfig();
    const again = resolveConfig(model(), readConfig(`${written.join('\n')}\n`, 'written.config'));
    const rewritten = again.dotConfig();
    expectThat(
      rewritten.join('\n') === written.join('\n'),
      () =>
        `olddefconfig not idempotent: ${written
          .filter((l, i) => rewritten[i] !== l)
          .slice(0, 3)
          .join(' | ')}`,
    );
    first.savedefconfig();
  },
});
