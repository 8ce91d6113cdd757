import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PreprocessCache, type PreprocessOptions, preprocessText } from '../../compiler/preprocess/index.js';
import { MemoryFileSystem } from '../../compiler/source/file-system.js';
import { fixtures, hasCpp, RootedFileSystem, runCpp, runOurs, words } from './support.js';

function pp(text: string, files: Record<string, string> = {}, opts: Partial<PreprocessOptions> = {}) {
  return preprocessText('main.dts', text, { includeDirs: ['inc'], fs: new MemoryFileSystem(files), ...opts });
}
const out = (text: string, files?: Record<string, string>) => words(pp(text, files).source.text).join(' ');
const codes = (text: string, files?: Record<string, string>, opts?: Partial<PreprocessOptions>) =>
  pp(text, files, opts).diagnostics.map((d) => d.code);

describe.skipIf(!hasCpp)('agrees with gcc cpp', () => {
  const cases: [string, string, string[]][] = [
    ['spacing', 'macros.dts', []],
    ['spacing', 'conditionals.dts', []],
    ['include', 'src/arm64/vendor/board.dts', ['include', 'src']],
  ];
  for (const [dir, entry, includeDirs] of cases) {
    it(`${dir}/${entry}`, () => {
      const root = path.join(fixtures, dir);
      const ours = runOurs(root, entry, includeDirs);
      expect(ours.diagnostics).toEqual([]);
      expect(words(ours.source.text)).toEqual(words(runCpp(root, entry, includeDirs)));
    });
  }
});

describe('spacing where dtc cares', () => {
  const text = () => runOurs(path.join(fixtures, 'spacing'), 'macros.dts', []).source.text;
  it('labels, references, unit addresses and pasted names stay glued', () => {
    const w = words(text());
    for (const expected of ['uart0:', 'serial@10', 'gpio@10', '<&uart0>;', 'uart0_pins:', '123;', 'x;'])
      expect(w).toContain(expected);
  });
  it('keeps assembler # lines, expanding macros on them, and never expands strings', () => {
    const t = text();
    expect(t).toContain('#address-cells = <2>;');
    expect(t).toContain('"F(1) inside a string"');
    expect(t).toContain("it's fine F(1);");
  });
  it('stringifies and handles GNU variadic commas like gcc', () => {
    const w = words(text()).join(' ');
    expect(w).toContain('s = "a \\"b\\\\n\\" \'c\' + F(1)", "10", "";');
    expect(w).toContain('v = <1> <1 ,> <1 , 2, 3> [] [x, y];');
    expect(w).toContain('e = - - + + - - 1 x x "s" . 1 a 1;');
    expect(w).toContain('r = SELF + 1 2 3 4;');
  });
  it('a new line inside macro arguments is a space', () => {
    expect(out('#define F(x) [x]\nF(\n1\n2\n)')).toBe('[1 2]');
  });
});

describe('directives', () => {
  it('conditionals with cpp integer arithmetic', () => {
    expect(words(runOurs(path.join(fixtures, 'spacing'), 'conditionals.dts', []).source.text)).toEqual([
      'yes1',
      'yes2',
      'yes3',
      'yes4',
      'yes5',
      'yes6',
      '0',
      '0',
      '1',
    ]);
  });
  it('short-circuits like C: no division error in the unevaluated operand', () => {
    expect(out('#if 0 && (1 / 0)\nno\n#else\nyes\n#endif')).toBe('yes');
    expect(codes('#if 1 / 0\n#endif')).toEqual(['pp/bad-expression']);
    expect(codes('#if (1\n#endif')).toEqual(['pp/bad-expression']);
    expect(codes('#if\n#endif')).toEqual(['pp/bad-expression']);
  });
  it('-D, -U and the __DTS__ predefine', () => {
    const r = pp('FOO BAR __DTS__ linux', {}, { defines: ['FOO=3', 'BAR'], undefines: ['__DTS__'] });
    expect(words(r.source.text)).toEqual(['3', '1', '__DTS__', 'linux']);
    expect(out('__DTS__ __STDC__ __ASSEMBLER__ __STDC_HOSTED__')).toBe('1 1 1 1');
  });
  it('#undef, redefinition warning, #error and #warning', () => {
    expect(out('#define A 1\n#undef A\nA')).toBe('A');
    expect(codes('#define A 1\n#define A 2')).toEqual(['pp/macro-redefined']);
    expect(codes('#define A 1\n#define A 1')).toEqual([]);
    const r = pp('#warning careful here\n#error stop now');
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.span?.line])).toEqual([
      ['pp/warning-directive', 'warning', 1],
      ['pp/error-directive', 'error', 2],
    ]);
    expect(r.diagnostics[1]?.message).toBe('#error stop now');
  });
  it('unbalanced and unterminated conditionals', () => {
    expect(codes('#endif')).toEqual(['pp/unbalanced-else']);
    expect(codes('#else')).toEqual(['pp/unbalanced-else']);
    expect(codes('#if 1\n#else\n#else\n#endif')).toEqual(['pp/unbalanced-else']);
    expect(codes('#if 1\n#elif 1\n#else\n#elif 1\n#endif')).toEqual(['pp/unbalanced-else']);
    const r = pp('#ifdef X\nfoo');
    expect(r.diagnostics.map((d) => [d.code, d.span?.line])).toEqual([['pp/unterminated-conditional', 1]]);
    // An included file cannot close its includer's #if.
    expect(codes('#if 1\n#include "a.h"\n#endif', { 'inc/a.h': '#endif\n' })).toEqual(['pp/unbalanced-else']);
  });
  it('macro argument errors', () => {
    expect(codes('#define F(a, b) a b\nF(1)')).toEqual(['pp/macro-arguments']);
    expect(codes('#define F(a) a\nF(1, 2)')).toEqual(['pp/macro-arguments']);
    expect(codes('#define F(a) a\nF(1, 2')).toEqual(['pp/macro-arguments']);
    expect(out('#define F(a) a\nF + F')).toBe('F + F');
  });
  it('bad #define lines', () => {
    expect(codes('#define 3 x')).toEqual(['pp/bad-define']);
    expect(codes('#define F(a, a) a')).toEqual(['pp/bad-define']);
    expect(codes('#define F(a) ## a')).toEqual(['pp/bad-define']);
    expect(codes('#define defined 1')).toEqual(['pp/bad-define']);
  });
  it('unterminated comment', () => {
    expect(codes('a /* b')).toEqual(['pp/unterminated-comment']);
  });
});

