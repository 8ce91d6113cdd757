/** A set of ASCII characters, as a table by character code. */
export type CharSet = Uint8Array;

function charSet(chars: string): CharSet {
  const table = new Uint8Array(128);
  for (let i = 0; i < chars.length; i++) table[chars.charCodeAt(i)] = 1;
  return table;
}

/** The character sets dtc's name checks accept. */
const LETTERS_DIGITS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export const NODE_CHARS = charSet(`${LETTERS_DIGITS},._+-@`);
export const PROP_CHARS = charSet(`${LETTERS_DIGITS},._+*#?-`);
export const STRICT_CHARS = charSet(`${LETTERS_DIGITS},-`);

/** Index of the first character of `text` (from `from`) not in `allowed` (C's `strspn`). */
export function firstOutside(text: string, allowed: CharSet, from = 0): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c >= 128 || allowed[c] === 0) break;
    i++;
  }
  return i;
}
