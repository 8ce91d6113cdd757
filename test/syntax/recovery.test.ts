import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SourceText } from '../../compiler/source/source-text.js';
import { parseDts } from '../../compiler/syntax/parse.js';
import { parse, root } from './helpers.js';

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../fixtures/syntax/${name}`, import.meta.url)), 'latin1');

describe('error recovery', () => {
  it('reports every independent error of a file in one run, each where it is', () => {
    // several-errors.dts: one mistake per marked line, nothing else wrong.
    const { problems } = parse(fixture('several-errors.dts'));
    expect(problems).toEqual([
      { code: 'parse/syntax', line: 5, col: 29 }, // missing ';' after a string (end of line)
      { code: 'parse/lexical', line: 11, col: 13 }, // undefined macro inside < >
      { code: 'parse/syntax', line: 12, col: 20 }, // missing '>'
      { code: 'parse/syntax', line: 19, col: 13 }, // empty value
      { code: 'parse/syntax', line: 22, col: 24 }, // missing ';' before '}'
      { code: 'parse/props-after-subnode', line: 24, col: 3 },
      { code: 'parse/bad-integer', line: 24, col: 10 },
      { code: 'parse/syntax', line: 26, col: 25 }, // stray '$'
      { code: 'parse/syntax', line: 27, col: 4 }, // missing ';' after '}'
    ]);
  });

  it('keeps the rest of the tree after errors', () => {
    const { file } = parse(fixture('several-errors.dts'));
    const soc = root(file).children.find((c) => c.name === 'soc');
    expect(soc?.kind === 'node' && soc.body.children.map((c) => c.name)).toEqual([
      'uart@1000',
      'gpio@2000',
      'i2c@3000',
      'spi@4000',
    ]);
  });

  it('says what was expected and what was found', () => {
    const { diagnostics } = parseDts(SourceText.fromFile('t.dts', '/dts-v1/;\n/ {\n\ta = <1>\n\tb;\n};'));
    expect(diagnostics[0]?.message).toMatch(/expected .*';'.* after property value, found 'b'/);
    expect(diagnostics[0]?.span).toMatchObject({ file: 't.dts', line: 3, col: 9, endLine: 3, endCol: 9 });
  });

  it('reports unbalanced braces without cascading into many errors', () => {
    const { problems } = parse('/dts-v1/;\n/ {\n\ta {\n\t\tx;\n\t};\n\t};\n};\n/ { y; };');
    expect(problems.length).toBeGreaterThanOrEqual(1);
    expect(problems.length).toBeLessThanOrEqual(2);
    expect(problems[0]).toMatchObject({ code: 'parse/syntax', line: 7 });
  });
});
