import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIRMWARE_COMPONENTS, type ServiceComponent } from '../../../runtime/firmware/index.js';
import { platform } from './harness.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../runtime/firmware');
const tests = path.dirname(fileURLToPath(import.meta.url));

describe('firmware component registry', () => {
  it('every entry names an existing file and every service file is registered', () => {
    for (const c of FIRMWARE_COMPONENTS) expect(existsSync(path.join(root, `${c.file}.ts`)), c.id).toBe(true);
    const serviceFiles = readdirSync(path.join(root, 'services')).map(
      (f) => `services/${f.replace(/\.ts$/, '')}`,
    );
    const registered = new Set(FIRMWARE_COMPONENTS.map((c) => c.file));
    for (const f of serviceFiles) expect(registered.has(f), f).toBe(true);
  });

  it('ids are unique and each component has a test file or is covered by one', () => {
    const ids = FIRMWARE_COMPONENTS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const testFiles = new Set(readdirSync(tests));
    for (const c of FIRMWARE_COMPONENTS) {
      const base = path.basename(c.file);
      expect(testFiles.has(`${base}.test.ts`), `${c.id}: ${base}.test.ts`).toBe(true);
    }
  });

  it('each created service declares exactly the range and call types of its entry', () => {
    const { scheduler, trace, cluster } = platform();
    const profile = {
      smccc: { version: { major: 1, minor: 2 }, features: [] },
      psci: { version: { major: 1, minor: 1 }, onDelayNs: 0 },
      sip: { calls: [{ fid: 0x8200_0001 }] },
      oem: { calls: [{ fid: 0x8300_0001 }] },
    };
    for (const c of FIRMWARE_COMPONENTS.filter((x): x is ServiceComponent => x.kind === 'service')) {
      const s = c.create({ scheduler, trace, cluster, profile });
      expect(s, c.id).toBeDefined();
      expect([s?.oenStart, s?.oenEnd, [...(s?.callTypes ?? [])]]).toEqual([
        c.oenStart,
        c.oenEnd,
        [...c.callTypes],
      ]);
    }
  });

  it('standard ranges and the Trusted OS slot do not overlap, and a full build registers them all', () => {
    const claimed = new Map<string, string>();
    for (const c of FIRMWARE_COMPONENTS) {
      if (c.kind === 'exception-level') continue;
      for (const t of c.callTypes)
        for (let oen = c.oenStart; oen <= c.oenEnd; oen++) {
          const key = `${t}:${oen}`;
          expect(claimed.get(key), `${c.id} vs ${claimed.get(key)}`).toBeUndefined();
          claimed.set(key, c.id);
        }
    }
    const { monitor, refused } = platform({ sip: { calls: [] }, oem: { calls: [] } });
    expect(refused).toEqual([]);
    expect(monitor.services.map((s) => s.name)).toEqual(['arm-arch', 'psci', 'sip', 'oem']);
  });
});
