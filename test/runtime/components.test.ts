import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMPONENTS, SUPPORT_FILES } from '../../runtime/components.js';
import { FIRMWARE_COMPONENTS } from '../../runtime/firmware/registry.js';
import { GIC_MODELS } from '../../runtime/gic/index.js';
import { PROTOCOLS } from '../../runtime/scmi/protocols/index.js';
import { TRANSPORT_COMPATIBLES } from '../../runtime/transports/index.js';

const REPO = path.resolve(import.meta.dirname, '../..');

function files(dir: string): string[] {
  return fs.readdirSync(path.join(REPO, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return files(rel);
    return e.name.endsWith('.ts') ? [rel] : [];
  });
}

describe('runtime component index', () => {
  it('has unique ids and names files that exist', () => {
    const ids = COMPONENTS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of COMPONENTS)
      expect(fs.existsSync(path.join(REPO, c.file)), `${c.id}: ${c.file}`).toBe(true);
    for (const f of SUPPORT_FILES) expect(fs.existsSync(path.join(REPO, f)), f).toBe(true);
  });

  it('folds in every per-area registry', () => {
    const ids = new Set(COMPONENTS.map((c) => c.id));
    for (const m of GIC_MODELS) expect(ids.has(`gic/${m.id}`)).toBe(true);
    for (const c of FIRMWARE_COMPONENTS) expect(ids.has(`firmware/${c.id}`)).toBe(true);
    for (const p of PROTOCOLS) expect(ids.has(`scmi/protocol-${p.name}`)).toBe(true);
    for (const t of new Set(Object.values(TRANSPORT_COMPATIBLES)))
      expect(ids.has(`transport/${t}`)).toBe(true);
  });

  it('covers every runtime file outside core/ and platform/ (a component or a listed support file)', () => {
    const known = new Set([...COMPONENTS.map((c) => c.file), ...SUPPORT_FILES]);
    const unknown = files('runtime').filter(
      (f) => !f.startsWith('runtime/core/') && !f.startsWith('runtime/platform/') && !known.has(f),
    );
    expect(unknown).toEqual([]);
  });
});
