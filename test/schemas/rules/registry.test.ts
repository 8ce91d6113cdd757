import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wiringRules } from '../../../schemas/rules/index.js';

const root = join(import.meta.dirname, '../../../schemas/rules');
/** Files of the rules folder that are infrastructure, not rules. */
const NOT_RULES = new Set(['define.ts', 'index.ts', 'run.ts']);

describe('wiring rule registry', () => {
  const files = readdirSync(root).filter((f) => f.endsWith('.ts') && !NOT_RULES.has(f));

  it('registers every rule once, with a unique id', () => {
    const ids = wiringRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(wiringRules).size).toBe(wiringRules.length);
  });

  it('has one file per rule, named after its id, and registers every rule file', async () => {
    expect(files.map((f) => `wiring/${f.slice(0, -3)}`).sort()).toEqual(wiringRules.map((r) => r.id).sort());
    for (const f of files) {
      const mod = (await import(join(root, f))) as { default?: { id?: string } };
      expect(mod.default?.id, f).toBe(`wiring/${f.slice(0, -3)}`);
    }
  });

  it.each(wiringRules.map((r) => [r.id, r] as const))('%s is documented and exemplified', (id, rule) => {
    expect(id).toMatch(/^wiring\/[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(rule.summary.length).toBeGreaterThan(10);
    expect(rule.rationale.length).toBeGreaterThan(200);
    expect(rule.examples.valid.length).toBeGreaterThan(0);
    expect(rule.examples.invalid.length).toBeGreaterThan(0);
    for (const e of rule.examples.invalid) expect(e.expect?.length, e.title).toBeGreaterThan(0);
    for (const code of rule.supersedes ?? []) expect(code).toMatch(/^schema\//);
  });
});
