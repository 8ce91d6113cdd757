/**
 * Conversions between 64-bit register values (bigint) and plain numbers for the per-message paths.
 * V8 (Node 20) converts with `Number(x)` and `BigInt(n)` through runtime calls that cost 40-60 ns
 * each, several times the rest of a register's handling; a bigint stored into a 64-bit typed array
 * and read back as two 32-bit halves (or the reverse) costs about 10 ns. The results are exactly
 * those of the builtins: the 64-bit store wraps as `BigInt.asUintN(64, …)` does. On a big-endian
 * host (none Node ships for) the builtins are used.
 */

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const cell64 = new BigUint64Array(1);
const cell32 = new Uint32Array(cell64.buffer);
const TWO_32 = 0x1_0000_0000;

/** Small values (ids, sizes, codes) are most of what crosses: their bigints are made once. */
const SMALL = Array.from({ length: 4096 }, (_, i) => BigInt(i));

/** `Number(BigInt.asUintN(32, x))`: the low word. */
export function low32(x: bigint): number {
  if (!LITTLE_ENDIAN) return Number(BigInt.asUintN(32, x));
  cell64[0] = x;
  return cell32[0]!;
}

/** `Number(BigInt.asUintN(64, x))`: equal to `Number(x)` for 0 ≤ x < 2^64 (rounded above 2^53). */
export function u64ToNumber(x: bigint): number {
  if (!LITTLE_ENDIAN) return Number(BigInt.asUintN(64, x));
  cell64[0] = x;
  return cell32[1]! * TWO_32 + cell32[0]!;
}

/** `BigInt(n)` for an integer 0 ≤ n < 2^53 (sizes, addresses, ids, codes). */
export function bigFromU53(n: number): bigint {
  if (n < 4096) return SMALL[n]!;
  if (!LITTLE_ENDIAN) return BigInt(n);
  cell32[0] = n >>> 0;
  cell32[1] = Math.floor(n / TWO_32);
  return cell64[0]!;
}

/** `BigInt(n >>> 0)`: a 32-bit register value. */
export function bigFromU32(n: number): bigint {
  const v = n >>> 0;
  if (v < 4096) return SMALL[v]!;
  if (!LITTLE_ENDIAN) return BigInt(v);
  cell32[0] = v;
  cell32[1] = 0;
  return cell64[0]!;
}

/** `BigInt(n)` exactly (throws as it does for a non-integer), fast for 0 ≤ n < 2^53. */
export function bigFromNumber(n: number): bigint {
  return Number.isSafeInteger(n) && n >= 0 ? bigFromU53(n) : BigInt(n);
}
