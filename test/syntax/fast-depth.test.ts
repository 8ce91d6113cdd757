import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SourceText } from '../../compiler/source/source-text.js';
import { fastParseDts } from '../../compiler/syntax/fast-parse.js';
import { firstTooDeep, parseWithinDepth } from '../../compiler/syntax/nesting.js';

/**
 * The fast parser counts node levels itself, so the separate scan (`firstTooDeep`) runs only when
 * it gives up: it must give up exactly where the scan would find a block too deep, and
 * `parseWithinDepth` must then report what the scan reports.
 */
function nested(levels: number, leaf = 'x = <1>;'): string {
  let body = leaf;
  for (let i = 0; i < levels; i++) body = `n${i} { ${body} };`;
  return `/dts-v1/;\n/ { ${body} };\n`;
}

describe('node depth on the fast path', () => {
  it('accepts nesting up to the limit and gives up one level past it', () => {
    expect(fastParseDts(nested(3), 3)).toBeDefined();
    expect(firstTooDeep(nested(3), 3)).toBeUndefined();
    expect(fastParseDts(nested(4), 3)).toBeUndefined();
    expect(firstTooDeep(nested(4), 3)).toBeDefined();
  });

  it('counts an open &{/path} as one level, as the scan does', () => {
    const text = nested(3, 'p = &{/n0};');
    expect(firstTooDeep(text, 3)).toBeDefined();
    expect(fastParseDts(text, 3)).toBeUndefined();
    expect(fastParseDts(nested(2, 'p = &{/n0};'), 3)).toBeDefined();
    expect(fastParseDts(`/dts-v1/;\n/ { a { }; };\n&{/a} { b { }; };\n`, 1)).toBeDefined();
  });

  it('reports the scan’s diagnostic when the fast parser gives up on depth', () => {
    const text = nested(5);
    const source = SourceText.fromFile('t.dts', text);
    const parsed = parseWithinDepth(source, 2);
    expect(parsed.file).toBeUndefined();
    const [d] = parsed.diagnostics;
    expect(d?.code).toBe('limit/node-depth');
    expect(d?.span).toEqual(source.span(firstTooDeep(text, 2)!, firstTooDeep(text, 2)! + 1));
    expect(d?.message).toBe('nodes nested more than 2 deep, over the node-depth limit');
  });

  it('agrees with the scan on random trees', () => {
    const tree: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
      // Properties come before child nodes, as a valid source has them.
      node: fc.oneof(
        { depthSize: 'small' },
        fc.constant('a { };'),
        fc
          .tuple(fc.boolean(), fc.array(tie('node'), { maxLength: 3 }))
          .map(([ref, children]) => `a { ${ref ? 'p = &{/a}; ' : ''}${children.join(' ')} };`),
      ),
    })).node;
    fc.assert(
      fc.property(tree, fc.integer({ min: 0, max: 5 }), (node, maxDepth) => {
        const text = `/dts-v1/;\n/ { ${node} };\n`;
        expect(fastParseDts(text)).toBeDefined();
        expect(fastParseDts(text, maxDepth) !== undefined).toBe(firstTooDeep(text, maxDepth) === undefined);
      }),
      { numRuns: 300 },
    );
  });
});