describe('includes', () => {
  const root = path.join(fixtures, 'include');
  it('forms file names as cpp does and lists dependencies', () => {
    const r = runOurs(root, 'src/arm64/vendor/board.dts', ['include', 'src']);
    expect(r.dependencies).toEqual([
      'src/arm64/vendor/board.dts',
      'include/dt-bindings/irq.h',
      'src/arm64/vendor/../soc.dtsi',
      'src/arm64/vendor/../common.h',
    ]);
    const t = r.source.text;
    const soc = t.indexOf('soc {');
    expect(r.source.span(soc, soc + 3)).toMatchObject({
      file: 'src/arm64/vendor/../soc.dtsi',
      line: 2,
      col: 5,
    });
  });
  it('maps expanded text to its invocation, with the macro frame', () => {
    const r = runOurs(root, 'src/arm64/vendor/board.dts', ['include', 'src']);
    const t = r.source.text;
    const at = t.indexOf('<0 4 4>') + 1;
    const span = r.source.span(at, at + 1);
    expect(span).toMatchObject({ file: 'src/arm64/vendor/board.dts', line: 3, col: 27 });
    expect(span.macros?.[0]).toMatchObject({
      name: 'GIC_SPI',
      definition: { file: 'include/dt-bindings/irq.h', line: 3 },
    });
    // A literal between two expansions is verbatim from the file.
    const four = r.source.span(at + 2, at + 3);
    expect(four).toMatchObject({ file: 'src/arm64/vendor/board.dts', line: 3, col: 35 });
    expect(four.macros).toBeUndefined();
    const compat = t.indexOf('"vendor,soc"');
    expect(r.source.span(compat, compat + 1).macros?.[0]?.name).toBe('SOC_COMPAT');
  });
  it('quote includes search the includer folder first; angle includes only -I', () => {
    const files = { 'inc/x.h': 'from_inc\n', 'x.h': 'from_here\n' };
    expect(out('#include "x.h"', files)).toBe('from_here');
    expect(out('#include <x.h>', files)).toBe('from_inc');
    expect(out('#define H <x.h>\n#include H', files)).toBe('from_inc');
  });
  it('missing files and include cycles are diagnosed, not thrown', () => {
    expect(codes('#include "nope.h"')).toEqual(['pp/include-not-found']);
    const r = pp('#include "loop.h"', { 'loop.h': '#include "loop.h"\n' }, { limits: { includeDepth: 20 } });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['limit/include-cycle']);
  });
  it('#pragma once', () => {
    expect(out('#include "a.h"\n#include "a.h"', { 'a.h': '#pragma once\nA\n' })).toBe('A');
  });
});

