/** Every bundled platform lints clean and runs its own scenario green with one command's inputs. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileFile } from '../../compiler/compile.js';
import { NodeFileSystem } from '../../compiler/source/file-system.js';
import { loadPlatform, simulationInput } from '../../runtime/platform/load.js';
import { simulate } from '../../runtime/platform/simulate.js';
import { lintTree } from '../../schemas/lint.js';
import { INCLUDE, PLATFORMS } from '../runtime/platform/support.js';

const names = fs
  .readdirSync(PLATFORMS)
  .filter((n) => n !== 'include' && fs.existsSync(path.join(PLATFORMS, n, 'board.dts')))
  .sort();

describe('bundled platforms', () => {
  it('are all there', () => {
    expect(names).toEqual([
      'scmi-mhu',
      'scmi-optee-ppi',
      'scmi-optee-shmem',
      'scmi-smc',
      'smc-mbox-hvc',
      'virt-optee',
    ]);
  });

  for (const name of names)
    describe(name, () => {
      it('has a profile and a scenario', () => {
        for (const f of ['firmware.yaml', 'scenario.yaml'])
          expect(fs.existsSync(path.join(PLATFORMS, name, f))).toBe(true);
      });

      it('lints clean (the SMC mailbox is reported as not upstream, nothing else)', () => {
        const r = compileFile(path.join(PLATFORMS, name, 'board.dts'), { includeDirs: [INCLUDE] });
        expect(r.ok).toBe(true);
        const findings = [...r.diagnostics, ...lintTree(r.tree!)].filter((d) => d.severity !== 'info');
        expect(findings.map((d) => `${d.code} ${d.nodePath ?? ''}`)).toEqual([]);
      });

      it('runs its scenario green, with no profile/tree disagreement', () => {
        const loaded = loadPlatform({
          input: path.join(PLATFORMS, name),
          compile: {},
          fs: new NodeFileSystem(),
        });
        expect(loaded.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.code)).toEqual([]);
        expect(loaded.prepared!.findings).toEqual([]);
        const sim = simulate(simulationInput(loaded)!, { scenario: loaded.scenario! });
        expect(sim.report.expectations.filter((e) => !e.ok)).toEqual([]);
        expect(sim.report.up).toBe(true);
        expect(sim.report.ok).toBe(true);
      });
    });
});
