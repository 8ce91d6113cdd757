/**
 * `struct optee_msg_arg` in simulated physical memory: a 32-byte header and `num_params` 32-byte
 * parameters (attr u64 + a 24-byte union read as three u64 words). Both worlds read and write it
 * through here, so the byte layout lives in one place.
 */
import { isFault, type MemoryFault, type MemorySpan, type PhysicalMemory } from '../core/memory.js';
import { bigFromU32 } from '../core/words.js';
import { MSG_ARG_HEADER_SIZE, MSG_MAX_NUM_PARAMS, MSG_PARAM_SIZE, msgArgSize } from './abi.js';

export interface MsgParam {
  attr: number;
  /** The union as three u64 words: value {a,b,c}, tmem {buf_ptr,size,shm_ref}, rmem {offs,size,shm_ref}. */
  a: bigint;
  b: bigint;
  c: bigint;
}

export interface MsgArg {
  cmd: number;
  func: number;
  session: number;
  cancelId: number;
  ret: number;
  retOrigin: number;
  numParams: number;
  params: MsgParam[];
}

export function emptyParam(): MsgParam {
  return { attr: 0, a: 0n, b: 0n, c: 0n };
}

export function newMsgArg(cmd: number, params: MsgParam[] = [], fields: Partial<MsgArg> = {}): MsgArg {
  // Fields one by one rather than a spread: every argument then has the decoder's shape, and the
  // codec's property reads stay monomorphic.
  return {
    cmd,
    func: fields.func ?? 0,
    session: fields.session ?? 0,
    cancelId: fields.cancelId ?? 0,
    ret: fields.ret ?? 0,
    retOrigin: fields.retOrigin ?? 0,
    numParams: params.length,
    params,
  };
}

const U32_MAX = 0xffff_ffffn;

/**
 * Little-endian access to an argument's bytes, one byte at a time: V8 compiles indexed Uint8Array
 * access to plain loads and stores, where a DataView per buffer (or a cache of them) cost more
 * than the codec's own work on every message.
 */
function get32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}

function put32(b: Uint8Array, o: number, x: number): void {
  b[o] = x;
  b[o + 1] = x >>> 8;
  b[o + 2] = x >>> 16;
  b[o + 3] = x >>> 24;
}

function u64(b: Uint8Array, o: number): bigint {
  const lo = get32(b, o);
  const hi = get32(b, o + 4);
  if (hi === 0) return bigFromU32(lo);
  return BigInt(lo) | (BigInt(hi) << 32n);
}

function putU64(b: Uint8Array, o: number, x: bigint): void {
  // Most words are 32-bit: no bigint arithmetic for them. Number() rounds monotonically and is
  // exact below 2^53, so n lies in [0, 2^32) exactly when x does.
  const n = Number(x);
  if (n >= 0 && n <= 0xffff_ffff) {
    put32(b, o, n);
    put32(b, o + 4, 0);
    return;
  }
  const w = BigInt.asUintN(64, x);
  put32(b, o, Number(w & U32_MAX));
  put32(b, o + 4, Number(w >> 32n));
}

/**
 * One argument's worth of bytes, reused: reading or writing an argument copies through here rather
 * than allocating (typed arrays over 64 bytes live off the V8 heap and cost a microsecond each).
 */
const scratch = new Uint8Array(msgArgSize(MSG_MAX_NUM_PARAMS));

/** Reads the header only (to learn `num_params` before sizing the whole structure). */
export function readMsgHeader(
  mem: PhysicalMemory,
  pa: bigint,
  secure = false,
): Omit<MsgArg, 'params'> | MemoryFault {
  const f = mem.readInto(pa, scratch, 0, MSG_ARG_HEADER_SIZE, secure);
  if (f) return f;
  const b = scratch;
  return {
    cmd: get32(b, 0),
    func: get32(b, 4),
    session: get32(b, 8),
    cancelId: get32(b, 12),
    ret: get32(b, 20),
    retOrigin: get32(b, 24),
    numParams: get32(b, 28),
  };
}

