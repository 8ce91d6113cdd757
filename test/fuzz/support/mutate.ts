/**
 * Byte-level and token-level mutations (AFL/libFuzzer style): flips, interesting values, deletions,
 * duplications, splices with another seed, dictionary insertions, truncation. Text is mutated as a
 * string of characters, binary as bytes; both stay small (`maxLength`) so memory stays bounded.
 */
import type { Rng } from './rng.js';

const INTERESTING_8 = [0, 1, 0x7f, 0x80, 0xff, 0x20, 0x0a, 0x22, 0x5c];
const INTERESTING_32 = [
  0, 1, 2, 3, 4, 7, 8, 16, 28, 32, 0x7f, 0x80, 0xff, 0x100, 0x1000, 0x7fff_ffff, 0x8000_0000, 0xffff_fffc,
  0xffff_fffe, 0xffff_ffff,
];

/** Interesting 32-bit values (boundaries, sizes, sign bits), for structured mutators too. */
export function interesting32(rng: Rng): number {
  return rng.chance(0.7) ? rng.pick(INTERESTING_32) : rng.u32();
}

/** Interesting 64-bit register values. */
export function interesting64(rng: Rng): bigint {
  switch (rng.below(5)) {
    case 0:
      return BigInt(interesting32(rng));
    case 1:
      return 0xffff_ffff_ffff_ffffn - BigInt(rng.below(4));
    case 2:
      return (BigInt(interesting32(rng)) << 32n) | BigInt(interesting32(rng));
    case 3:
      return 1n << BigInt(rng.below(64));
    default:
      return rng.u64();
  }
}

export interface TextMutationOptions {
  /** Tokens of the input language, inserted whole. */
  dictionary: readonly string[];
  maxLength: number;
}

/** 1–4 mutations of a text; `others` are splice partners. */
export function mutateText(
  text: string,
  rng: Rng,
  others: readonly string[],
  options: TextMutationOptions,
): string {
  let s = text;
  const rounds = 1 + rng.below(4);
  for (let k = 0; k < rounds; k++) s = mutateTextOnce(s, rng, others, options);
  return s.length > options.maxLength ? s.slice(0, options.maxLength) : s;
}

function mutateTextOnce(s: string, rng: Rng, others: readonly string[], o: TextMutationOptions): string {
  const at = rng.below(s.length + 1);
  const len = 1 + rng.below(rng.chance(0.8) ? 8 : 200);
  switch (rng.below(10)) {
    case 0: // delete a range
      return s.slice(0, at) + s.slice(at + len);
    case 1: // duplicate a range
      return s.slice(0, at) + s.slice(at, at + len) + s.slice(at);
    case 2: {
      // replace one character by a random byte-valued one
      const c = String.fromCharCode(rng.chance(0.5) ? rng.pick(INTERESTING_8) : rng.below(256));
      return s.slice(0, at) + c + s.slice(at + 1);
    }
    case 3:
    case 4:
    case 5: // insert a dictionary token
      return s.slice(0, at) + rng.pick(o.dictionary) + s.slice(at);
    case 6: {
      // splice a piece of another input
      const other = others.length > 0 ? rng.pick(others) : s;
      const from = rng.below(other.length + 1);
      return s.slice(0, at) + other.slice(from, from + len * 4) + s.slice(at);
    }
    case 7: {
      // repeat a token many times (deep nesting, long lines)
      const token = rng.pick(o.dictionary);
      return s.slice(0, at) + token.repeat(1 + rng.below(rng.chance(0.9) ? 16 : 2000)) + s.slice(at);
    }
    case 8: // truncate
      return s.slice(0, at);
    default: {
      // swap two ranges' first characters (moves braces and quotes around)
      const b = rng.below(s.length + 1);
      if (at === b || at >= s.length || b >= s.length) return s;
      const [i, j] = at < b ? [at, b] : [b, at];
      return s.slice(0, i) + s[j] + s.slice(i + 1, j) + s[i] + s.slice(j + 1);
    }
  }
}

/** 1–4 byte-level mutations of a buffer (a copy); `aligned` words favour 32-bit big-endian fields. */
export function mutateBytes(
  bytes: Uint8Array,
  rng: Rng,
  others: readonly Uint8Array[],
  maxLength: number,
): Uint8Array {
  let b: Uint8Array = bytes.slice();
  const rounds = 1 + rng.below(4);
  for (let k = 0; k < rounds; k++) b = mutateBytesOnce(b, rng, others);
  return b.length > maxLength ? b.slice(0, maxLength) : b;
}

function mutateBytesOnce(b: Uint8Array, rng: Rng, others: readonly Uint8Array[]): Uint8Array {
  const at = rng.below(b.length + 1);
  const len = 1 + rng.below(rng.chance(0.8) ? 8 : 256);
  switch (rng.below(8)) {
    case 0: // flip a bit
      if (at < b.length) b[at]! ^= 1 << rng.below(8);
      return b;
    case 1: // an interesting byte
      if (at < b.length) b[at] = rng.pick(INTERESTING_8);
      return b;
    case 2: {
      // an interesting 32-bit word at an aligned offset, either endianness
      const o = at & ~3;
      if (o + 4 > b.length) return b;
      new DataView(b.buffer, b.byteOffset).setUint32(o, interesting32(rng), rng.chance(0.3));
      return b;
    }
    case 3: // delete a range
      return concat(b.subarray(0, at), b.subarray(at + len));
    case 4: // duplicate a range
      return concat(b.subarray(0, at), b.subarray(at, at + len), b.subarray(at));
    case 5: {
      // splice another input's bytes
      const other = others.length > 0 ? rng.pick(others) : b;
      const from = rng.below(other.length + 1);
      return concat(b.subarray(0, at), other.subarray(from, from + len * 4), b.subarray(at));
    }
    case 6: // truncate
      return b.slice(0, at);
    default: // random bytes inserted
      return concat(b.subarray(0, at), rng.bytes(1 + rng.below(16)), b.subarray(at));
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export const utf8 = {
  encode: (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8')),
  decode: (b: Uint8Array): string => Buffer.from(b).toString('utf8'),
};

export const latin1 = {
  encode: (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1')),
  decode: (b: Uint8Array): string => Buffer.from(b).toString('latin1'),
};
