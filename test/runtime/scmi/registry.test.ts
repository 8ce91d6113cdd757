import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROTOCOL_NAMES } from '../../../runtime/scmi/constants.js';
import { PROTOCOLS } from '../../../runtime/scmi/protocols/index.js';

describe('protocol registry', () => {
  it('registers every file of runtime/scmi/protocols once, with unique ids and known names', () => {
    const dir = fileURLToPath(new URL('../../../runtime/scmi/protocols/', import.meta.url));
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts');
    expect(PROTOCOLS.length).toBe(files.length);
    const ids = PROTOCOLS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of PROTOCOLS) {
      expect(PROTOCOL_NAMES[p.id]).toBe(p.name);
      expect(files).toContain(`${p.name}.ts`.replace('performance', 'perf'));
      for (const [id, m] of Object.entries(p.messages)) {
        expect(Number(id)).toBeGreaterThan(2);
        expect(m.name).toMatch(/^[A-Z_]+$/);
      }
    }
  });
});