/** Reads header and `numParams` parameters (the caller has bounded `numParams`). */
export function readMsgArg(
  mem: PhysicalMemory,
  pa: bigint,
  numParams: number,
  secure = false,
): MsgArg | MemoryFault {
  const at = mem.span(pa, msgArgSize(numParams), secure);
  if (isFault(at)) return at;
  return decodeMsgArgAt(at, numParams);
}

/**
 * Decodes an argument in place in simulated memory (or a scratch span). An 8-byte aligned argument
 * (all of them: OP-TEE refuses others) is read through the span's word views: a small u64 comes
 * from a table, a larger one straight from the 64-bit view, never through bigint arithmetic.
 */
export function decodeMsgArgAt(s: MemorySpan, numParams: number): MsgArg {
  const w = s.words;
  const d = s.dwords;
  if (w === undefined || d === undefined || (s.offset & 7) !== 0)
    return decodeMsgArg(s.bytes, numParams, s.offset);
  const h = s.offset >>> 2;
  const params = new Array<MsgParam>(numParams);
  for (let i = 0; i < numParams; i++) {
    const k = h + 8 + i * 8; // 32-bit index of the parameter's attr
    params[i] = { attr: w[k]!, a: word64(w, d, k + 2), b: word64(w, d, k + 4), c: word64(w, d, k + 6) };
  }
  return {
    cmd: w[h]!,
    func: w[h + 1]!,
    session: w[h + 2]!,
    cancelId: w[h + 3]!,
    ret: w[h + 5]!,
    retOrigin: w[h + 6]!,
    numParams,
    params,
  };
}

/**
 * `readMsgArg` into an existing argument of `arg.params.length` parameters: every field and
 * parameter word is overwritten with what memory holds, so the result equals a fresh decode, but
 * no argument, parameter array or parameter object is allocated. Linux reads the argument back
 * after every call into the structure it sent; a fresh decode per message showed in profiles.
 * Leaves `arg` untouched and returns the fault when the range is not mapped.
 */
export function readMsgArgInto(
  mem: PhysicalMemory,
  pa: bigint,
  arg: MsgArg,
  secure = false,
): MemoryFault | undefined {
  const params = arg.params;
  const numParams = params.length;
  const s = mem.span(pa, msgArgSize(numParams), secure);
  if (isFault(s)) return s;
  const w = s.words;
  const d = s.dwords;
  if (w === undefined || d === undefined || (s.offset & 7) !== 0) {
    const back = decodeMsgArg(s.bytes, numParams, s.offset);
    for (let i = 0; i < numParams; i++) params[i] = back.params[i]!;
    setHeader(arg, back.cmd, back.func, back.session, back.cancelId, back.ret, back.retOrigin, numParams);
    return undefined;
  }
  const h = s.offset >>> 2;
  for (let i = 0; i < numParams; i++) {
    const k = h + 8 + i * 8;
    const p = params[i]!;
    p.attr = w[k]!;
    p.a = word64(w, d, k + 2);
    p.b = word64(w, d, k + 4);
    p.c = word64(w, d, k + 6);
  }
  setHeader(arg, w[h]!, w[h + 1]!, w[h + 2]!, w[h + 3]!, w[h + 5]!, w[h + 6]!, numParams);
  return undefined;
}

function setHeader(
  arg: MsgArg,
  cmd: number,
  func: number,
  session: number,
  cancelId: number,
  ret: number,
  retOrigin: number,
  numParams: number,
): void {
  arg.cmd = cmd;
  arg.func = func;
  arg.session = session;
  arg.cancelId = cancelId;
  arg.ret = ret;
  arg.retOrigin = retOrigin;
  arg.numParams = numParams;
}

/** The u64 at 32-bit index `k` (even): small values from words.ts's table, else from the 64-bit view. */
function word64(w: Uint32Array, d: BigUint64Array, k: number): bigint {
  const lo = w[k]!;
  if (w[k + 1] === 0 && lo < 4096) return bigFromU32(lo);
  return d[k >>> 1]!;
}

/**
 * Encodes `arg` in place (see `decodeMsgArgAt`): a 64-bit element store wraps a bigint to 64 bits
 * exactly as `BigInt.asUintN(64, …)` does, without converting it.
 */