describe('line markers in the input', () => {
  it('set the presumed file and line and are not output', () => {
    const r = pp('a\n# 12 "foo.dtsi" 1\nb\n#line 40 "bar.dts"\nc\n# 7 "x" 2 3\nd __FILE__');
    expect(words(r.source.text)).toEqual(['a', 'b', 'c', 'd', '"x"']);
    const t = r.source.text;
    const pos = (w: string) => r.source.span(t.indexOf(w), t.indexOf(w) + 1);
    expect(pos('b')).toMatchObject({ file: 'foo.dtsi', line: 12, col: 1 });
    expect(pos('c')).toMatchObject({ file: 'bar.dts', line: 40 });
    expect(pos('d')).toMatchObject({ file: 'x', line: 7 });
  });
  it('bad markers are diagnosed', () => {
    expect(codes('# 12 foo')).toEqual(['pp/bad-line-marker']);
    expect(codes('#line x')).toEqual(['pp/bad-line-marker']);
  });
  it('line numbers past 2^31 - 1 are reported and ignored (2^64 once hung the output loop)', () => {
    expect(codes('#18446744073709551\na')).toEqual(['pp/line-out-of-range']);
    expect(codes('#line 4294967296 "f"\na')).toEqual(['pp/line-out-of-range']);
    const r = pp('a\n# 18446744073709551 "x"\nb');
    const t = r.source.text;
    expect(r.source.span(t.indexOf('b'), t.indexOf('b') + 1)).toMatchObject({ line: 3 });
  });
  it('a large but valid jump in line numbers stays quick', () => {
    const r = pp('a\n#line 2000000000\nb');
    const t = r.source.text;
    expect(t.length).toBeLessThan(100_000);
    expect(r.source.span(t.indexOf('b'), t.indexOf('b') + 1)).toMatchObject({ line: 2000000000 });
  });
});

describe('limits and robustness', () => {
  it('stops runaway expansion with a diagnostic', () => {
    const defs = ['#define A0 x'];
    for (let i = 1; i <= 30; i++) defs.push(`#define A${i} A${i - 1} A${i - 1}`);
    const r = pp(`${defs.join('\n')}\nA30`, {}, { limits: { expansionBudget: 10_000 } });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['limit/macro-expansion']);
  });
  it('never throws on arbitrary input', () => {
    const alphabet = fc.constantFrom(
      ...'#define ',
      'F(',
      ')',
      ',',
      '##',
      '#',
      '"',
      "'",
      '/*',
      '*/',
      '//',
      '\\\n',
      '\n',
      'F',
      'x',
      ' ',
      '#if ',
      '#endif',
      '#include "a"',
      '__VA_ARGS__',
      '...',
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }), (parts) => {
        const r = pp(parts.join(''), { 'inc/a': parts.slice(0, 5).join('') });
        expect(r.diagnostics.some((d) => d.code === 'pp/internal-error')).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
  it('a shared cache gives the same result', () => {
    const cache = new PreprocessCache();
    const root = path.join(fixtures, 'include');
    const a = runOurs(root, 'src/arm64/vendor/board.dts', ['include', 'src'], { cache });
    const b = runOurs(root, 'src/arm64/vendor/board.dts', ['include', 'src'], { cache });
    expect(b.source.text).toBe(a.source.text);
    expect(b.source.segments).toEqual(a.source.segments);
  });
});

describe('fast paths (plain token runs, cached #define lines)', () => {
  const files = {
    'inc/defs.h':
      '#ifndef DEFS\n#define DEFS\n#define ONE 1\n#define TWO(x) (x + ONE)\n# define  SP\t3\n#define ONE 1\n#endif\n',
  };
  it('prints blanks, comments and splices between plain tokens as before', () => {
    const r = pp('a  b\t c /* x */ d\n  e\\\nf g // t\nh\\\n  i\n');
    expect(r.source.text).toBe('a  b\t c d\n  ef g\n\nh i\n');
  });
  it('a second run over a shared cache (cached #defines) is identical to the first', () => {
    const alphabet = fc.constantFrom(
      '#include "defs.h"\n',
      '#define ONE 2\n',
      '#undef ONE\n',
      '#define Z ONE\n',
      'ONE ',
      'TWO(4) ',
      'TWO ',
      'SP',
      'Z',
      'x',
      ' ',
      '\t',
      '/* c */',
      '\\\n',
      '\n',
      '<',
      ';',
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const cache = new PreprocessCache();
        const opts = { includeDirs: ['inc'], fs: new MemoryFileSystem(files), cache };
        const a = preprocessText('main.dts', text, opts);
        const b = preprocessText('main.dts', text, opts);
        expect(b.source.text).toBe(a.source.text);
        expect(b.source.segments).toEqual(a.source.segments);
        expect(b.diagnostics).toEqual(a.diagnostics);
      }),
      { numRuns: 200 },
    );
  });
});

describe.skipIf(!hasCpp || !fs.existsSync('/work/shared/corpus/linux'))(
  'a corpus board agrees with cpp',
  () => {
    it('rockchip rk3588 board', () => {
      const root = '/work/shared/corpus/linux';
      const board = fs
        .readdirSync(path.join(root, 'src/arm64/rockchip'))
        .filter((f) => f.endsWith('.dts'))
        .sort()[0] as string;
      const entry = `src/arm64/rockchip/${board}`;
      const dirs = ['include', 'src', 'src/arm64'];
      const ours = runOurs(root, entry, dirs, { fs: new RootedFileSystem(root) });
      expect(words(ours.source.text)).toEqual(words(runCpp(root, entry, dirs)));
    });
  },
);
