/**
 * The Kconfig parser and resolver (`loadKconfig`, then `resolveConfig` with an empty .config and
 * the writers) on hostile Kconfig text. Oracle: `kconfig/` diagnostics only, never a throw, and the
 * .config it writes is bounded by the tree.
 */
import {
  loadKconfig,
  MemoryKconfigReader,
  readConfig,
  resolveConfig,
} from '../../../schemas/kconfig/engine/index.js';
import { KCONFIG_FILES, kconfigArbitrary, kconfigSeeds, mutateKconfig } from '../support/kconfig-inputs.js';
import { latin1 } from '../support/mutate.js';
import { checkBounded, checkDiagnostics } from '../support/oracles.js';
import { defineTarget } from '../support/target.js';

export default defineTarget<string>({
  name: 'kconfig',
  ext: 'kconfig',
  arbitrary: kconfigArbitrary,
  seeds: kconfigSeeds,
  mutate: mutateKconfig,
  encode: latin1.encode,
  decode: latin1.decode,
  run(text) {
    const reader = new MemoryKconfigReader({ ...KCONFIG_FILES, Kconfig: text });
    const tree = loadKconfig(reader, 'Kconfig', { env: { ARCH: 'arm64', SRCARCH: 'arm64' } });
    checkDiagnostics(tree.diagnostics, ['kconfig/', 'limit/']);
    tree.undefinedReferences();
    const resolved = resolveConfig(tree, readConfig('', '.config'));
    checkDiagnostics(resolved.diagnostics, ['kconfig/']);
    checkDiagnostics(resolved.warnings, ['kconfig/']);
    const written = resolved.dotConfig().join('\n');
    checkBounded('.config', written.length, text.length, 16);
    resolved.savedefconfig();
    resolved.unmetWarningsText();
    for (const name of tree.symbolNames().slice(0, 8)) resolved.explain(name);
  },
});
