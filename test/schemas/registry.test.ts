import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bindings } from '../../schemas/bindings/index.js';

const root = join(import.meta.dirname, '../../schemas/bindings');

/** Binding files: `<family>/<name>.ts`, excluding shared helpers (no default export of a binding). */
function bindingFiles(): string[] {
  const out: string[] = [];
  for (const family of readdirSync(root)) {
    const dir = join(root, family);
    if (!statSync(dir).isDirectory()) continue;
    for (const f of readdirSync(dir)) if (f.endsWith('.ts')) out.push(`${family}/${f.slice(0, -3)}`);
  }
  return out;
}

describe('binding registry', () => {
  it('registers every binding once, with a unique id', () => {
    const ids = bindings.map((b) => b.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(bindings).size).toBe(bindings.length);
  });

  it('names each binding after its file', async () => {
    const files = bindingFiles();
    for (const b of bindings) expect(files).toContain(b.id);
    // Every file that default-exports a binding is registered.
    for (const f of files) {
      const mod = (await import(join(root, `${f}.ts`))) as { default?: { id?: string } };
      if (mod.default?.id) expect(bindings.map((b) => b.id)).toContain(mod.default.id);
    }
  });

  it.each(bindings.map((b) => [b.id, b] as const))(
    '%s has a summary, valid and invalid examples',
    (_id, b) => {
      expect(b.summary.length).toBeGreaterThan(10);
      expect(b.examples.some((e) => e.valid)).toBe(true);
      expect(b.examples.some((e) => !e.valid && (e.expect?.length ?? 0) > 0)).toBe(true);
      expect(b.id).toMatch(/^[a-z0-9-]+\/[a-z0-9,.-]+$/);
    },
  );

  it('gives every rule a kebab-case id and a summary', () => {
    for (const b of bindings)
      for (const r of b.rules ?? []) {
        expect(r.id, b.id).toMatch(/^[a-z0-9]+(-[a-z0-9.]+)*$/);
        expect(r.summary.length, `${b.id}/${r.id}`).toBeGreaterThan(5);
      }
  });
});
