/**
 * dtc's integer expression semantics: every value is a C `uint64_t`, arithmetic wraps, comparisons
 * are unsigned, `>>` is logical, a shift by 64 or more gives 0, and `&&`, `||` are 0/1 results of
 * both operands (the caller evaluates both sides: dtc does not short-circuit).
 */

const u64 = (v: bigint): bigint => BigInt.asUintN(64, v);
const bool = (b: boolean): bigint => (b ? 1n : 0n);

/** Binary operators by precedence level (higher binds tighter), all left-associative. */
export const BINARY_PRECEDENCE: Readonly<Record<string, number>> = {
  '*': 11,
  '/': 11,
  '%': 11,
  '+': 10,
  '-': 10,
  '<<': 9,
  '>>': 9,
  '<': 8,
  '>': 8,
  '<=': 8,
  '>=': 8,
  '==': 7,
  '!=': 7,
  '&': 6,
  '^': 5,
  '|': 4,
  '&&': 3,
  '||': 2,
};

/** Applies a binary operator; `undefined` means division by zero (the caller reports it, result 0). */
export function applyBinary(op: string, a: bigint, b: bigint): bigint | undefined {
  switch (op) {
    case '*':
      return u64(a * b);
    case '/':
      return b === 0n ? undefined : a / b;
    case '%':
      return b === 0n ? undefined : a % b;
    case '+':
      return u64(a + b);
    case '-':
      return u64(a - b);
    case '<<':
      return b < 64n ? u64(a << b) : 0n;
    case '>>':
      return b < 64n ? a >> b : 0n;
    case '<':
      return bool(a < b);
    case '>':
      return bool(a > b);
    case '<=':
      return bool(a <= b);
    case '>=':
      return bool(a >= b);
    case '==':
      return bool(a === b);
    case '!=':
      return bool(a !== b);
    case '&':
      return a & b;
    case '^':
      return a ^ b;
    case '|':
      return a | b;
    case '&&':
      return bool(a !== 0n && b !== 0n);
    case '||':
      return bool(a !== 0n || b !== 0n);
    default:
      return 0n;
  }
}

export function applyUnary(op: string, a: bigint): bigint {
  switch (op) {
    case '-':
      return u64(-a);
    case '~':
      return u64(~a);
    case '!':
      return bool(a === 0n);
    default:
      return a;
  }
}
