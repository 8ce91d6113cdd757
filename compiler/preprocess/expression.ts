import { type Token, TokType } from './tokens.js';

/**
 * `#if` arithmetic as cpp does it: intmax_t / uintmax_t (64-bit) values, the usual arithmetic
 * conversions (one unsigned operand makes the operation unsigned), C short-circuiting (division by
 * zero in an unevaluated operand is no error), identifiers left after macro expansion are 0.
 * The caller has already expanded macros and replaced `defined X` / `__has_include(...)` by 0 or 1.
 */

interface Value {
  v: bigint;
  unsigned: boolean;
}

export interface ExprError {
  message: string;
  token: Token | undefined;
}

export type ExprResult = { ok: true; value: boolean } | { ok: false; error: ExprError };

const MASK = (1n << 64n) - 1n;

function norm(v: bigint, unsigned: boolean): Value {
  return { v: unsigned ? BigInt.asUintN(64, v) : BigInt.asIntN(64, v), unsigned };
}

class Fail {
  constructor(readonly error: ExprError) {}
}

/** Binary operator precedence (higher binds tighter). */
const PREC: Record<string, number> = {
  '*': 10,
  '/': 10,
  '%': 10,
  '+': 9,
  '-': 9,
  '<<': 8,
  '>>': 8,
  '<': 7,
  '>': 7,
  '<=': 7,
  '>=': 7,
  '==': 6,
  '!=': 6,
  '&': 5,
  '^': 4,
  '|': 3,
  '&&': 2,
  '||': 1,
};

export function evaluateExpression(tokens: readonly Token[], directiveToken: Token): ExprResult {
  if (tokens.length === 0)
    return { ok: false, error: { message: '#if with no expression', token: directiveToken } };
  const p = new Parser(tokens);
  try {
    const v = p.comma(false);
    if (p.pos < tokens.length) {
      const t = tokens[p.pos];
      const message = t?.is(')')
        ? "missing '(' in expression"
        : `missing binary operator before token "${t?.text}"`;
      return { ok: false, error: { message, token: t } };
    }
    return { ok: true, value: v.v !== 0n };
  } catch (e) {
    if (e instanceof Fail) return { ok: false, error: e.error };
    throw e;
  }
}

class Parser {
  pos = 0;
  constructor(private readonly toks: readonly Token[]) {}

  private peek(): Token | undefined {
    return this.toks[this.pos];
  }

  private fail(message: string, token?: Token): never {
    throw new Fail({ message, token: token ?? this.peek() ?? this.toks[this.toks.length - 1] });
  }

  /** The comma operator (gcc accepts it in #if, pedantically warning). */
  comma(skip: boolean): Value {
    let v = this.conditional(skip);
    while (this.peek()?.is(',')) {
      this.pos++;
      v = this.conditional(skip);
    }
    return v;
  }

  private conditional(skip: boolean): Value {
    const cond = this.binary(1, skip);
    if (!this.peek()?.is('?')) return cond;
    this.pos++;
    const taken = cond.v !== 0n;
    const a = this.comma(skip || !taken);
    if (!this.peek()?.is(':')) this.fail("'?' without following ':'");
    this.pos++;
    const b = this.conditional(skip || taken);
    const unsigned = a.unsigned || b.unsigned;
    return norm(taken ? a.v : b.v, unsigned);
  }

  private binary(minPrec: number, skip: boolean): Value {
    let left = this.unary(skip);
    for (;;) {
      const t = this.peek();
      if (!t || t.type !== TokType.Punct) return left;
      const prec = PREC[t.text];
      if (prec === undefined || prec < minPrec) return left;
      this.pos++;
      const op = t.text;
      if (op === '&&' || op === '||') {
        const decided = op === '&&' ? left.v === 0n : left.v !== 0n;
        const right = this.binary(prec + 1, skip || decided);
        const result = op === '&&' ? left.v !== 0n && right.v !== 0n : left.v !== 0n || right.v !== 0n;
        left = { v: result ? 1n : 0n, unsigned: false };
        continue;
      }
      const right = this.binary(prec + 1, skip);
      left = this.apply(op, left, right, skip, t);
    }
  }

  private apply(op: string, a: Value, b: Value, skip: boolean, t: Token): Value {
    const shift = op === '<<' || op === '>>';
    // Shifts take the left operand's type; everything else converts both to unsigned if either is.
    const unsigned = shift ? a.unsigned : a.unsigned || b.unsigned;
    const x = unsigned ? BigInt.asUintN(64, a.v) : a.v;
    const y = unsigned ? BigInt.asUintN(64, b.v) : b.v;
    switch (op) {
      case '*':
        return norm(x * y, unsigned);
      case '/':
      case '%':
        if (y === 0n) {
          if (skip) return { v: 0n, unsigned };
          this.fail('division by zero in #if', t);
        }
        return norm(op === '/' ? x / y : x % y, unsigned);
      case '+':
        return norm(x + y, unsigned);
      case '-':
        return norm(x - y, unsigned);
      case '<<':
      case '>>': {
        // A negative count shifts the other way, as gcc's num_lshift/num_rshift do.
        let count = b.unsigned ? BigInt.asUintN(64, b.v) : b.v;
        let left = op === '<<';
        if (count < 0n) {
          count = -count;
          left = !left;
        }
        if (left) return count >= 64n ? { v: 0n, unsigned } : norm(x << count, unsigned);
        if (count >= 64n) return { v: !unsigned && x < 0n ? -1n : 0n, unsigned };
        return norm(x >> count, unsigned);
      }
      case '<':
        return bool(x < y);
      case '>':
        return bool(x > y);
      case '<=':
        return bool(x <= y);
      case '>=':
        return bool(x >= y);
      case '==':
        return bool(x === y);
      case '!=':
        return bool(x !== y);
      case '&':
        return norm(x & y, unsigned);
      case '^':
        return norm(x ^ y, unsigned);
      case '|':
        return norm(x | y, unsigned);
      default:
        return this.fail(`token "${op}" is not valid in preprocessor expressions`, t);
    }
  }

