import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  COMPATIBLES,
  compatibleEntry,
  eraFor,
  supportOn,
} from '../../../schemas/kconfig/data/compatibles.js';
import { extractModel } from '../../../schemas/kconfig/data/extract.js';
import { BUILTIN_MODELS } from '../../../schemas/kconfig/data/models/index.js';
import { SUPPORTED_KERNELS } from '../../../schemas/kconfig/data/versions.js';
import { sharedDir } from '../../support/shared.js';

const shared = sharedDir();
const upstream = shared ? path.join(shared, 'kconfig', 'upstream') : undefined;
const DIRS: Record<string, string> = {
  'v5.16': 'v5.16.10',
  'v5.19': 'v5.19',
  'v6.1': 'v6.1.192-debian',
  'v6.12': 'v6.12.117-debian',
};

describe('compatible map', () => {
  it('names only symbols some built-in model defines (or the never-merged one)', () => {
    const defined = new Set(Object.values(BUILTIN_MODELS).flatMap((m) => m.symbols.map((s) => s.name)));
    for (const e of COMPATIBLES)
      for (const era of e.eras)
        for (const s of era.symbols) expect(defined, `${e.compatible} ${s}`).toContain(s);
  });

  it('switches SCMI transports to their own modules in v6.12', () => {
    const optee = compatibleEntry('linaro,scmi-optee')!;
    expect(eraFor(optee, 'v6.11')?.ifdef).toBe('ARM_SCMI_TRANSPORT_OPTEE');
    expect(eraFor(optee, 'v6.12')?.module).toBe('scmi_transport_optee');
    expect(supportOn(optee.introduced, 'v5.17')).toBe('no');
    expect(supportOn(optee.introduced, 'v5.18')).toBe('yes');
    expect(supportOn(compatibleEntry('arm,mhuv3')!.introduced, 'v6.9')).toBe('unverified');
  });

  it('has a model for every supported kernel', () => {
    for (const k of SUPPORTED_KERNELS) expect(BUILTIN_MODELS[k].kernel).toBe(k);
  });
});

describe.skipIf(!upstream || !fs.existsSync(upstream))(
  'built-in models match the upstream Kconfig files',
  () => {
    for (const [kernel, dir] of Object.entries(DIRS))
      it(kernel, () => {
        const fresh = extractModel(kernel, [path.join(upstream!, dir)]);
        const strip = (s: (typeof fresh.symbols)[number]) => ({
          name: s.name,
          type: s.type,
          prompt: s.prompt,
          dependsOn: s.dependsOn,
          defaults: s.defaults,
          at: s.at,
        });
        const committed = BUILTIN_MODELS[kernel as keyof typeof BUILTIN_MODELS].symbols.filter(
          (s) => !s.external,
        );
        expect(committed.map(strip)).toEqual(fresh.symbols.filter((s) => !s.external).map(strip));
      });
  },
);
