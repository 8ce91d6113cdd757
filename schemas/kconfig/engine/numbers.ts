/**
 * C library number parsing as scripts/kconfig relies on it (strtoll / strtoull), with BigInt so
 * that 64-bit hex values survive.
 */

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

export interface ParsedNumber {
  value: bigint;
  /** Offset just after the last digit consumed (0 when nothing was parsed). */
  end: number;
  overflow: boolean;
}

function digitValue(c: string): number {
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 122) return code - 87;
  if (code >= 65 && code <= 90) return code - 55;
  return 99;
}

/** strtoll / strtoull: base 0 detects 0x and leading-0 octal; base 16 accepts an 0x prefix. */
export function parseC(str: string, base: 0 | 10 | 16, unsigned = false): ParsedNumber {
  let i = 0;
  while (i < str.length && /[ \t\n\v\f\r]/.test(str[i]!)) i++;
  let negative = false;
  if (str[i] === '+' || str[i] === '-') {
    negative = str[i] === '-';
    i++;
  }
  let b: number = base;
  if (
    (b === 0 || b === 16) &&
    str[i] === '0' &&
    (str[i + 1] === 'x' || str[i + 1] === 'X') &&
    digitValue(str[i + 2] ?? 'z') < 16
  ) {
    i += 2;
    b = 16;
  } else if (b === 0) b = str[i] === '0' ? 8 : 10;
  const start = i;
  let value = 0n;
  const bb = BigInt(b);
  while (i < str.length && digitValue(str[i]!) < b) {
    value = value * bb + BigInt(digitValue(str[i]!));
    i++;
  }
  if (i === start) return { value: 0n, end: 0, overflow: false };
  let overflow = false;
  if (unsigned) {
    if (value > UINT64_MAX) {
      overflow = true;
      value = UINT64_MAX;
    } else if (negative) value = (UINT64_MAX + 1n - value) & UINT64_MAX;
  } else {
    if (negative) value = -value;
    if (value > INT64_MAX) {
      overflow = true;
      value = INT64_MAX;
    } else if (value < INT64_MIN) {
      overflow = true;
      value = INT64_MIN;
    }
  }
  return { value, end: i, overflow };
}

/** sym_string_valid() for int and hex. */
export function isValidInt(str: string): boolean {
  return /^-?(0|[1-9][0-9]*)$/.test(str);
}

export function isValidHex(str: string): boolean {
  return /^(0[xX])?[0-9a-fA-F]+$/.test(str);
}
