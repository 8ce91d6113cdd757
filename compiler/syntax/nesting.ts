/**
 * The `node-depth` limit, checked on the source text before parsing: both parsers (and the tree
 * builder after them) recurse once per nested node, so a hostile `/ { a { a { …` thousands deep
 * would exhaust the stack before any of them could say why. One linear scan over the braces
 * outside strings, character literals and comments finds the first block nested too deep.
 */

/**
 * Offset of the first `{` that opens a block more than `maxDepth` levels below a top-level block
 * (`/ {` and `&label {` are level 0), or undefined when none does. A `&{/path}` reference counts as
 * one level while it is open, which can only make the answer err on the side of the limit.
 */
export function firstTooDeep(text: string, maxDepth: number): number | undefined {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b /* { */) {
      depth++;
      if (depth - 1 > maxDepth) return i;
    } else if (c === 0x7d /* } */) {
      if (depth > 0) depth--;
    } else if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
      i = skipQuoted(text, i, c);
    } else if (c === 0x2f /* / */) {
      const d = text.charCodeAt(i + 1);
      if (d === 0x2a) {
        const end = text.indexOf('*/', i + 2);
        i = end < 0 ? n : end + 1;
      } else if (d === 0x2f) {
        const end = text.indexOf('\n', i + 2);
        i = end < 0 ? n : end;
      }
    }
  }
  return undefined;
}

/** Offset of the closing quote of a literal opened at `i` (or of the line end: the lexer reports it). */
function skipQuoted(text: string, i: number, quote: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x5c) j++;
    else if (c === quote) return j;
    else if (c === 0x0a && quote === 0x27) return j;
  }
  return text.length;
}
