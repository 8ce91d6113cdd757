import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { preprocessText } from '../../compiler/preprocess/index.js';
import { assembleDtcSource } from '../../compiler/source/assemble.js';
import { MemoryFileSystem } from '../../compiler/source/file-system.js';
import { SourceText } from '../../compiler/source/source-text.js';
import { RootedFileSystem } from './support.js';

function assemble(text: string, files: Record<string, string> = {}, includeDirs: string[] = []) {
  return assembleDtcSource(SourceText.fromFile('dir/main.dts', text), {
    includeDirs,
    fs: new MemoryFileSystem(files),
    currentFile: 'dir/main.dts',
  });
}
const at = (r: ReturnType<typeof assemble>, needle: string) => {
  const i = r.source.text.indexOf(needle);
  return r.source.span(i, i + needle.length);
};

describe('assembleDtcSource', () => {
  it('returns the input unchanged when there is nothing to do', () => {
    const src = SourceText.fromFile('a.dts', '/ { #address-cells = <1>; };\n#size-cells\n');
    expect(
      assembleDtcSource(src, { includeDirs: [], fs: new MemoryFileSystem(), currentFile: 'a.dts' }).source,
    ).toBe(src);
  });

  it('splices /include/ files anywhere, keeping exact origins', () => {
    const r = assemble('/ {\n\tprop = /include/  "v.dtsi";\n\tafter;\n};\n', { 'dir/v.dtsi': '<1\n 2>' });
    expect(r.source.text).toBe('/ {\n\tprop = <1\n 2>;\n\tafter;\n};\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.dependencies).toEqual(['dir/v.dtsi']);
    expect(at(r, '2>')).toMatchObject({ file: 'dir/v.dtsi', line: 2, col: 2 });
    expect(at(r, 'after')).toMatchObject({ file: 'dir/main.dts', line: 3, col: 2 });
    expect(at(r, ';\n\tafter')).toMatchObject({ file: 'dir/main.dts', line: 2, col: 28 });
  });

  it('searches the including file folder, then the include dirs; nested includes are relative to their file', () => {
    const files = { 'inc/a.dtsi': '/include/ "b.dtsi"', 'inc/b.dtsi': 'B' };
    const r = assemble('/include/ "a.dtsi"', files, ['inc']);
    expect(r.source.text).toBe('B');
    expect(r.dependencies).toEqual(['inc/a.dtsi', 'inc/b.dtsi']);
    expect(at(r, 'B')).toMatchObject({ file: 'inc/b.dtsi', line: 1, col: 1 });
  });

  it('ignores /include/ inside strings, comments and after a char literal quote', () => {
    const text = `a = "/include/ \\"x\\""; /* /include/ "y" */ // /include/ "z"\nb = '"'; c = "/include/";\n`;
    const r = assemble(text);
    expect(r.source.text).toBe(text);
    expect(r.diagnostics).toEqual([]);
  });

  it('reports missing files and include cycles', () => {
    expect(assemble('/include/ "nope.dtsi"').diagnostics.map((d) => [d.code, d.span?.line])).toEqual([
      ['dtc/include-not-found', 1],
    ]);
    const r = assemble('/include/ "main.dts"', { 'dir/main.dts': '/include/ "main.dts"' });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['limit/include-cycle']);
  });

  it('consumes line markers and re-bases the following lines', () => {
    const r = assemble('x;\n# 10 "qux.dts" 1 3\ny;\n#line 3 "foo.dts"\nz;\n#address-cells = <1>;\n');
    expect(r.source.text).toBe('x;\n\ny;\n\nz;\n#address-cells = <1>;\n');
    expect(at(r, 'y;')).toMatchObject({ file: 'qux.dts', line: 10, col: 1 });
    expect(at(r, 'z;')).toMatchObject({ file: 'foo.dts', line: 3, col: 1 });
    expect(at(r, '#address')).toMatchObject({ file: 'foo.dts', line: 4, col: 1 });
  });

  it('a NUL in a line marker file name is an error', () => {
    expect(assemble('# 0 "\\0"\n').diagnostics.map((d) => d.code)).toEqual(['dtc/line-marker-nul']);
    expect(assemble('# 0 "a\0b"\n').diagnostics.map((d) => d.code)).toEqual(['dtc/line-marker-nul']);
  });

  it('keeps macro frames of preprocessed input', () => {
    const fsys = new MemoryFileSystem({ 'dir/v.dtsi': '<7>' });
    const pre = preprocessText('dir/main.dts', '#define N 5\np = <N>;\nq = /include/ "v.dtsi";\n', {
      includeDirs: [],
      fs: fsys,
    });
    const r = assembleDtcSource(pre.source, { includeDirs: [], fs: fsys, currentFile: 'dir/main.dts' });
    const t = r.source.text;
    expect(words(t)).toEqual(['p', '=', '<5>;', 'q', '=', '<7>;']);
    const five = r.source.span(t.indexOf('5'), t.indexOf('5') + 1);
    expect(five.macros?.[0]?.name).toBe('N');
    expect(r.source.span(t.indexOf('7'), t.indexOf('7') + 1)).toMatchObject({ file: 'dir/v.dtsi', col: 2 });
  });
});

function words(t: string): string[] {
  return t.split(/\s+/).filter(Boolean);
}

const dtcInputs = '/work/shared/conformance/dtc/inputs';
describe.skipIf(!fs.existsSync(dtcInputs))('dtc test inputs', () => {
  const fsys = new RootedFileSystem(dtcInputs);
  const run = (file: string, includeDirs: string[] = []) =>
    assembleDtcSource(SourceText.fromFile(file, fs.readFileSync(path.join(dtcInputs, file), 'latin1')), {
      includeDirs,
      fs: fsys,
      currentFile: file,
    });

  it('include0.dts splices the whole include1..8 chain', () => {
    const r = run('include0.dts');
    expect(r.diagnostics).toEqual([]);
    expect(r.dependencies).toEqual(expect.arrayContaining(['include1.dts', 'include2.dts', 'include8.dts']));
    expect(r.source.text).not.toMatch(/\/include\/\s*"/);
  });

  it('line_directives.dts', () => {
    const r = run('line_directives.dts');
    expect(r.diagnostics).toEqual([]);
    const t = r.source.text;
    const i = t.indexOf('0x12345678');
    expect(r.source.span(i, i + 10)).toMatchObject({ file: 'qux.dts', line: 10 });
    const j = t.lastIndexOf('};');
    expect(r.source.span(j, j + 2)).toMatchObject({ file: '\\.dts', line: 200 });
  });

  it('search_paths.dts needs -i search_dir', () => {
    expect(run('search_paths.dts').diagnostics.map((d) => d.code)).toEqual(['dtc/include-not-found']);
    const r = run('search_paths.dts', ['search_dir']);
    expect(r.diagnostics).toEqual([]);
    expect(r.dependencies).toEqual(['search_dir/search_test.dtsi', 'search_dir/search_test2.dtsi']);
  });

  it('nul-in-line-info1/2 fail', () => {
    expect(run('nul-in-line-info1.dts').diagnostics.map((d) => d.code)).toEqual(['dtc/line-marker-nul']);
    expect(run('nul-in-line-info2.dts').diagnostics.map((d) => d.code)).toEqual(['dtc/line-marker-nul']);
  });
});