  private unary(skip: boolean): Value {
    const t = this.peek();
    if (!t) this.fail('#if with no expression');
    this.pos++;
    switch (t.type) {
      case TokType.Number:
        return parseNumber(t, (m) => this.fail(m, t));
      case TokType.Char:
        return parseChar(t);
      case TokType.Name:
        // Identifiers that are not macros are 0 (true/false are C++ only).
        return { v: 0n, unsigned: false };
      case TokType.Punct:
        switch (t.text) {
          case '(': {
            const v = this.comma(skip);
            if (!this.peek()?.is(')')) this.fail("missing ')' in expression");
            this.pos++;
            return v;
          }
          case '+':
            return this.unary(skip);
          case '-': {
            const v = this.unary(skip);
            return norm(-v.v, v.unsigned);
          }
          case '~': {
            const v = this.unary(skip);
            return norm(~v.v, v.unsigned);
          }
          case '!': {
            const v = this.unary(skip);
            return bool(v.v === 0n);
          }
        }
        if (t.text === ')' || PREC[t.text] !== undefined || t.text === '?' || t.text === ':')
          this.fail(`operator '${t.text}' has no left operand`, t);
        return this.fail(`token "${t.text}" is not valid in preprocessor expressions`, t);
      default:
        return this.fail(`token "${t.text}" is not valid in preprocessor expressions`, t);
    }
  }
}

function bool(b: boolean): Value {
  return { v: b ? 1n : 0n, unsigned: false };
}

function parseNumber(t: Token, fail: (message: string) => never): Value {
  const m = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+)([uUlL]*)$/.exec(t.text);
  if (!m) {
    if (/^(0[xX])?[0-9a-fA-F]*\.|^[0-9]*[eE][+-]?[0-9]|^0[xX].*[pP]/.test(t.text))
      fail('floating constant in preprocessor expression');
    fail(`invalid integer constant "${t.text}" in #if`);
  }
  const digits = m[1] as string;
  const suffix = (m[2] as string).toLowerCase();
  if (!/^(u?(l|ll)?|(l|ll)u)$/.test(suffix)) fail(`invalid suffix "${m[2]}" on integer constant`);
  let v: bigint;
  if (/^0[0-7]*$/.test(digits)) v = BigInt(`0o${digits.slice(1) || '0'}`);
  else if (/^0[0-9]+$/.test(digits)) fail(`invalid digit in octal constant`);
  else v = BigInt(digits);
  let unsigned = suffix.includes('u');
  // Too big for intmax_t: gcc makes it unsigned (with a pedantic warning).
  if (!unsigned && v > (1n << 63n) - 1n) unsigned = true;
  return { v: unsigned ? v & MASK : v, unsigned };
}

const SIMPLE_ESCAPES: Record<string, number> = {
  n: 10,
  t: 9,
  r: 13,
  a: 7,
  b: 8,
  f: 12,
  v: 11,
  e: 27,
  E: 27,
  '\\': 92,
  "'": 39,
  '"': 34,
  '?': 63,
};

/** A character constant: type int, plain chars are signed (as on the hosts gcc targets here). */
function parseChar(t: Token): Value {
  const body = t.text.slice(1, -1);
  const bytes: number[] = [];
  for (let i = 0; i < body.length; ) {
    const c = body[i] as string;
    if (c !== '\\') {
      bytes.push(body.charCodeAt(i) & 0xff);
      i++;
      continue;
    }
    const e = body[i + 1] ?? '';
    if (e === 'x') {
      const m = /^[0-9a-fA-F]+/.exec(body.slice(i + 2));
      bytes.push(m ? Number.parseInt(m[0], 16) & 0xff : 0);
      i += 2 + (m ? m[0].length : 0);
    } else if (/[0-7]/.test(e)) {
      const m = /^[0-7]{1,3}/.exec(body.slice(i + 1)) as RegExpExecArray;
      bytes.push(Number.parseInt(m[0], 8) & 0xff);
      i += 1 + m[0].length;
    } else {
      bytes.push(SIMPLE_ESCAPES[e] ?? e.charCodeAt(0));
      i += 2;
    }
  }
  if (bytes.length === 1) {
    const b = bytes[0] as number;
    return { v: BigInt(b >= 128 ? b - 256 : b), unsigned: false };
  }
  // Multi-character constant: bytes shifted in, truncated to int.
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return { v: BigInt.asIntN(32, v), unsigned: false };
}
