/** platform.json: schema round trip, stable bytes, and running it equals running the DTS (same trace bytes). */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDtb } from '../../../compiler/dtb/writer.js';
import { NodeFileSystem } from '../../../compiler/source/file-system.js';
import { makeConfig, parseConfig, stableJson } from '../../../runtime/platform/config.js';
import { loadPlatform } from '../../../runtime/platform/load.js';
import { simulate } from '../../../runtime/platform/simulate.js';
import { overlayFs, PLATFORMS } from './support.js';

function traceOf(loaded: ReturnType<typeof loadPlatform>): string {
  const lines: string[] = [];
  simulate(
    {
      tree: loaded.tree!,
      description: loaded.prepared!.description,
      profile: loaded.prepared!.profile!,
      findings: loaded.prepared!.findings,
    },
    { ...(loaded.scenario ? { scenario: loaded.scenario } : {}), traceSink: (l) => lines.push(l) },
  );
  return lines.join('');
}

describe('platform.json', () => {
  for (const name of ['virt-optee', 'scmi-optee-ppi', 'scmi-mhu'])
    it(`${name}: written config runs to the same trace bytes as the DTS`, () => {
      const dir = path.join(PLATFORMS, name);
      const direct = loadPlatform({ input: dir, compile: {}, fs: new NodeFileSystem() });
      const config = makeConfig(
        direct.board,
        direct.profileSource,
        direct.prepared!.description,
        direct.prepared!.profile!,
        writeDtb(direct.tree!),
      );
      const text = stableJson(config);
      expect(text).not.toMatch(/"\/(work|home|tmp)\//);
      const back = parseConfig(text);
      expect(back.issues).toEqual([]);
      expect(stableJson(back.config)).toBe(text);
      const fromConfig = loadPlatform({
        input: '/built/platform.json',
        scenario: path.join(dir, 'scenario.yaml'),
        compile: {},
        fs: overlayFs({ '/built/platform.json': text }),
      });
      expect(fromConfig.ok).toBe(true);
      const a = traceOf(direct);
      expect(a.length).toBeGreaterThan(1000);
      expect(traceOf(fromConfig)).toBe(a);
      // and the same inputs give the same bytes again
      expect(traceOf(direct)).toBe(a);
    });

  it('reports a config that does not validate', () => {
    expect(parseConfig('{"format":"dtpc-platform/1"}').issues.length).toBeGreaterThan(0);
    expect(parseConfig('not json').issues[0]?.message).toMatch(/not JSON/);
  });
});
