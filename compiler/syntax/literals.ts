/**
 * Decoding of DTS literals with dtc 1.8.1's semantics: integer literals as C `strtoull(text, &end, 0)`
 * sees them, and string / character escapes as dtc's `get_escape_char` decodes them. Pure functions
 * over token images; the lexer pass turns their problems into diagnostics.
 */
import { ParseCode } from './codes.js';

export interface LiteralProblem {
  code: ParseCode;
  message: string;
  hint?: string;
}

const U64_MAX = (1n << 64n) - 1n;

export interface IntegerLiteral {
  value: bigint;
  problems: LiteralProblem[];
}

/**
 * An integer literal token (`[0-9]+` or `0[xX][0-9a-fA-F]+`, optional `U`/`L`/`UL`/`LL`/`ULL`).
 * Base 0 as in strtoull: `0x` hex, a leading `0` octal, else decimal. Octal stops at the first
 * non-octal digit; anything left that is not a suffix makes the literal bad (`09`). Values above
 * 2^64-1 saturate, as strtoull does, and are reported.
 */
export function decodeIntegerLiteral(image: string): IntegerLiteral {
  const problems: LiteralProblem[] = [];
  const digits = image.replace(/[UL]+$/, '');
  let value: bigint;
  if (digits.length > 2 && (digits[1] === 'x' || digits[1] === 'X')) {
    value = BigInt(`0x${digits.slice(2)}`);
  } else if (digits.length > 1 && digits[0] === '0') {
    let end = 1;
    while (end < digits.length && digits.charCodeAt(end) >= 0x30 && digits.charCodeAt(end) <= 0x37) end++;
    value = end > 1 ? BigInt(`0o${digits.slice(1, end)}`) : 0n;
    if (end < digits.length) {
      problems.push({
        code: ParseCode.badInteger,
        message: `Bad integer literal '${image}'`,
        hint: 'a leading 0 makes the literal octal (digits 0-7); remove the leading 0 for a decimal number',
      });
    }
  } else {
    value = BigInt(digits);
  }
  if (value > U64_MAX) {
    problems.push({
      code: ParseCode.integerOutOfRange,
      message: `Integer literal '${image}' out of range`,
      hint: 'integer literals must fit in 64 bits',
    });
    value = U64_MAX;
  }
  return { value, problems };
}

export interface DecodedText {
  /** The decoded bytes as a latin1 string (one char per byte). */
  bytes: string;
  problems: LiteralProblem[];
}

/**
 * Decodes the escapes in the body of a string or character literal (the text between the
 * delimiters). `\a \b \t \n \v \f \r`; `\` + 1-3 octal digits; `\x` + what C `strtol` reads in a
 * two-character window with base 16 (so `\x` with no digit is an error); any other `\c` is `c`.
 * A backslash that ends the body escapes the closing delimiter, as dtc reads one past the body.
 */
export function decodeEscapes(body: string, delimiter: string): DecodedText {
  const problems: LiteralProblem[] = [];
  let out = '';
  let i = 0;
  const n = body.length;
  while (i < n) {
    const c = body[i++]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = i < n ? body[i]! : delimiter;
    i++;
    switch (e) {
      case 'a':
        out += '\x07';
        break;
      case 'b':
        out += '\b';
        break;
      case 't':
        out += '\t';
        break;
      case 'n':
        out += '\n';
        break;
      case 'v':
        out += '\v';
        break;
      case 'f':
        out += '\f';
        break;
      case 'r':
        out += '\r';
        break;
      case 'x': {
        const hex = strtolWindow(body.slice(i, i + 2));
        if (hex === undefined) {
          problems.push({
            code: ParseCode.badEscape,
            message: '\\x used with no following hex digits',
            hint: 'write one or two hex digits after \\x, e.g. \\x0a',
          });
          break;
        }
        out += String.fromCharCode(hex.value & 0xff);
        i += hex.length;
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          let end = i;
          while (end < n && end < i + 2 && body[end]! >= '0' && body[end]! <= '7') end++;
          out += String.fromCharCode(Number.parseInt(body.slice(i - 1, end), 8) & 0xff);
          i = end;
        } else {
          out += e;
        }
    }
  }
  return { bytes: out, problems };
}

/** C `strtol(window, &end, 16)` on at most two characters: value and characters consumed. */
function strtolWindow(window: string): { value: number; length: number } | undefined {
  let i = 0;
  while (i < window.length && ' \t\n\v\f\r'.includes(window[i]!)) i++;
  let sign = 1;
  if (i < window.length && (window[i] === '+' || window[i] === '-')) {
    if (window[i] === '-') sign = -1;
    i++;
  }
  const start = i;
  let value = 0;
  while (i < window.length && isHexDigit(window.charCodeAt(i))) {
    value = value * 16 + Number.parseInt(window[i]!, 16);
    i++;
  }
  if (i === start) return undefined;
  return { value: sign * value, length: i };
}

function isHexDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

export interface CharLiteral {
  value: bigint;
  problems: LiteralProblem[];
}

/** A character literal token `'…'`: exactly one byte after escapes, its unsigned value. */
export function decodeCharLiteral(image: string): CharLiteral {
  const { bytes, problems } = decodeEscapes(image.slice(1, -1), "'");
  if (bytes.length === 0) {
    problems.push({ code: ParseCode.charLiteral, message: 'Empty character literal' });
    return { value: 0n, problems };
  }
  if (bytes.length > 1) {
    problems.push({
      code: ParseCode.charLiteral,
      message: `Character literal has ${bytes.length} characters instead of 1`,
      hint: 'use a string "…" for more than one character',
    });
  }
  return { value: BigInt(bytes.charCodeAt(0)), problems };
}

/** A string token `"…"`: its decoded bytes, without the terminating NUL. */
export function decodeStringLiteral(image: string): DecodedText {
  return decodeEscapes(image.slice(1, -1), '"');
}
