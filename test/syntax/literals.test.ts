import { describe, expect, it } from 'vitest';
import {
  decodeCharLiteral,
  decodeEscapes,
  decodeIntegerLiteral,
  decodeStringLiteral,
} from '../../compiler/syntax/literals.js';

const codes = (r: { problems: { code: string }[] }) => r.problems.map((p) => p.code);

describe('integer literals (strtoull base 0)', () => {
  it.each([
    ['0', 0n],
    ['123', 123n],
    ['0x1F', 31n],
    ['0XfF', 255n],
    ['010', 8n],
    ['0777', 511n],
    ['1U', 1n],
    ['2L', 2n],
    ['3UL', 3n],
    ['4LL', 4n],
    ['0x10ULL', 16n],
    ['18446744073709551615', 18446744073709551615n],
    ['0xffffffffffffffff', 18446744073709551615n],
  ])('%s = %s', (image, value) => {
    const r = decodeIntegerLiteral(image);
    expect(r.value).toBe(value);
    expect(r.problems).toEqual([]);
  });

  it('rejects non-octal digits after a leading 0', () => {
    expect(codes(decodeIntegerLiteral('09'))).toEqual(['parse/bad-integer']);
    expect(codes(decodeIntegerLiteral('0128'))).toEqual(['parse/bad-integer']);
  });

  it('reports values above 2^64-1 and saturates', () => {
    const r = decodeIntegerLiteral('18446744073709551616');
    expect(codes(r)).toEqual(['parse/integer-out-of-range']);
    expect(r.value).toBe(18446744073709551615n);
    expect(codes(decodeIntegerLiteral('0x10000000000000000'))).toEqual(['parse/integer-out-of-range']);
  });
});

describe('escapes', () => {
  it.each([
    ['\\a\\b\\t\\n\\v\\f\\r', '\x07\b\t\n\v\f\r'],
    ['\\0', '\0'],
    ['\\101\\1012', 'AA2'],
    ['\\400', '\0'],
    ['\\x41\\x4', 'A\x04'],
    ['\\x414', 'A4'],
    ['\\q\\"\\\\', 'q"\\'],
    ['a\0b', 'a\0b'],
  ])('%j decodes to %j', (body, bytes) => {
    const r = decodeEscapes(body, '"');
    expect(r.bytes).toBe(bytes);
    expect(r.problems).toEqual([]);
  });

  it('reads \\x like strtol on a two-character window', () => {
    expect(decodeEscapes('\\x 5', '"').bytes).toBe('\x05');
    expect(decodeEscapes('\\x-1', '"').bytes).toBe('\xff');
  });

  it('rejects \\x with no hex digit', () => {
    expect(codes(decodeEscapes('\\xg', '"'))).toEqual(['parse/bad-escape']);
    expect(codes(decodeEscapes('\\x', '"'))).toEqual(['parse/bad-escape']);
  });

  it('keeps raw newlines and high bytes', () => {
    expect(decodeStringLiteral('"a\nb\xff"').bytes).toBe('a\nb\xff');
  });
});

describe('character literals', () => {
  it.each([
    ["'a'", 97n],
    ["'\\n'", 10n],
    ["'\\''", 39n],
    ["'\\0'", 0n],
    ["'\\xff'", 255n],
    ["'\\377'", 255n],
  ])('%s = %s', (image, value) => {
    const r = decodeCharLiteral(image);
    expect(r.value).toBe(value);
    expect(r.problems).toEqual([]);
  });

  it('must be exactly one byte', () => {
    expect(codes(decodeCharLiteral("''"))).toEqual(['parse/char-literal']);
    const two = decodeCharLiteral("'ab'");
    expect(codes(two)).toEqual(['parse/char-literal']);
    expect(two.value).toBe(97n);
  });
});
