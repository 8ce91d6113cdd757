import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { labCases } from '../../conformance/kconfig-lab.js';
import {
  buildOracleTree,
  diffLines,
  haveKconfiglib,
  kconfiglibDotConfig,
  ORACLE_VERSIONS,
  oursDotConfig,
  sampleConfigs,
} from '../../conformance/kconfig-oracle.js';
import { sharedDir } from '../../support/shared.js';

const shared = sharedDir();
const haveUpstream = shared !== undefined && fs.existsSync(path.join(shared, 'kconfig', 'upstream'));
const haveLab = shared !== undefined && fs.existsSync(path.join(shared, 'kconfig', 'lab'));

describe.skipIf(!haveLab)('kconfig lab cases (shared/kconfig/lab)', () => {
  it('match the values and warnings recorded from conf and kconfiglib', () => {
    const failures: string[] = [];
    for (const c of labCases(shared!)) {
      const result = c.run();
      if (result !== 'skip' && result.length > 0) failures.push(`${c.name}: ${result.join('; ')}`);
    }
    expect(failures).toEqual([]);
  });
});

describe.skipIf(!haveUpstream || !haveKconfiglib())(
  'kconfig vs kconfiglib on upstream TEE/SCMI/mailbox/GIC files',
  () => {
    for (const version of ORACLE_VERSIONS) {
      it(`agrees on random assignments (${version})`, () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kconfig-oracle-'));
        try {
          const tree = buildOracleTree(shared!, version, dir);
          const configs = sampleConfigs(tree, 12, 20_240_611);
          const ours = oursDotConfig(tree, configs);
          const theirs = kconfiglibDotConfig(tree, configs);
          const diffs = configs
            .map((text, i) => {
              const d = diffLines(ours[i]!, theirs[i]!);
              return d ? `input:\n${text}${d}` : undefined;
            })
            .filter((d) => d !== undefined);
          expect(diffs).toEqual([]);
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      });
    }
  },
);
