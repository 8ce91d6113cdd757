import { describe, expect, it } from 'vitest';
import { wiringRules } from '../../../schemas/rules/index.js';
import { lint, spanOf, where } from './support.js';

/**
 * Every rule's examples run as tests: valid ones produce no finding of the rule (and no error at all,
 * so the examples stay realistic), invalid ones produce exactly the expected findings, each at the
 * exact text the example names.
 */
describe.each(wiringRules.map((r) => [r.id, r] as const))('%s', (id, rule) => {
  it.each(rule.examples.valid.map((e) => [e.title, e] as const))('valid: %s', (_t, example) => {
    const diagnostics = lint(example.dts);
    expect(diagnostics.filter((d) => d.code === id).map((d) => `${where(d.span)} ${d.message}`)).toEqual([]);
    expect(diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`)).toEqual(
      [],
    );
  });

  it.each(rule.examples.invalid.map((e) => [e.title, e] as const))('invalid: %s', (_t, example) => {
    const found = lint(example.dts).filter((d) => d.code === id);
    const expected = (example.expect ?? []).map((at) => where(spanOf(example.dts, at))).sort();
    expect(found.map((d) => where(d.span)).sort()).toEqual(expected);
    for (const d of found) {
      expect(d.nodePath).toMatch(/^\//);
      expect(d.message.length).toBeGreaterThan(10);
      expect(d.span?.file).toBe('test.dts');
    }
  });
});
