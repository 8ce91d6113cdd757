/** The character sets dtc's name checks accept. */
const LETTERS_DIGITS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export const NODE_CHARS = new Set(`${LETTERS_DIGITS},._+-@`);
export const PROP_CHARS = new Set(`${LETTERS_DIGITS},._+*#?-`);
export const STRICT_CHARS = new Set(`${LETTERS_DIGITS},-`);

/** Index of the first character of `text` (from `from`) not in `allowed` (C's `strspn`). */
export function firstOutside(text: string, allowed: ReadonlySet<string>, from = 0): number {
  let i = from;
  while (i < text.length && allowed.has(text[i]!)) i++;
  return i;
}
