import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { kconfigRules } from '../../../schemas/kconfig/rules/index.js';
import { runExample, withCode } from './helpers.js';

const rulesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../schemas/kconfig/rules');

describe('kconfig rule registry', () => {
  it('registers every rule file exactly once, named after its id', () => {
    const files = fs
      .readdirSync(rulesDir)
      .filter((f) => f.endsWith('.ts') && !['define.ts', 'index.ts'].includes(f))
      .map((f) => `kconfig/${f.replace(/\.ts$/, '')}`)
      .sort();
    const ids = kconfigRules.map((r) => r.id).sort();
    expect(ids).toEqual(files);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('documents every rule and gives valid and invalid examples', () => {
    for (const rule of kconfigRules) {
      expect(rule.summary.length, rule.id).toBeGreaterThan(10);
      expect(rule.rationale.length, rule.id).toBeGreaterThan(50);
      expect(rule.examples.valid.length, rule.id).toBeGreaterThan(0);
      expect(rule.examples.invalid.length, rule.id).toBeGreaterThan(0);
    }
  });
});

describe.each(kconfigRules.map((r) => [r.id, r] as const))('%s examples', (_id, rule) => {
  for (const example of rule.examples.invalid)
    it(`fires: ${example.title}`, () => {
      const found = withCode(runExample(example, [rule]).diagnostics, rule.id);
      expect(found.length).toBeGreaterThan(0);
      for (const d of found) expect(d.span, d.message).toBeDefined();
    });
  for (const example of rule.examples.valid)
    it(`stays silent: ${example.title}`, () => {
      expect(withCode(runExample(example, [rule]).diagnostics, rule.id)).toEqual([]);
    });
});
