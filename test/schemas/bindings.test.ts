import { describe, expect, it } from 'vitest';
import { bindings } from '../../schemas/bindings/index.js';
import { codeOf, expectedSpan, findings, validateText } from './examples.js';

/** Each binding's examples, run as tests (dt-schema's dt_binding_check). */
describe.each(bindings.map((b) => [b.id, b] as const))('%s', (_id, binding) => {
  for (const example of binding.examples) {
    it(`${example.valid ? 'valid' : 'invalid'}: ${example.title}`, () => {
      const diagnostics = validateText(example.dts);
      const got = findings(diagnostics);
      if (example.valid) {
        expect(got.map((d) => `${d.code} ${d.nodePath} ${d.message}`)).toEqual([]);
        return;
      }
      const expected = example.expect ?? [];
      expect([...new Set(got.map((d) => d.code))].sort()).toEqual([...new Set(expected.map(codeOf))].sort());
      for (const e of expected) {
        if (typeof e === 'string') continue;
        const span = expectedSpan(example.dts, e.at);
        const matching = got
          .filter((d) => d.code === e.code)
          .map(
            (d) =>
              d.span && {
                line: d.span.line,
                col: d.span.col,
                endLine: d.span.endLine,
                endCol: d.span.endCol,
              },
          );
        expect(matching, `${e.code} at ${e.at}`).toContainEqual(span);
      }
    });
  }
});
