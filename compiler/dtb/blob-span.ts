import type { Span } from '../diagnostics/diagnostic.js';

/**
 * A span inside a binary input. Blobs have no lines, so the convention is line 1 and 1-based byte
 * columns: `x.dtb:1:57` is the byte at offset 56. Editors still jump somewhere sensible, and the
 * `file:line:col` output shape stays the same for every input kind.
 */
export function blobSpan(file: string, offset: number, length: number): Span {
  const col = offset + 1;
  return { file, line: 1, col, endLine: 1, endCol: col + Math.max(0, length) };
}

export function hex(value: number): string {
  return `0x${value.toString(16)}`;
}