export function encodeMsgArgAt(arg: MsgArg, s: MemorySpan): number {
  const w = s.words;
  const d = s.dwords;
  if (w === undefined || d === undefined || (s.offset & 7) !== 0)
    return encodeMsgArgInto(arg, s.bytes, s.offset);
  const n = arg.params.length;
  const h = s.offset >>> 2;
  w[h] = arg.cmd;
  w[h + 1] = arg.func;
  w[h + 2] = arg.session;
  w[h + 3] = arg.cancelId;
  w[h + 4] = 0;
  w[h + 5] = arg.ret;
  w[h + 6] = arg.retOrigin;
  w[h + 7] = arg.numParams;
  for (let i = 0; i < n; i++) {
    const p = arg.params[i]!;
    const k = h + 8 + i * 8;
    // attr is a u64 whose defined bits are all in the low word.
    w[k] = p.attr;
    w[k + 1] = 0;
    const j = k >>> 1;
    d[j + 1] = p.a;
    d[j + 2] = p.b;
    d[j + 3] = p.c;
  }
  return msgArgSize(n);
}

/** Decodes header and `numParams` parameters from bytes holding at least `msgArgSize(numParams)`. */
export function decodeMsgArg(b: Uint8Array, numParams: number, at = 0): MsgArg {
  const params = new Array<MsgParam>(numParams);
  for (let i = 0; i < numParams; i++) {
    const o = at + MSG_ARG_HEADER_SIZE + i * MSG_PARAM_SIZE;
    params[i] = { attr: get32(b, o), a: u64(b, o + 8), b: u64(b, o + 16), c: u64(b, o + 24) };
  }
  return {
    cmd: get32(b, at),
    func: get32(b, at + 4),
    session: get32(b, at + 8),
    cancelId: get32(b, at + 12),
    ret: get32(b, at + 20),
    retOrigin: get32(b, at + 24),
    numParams,
    params,
  };
}

/** Encodes `arg` into `b` (at least `msgArgSize(arg.params.length)` bytes); the reserved word is zero. */
export function encodeMsgArgInto(arg: MsgArg, b: Uint8Array, at = 0): number {
  const n = arg.params.length;
  put32(b, at, arg.cmd >>> 0);
  put32(b, at + 4, arg.func >>> 0);
  put32(b, at + 8, arg.session >>> 0);
  put32(b, at + 12, arg.cancelId >>> 0);
  put32(b, at + 16, 0);
  put32(b, at + 20, arg.ret >>> 0);
  put32(b, at + 24, arg.retOrigin >>> 0);
  put32(b, at + 28, arg.numParams >>> 0);
  for (let i = 0; i < n; i++) {
    const p = arg.params[i]!;
    const o = at + MSG_ARG_HEADER_SIZE + i * MSG_PARAM_SIZE;
    // attr is a u64 whose defined bits are all in the low word.
    put32(b, o, p.attr >>> 0);
    put32(b, o + 4, 0);
    putU64(b, o + 8, p.a);
    putU64(b, o + 16, p.b);
    putU64(b, o + 24, p.c);
  }
  return msgArgSize(n);
}

export function encodeMsgArg(arg: MsgArg): Uint8Array {
  const b = new Uint8Array(msgArgSize(arg.params.length));
  encodeMsgArgInto(arg, b);
  return b;
}

export function writeMsgArg(
  mem: PhysicalMemory,
  pa: bigint,
  arg: MsgArg,
  secure = false,
): MemoryFault | undefined {
  const at = mem.span(pa, msgArgSize(arg.params.length), secure);
  if (isFault(at)) return at;
  encodeMsgArgAt(arg, at);
  return undefined;
}

/** A UUID's 16 octets as the (a, b) words of a value parameter (raw bytes, little-endian words). */
export function octetsToValue(octets: Uint8Array): { a: bigint; b: bigint } {
  const b = new Uint8Array(16);
  b.set(octets.subarray(0, 16));
  return { a: u64(b, 0), b: u64(b, 8) };
}

export function valueToOctets(a: bigint, b: bigint): Uint8Array {
  const out = new Uint8Array(16);
  putU64(out, 0, a);
  putU64(out, 8, b);
  return out;
}
