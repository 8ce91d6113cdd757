import { describe, expect, it } from 'vitest';
import { renderDiagnosticText } from '../../compiler/diagnostics/render-text.js';
import { MemoryFileSystem } from '../../compiler/source/file-system.js';

const diag = (line: number, col: number, endCol: number) => ({
  code: 'test/x',
  severity: 'error' as const,
  message: 'here',
  span: { file: 'b.dts', line, col, endLine: line, endCol },
});

describe('text code frames', () => {
  it('prints a short line whole, with the marker under the span', () => {
    const fs = new MemoryFileSystem({ 'b.dts': '/ {\n\tfoo = <1>;\n};\n' });
    const text = renderDiagnosticText(diag(2, 2, 5), { fs });
    expect(text.split('\n').slice(1)).toEqual(['    2 |  foo = <1>;', '      |  ^~~']);
  });

  it('prints a window of a long line around the span, marked where it was cut', () => {
    const long = `${'a = <1>; '.repeat(5000)}target = <2>; ${'b = <3>; '.repeat(5000)}`;
    const col = long.indexOf('target') + 1;
    const fs = new MemoryFileSystem({ 'b.dts': `/ {\n${long}\n};\n` });
    const [, source, marker] = renderDiagnosticText(diag(2, col, col + 6), { fs }).split('\n');
    expect(source!.length).toBeLessThan(200);
    expect(source).toMatch(/^ {4}2 \| ….*target = <2>;.*…$/);
    // The marker sits under "target" in the window.
    expect(source!.slice(marker!.indexOf('^'), marker!.indexOf('^') + 6)).toBe('target');
    expect(marker).toMatch(/\^~{5}$/);
  });
});
