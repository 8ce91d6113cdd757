/**
 * `struct optee_msg_arg` in simulated physical memory: a 32-byte header and `num_params` 32-byte
 * parameters (attr u64 + a 24-byte union read as three u64 words). Both worlds read and write it
 * through here, so the byte layout lives in one place.
 */
import { isFault, type MemoryFault, type PhysicalMemory } from '../core/memory.js';
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
  return {
    cmd,
    func: 0,
    session: 0,
    cancelId: 0,
    ret: 0,
    retOrigin: 0,
    ...fields,
    numParams: params.length,
    params,
  };
}

/** Small values (ids, sizes, attributes) are most of what crosses: their bigints are made once. */
const SMALL = Array.from({ length: 4096 }, (_, i) => BigInt(i));
const U32_MAX = 0xffff_ffffn;

/**
 * Little-endian access to an argument's bytes. DataViews are cached per buffer: the codec runs on
 * two or three long-lived scratch buffers, and a DataView per call would be garbage per message.
 */
let bytesA: Uint8Array | undefined;
let viewA: DataView = new DataView(new ArrayBuffer(0));
let bytesB: Uint8Array | undefined;
let viewB = viewA;
function dv(b: Uint8Array): DataView {
  if (b === bytesA) return viewA;
  if (b === bytesB) return viewB;
  bytesB = bytesA;
  viewB = viewA;
  bytesA = b;
  viewA = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return viewA;
}

function u64(v: DataView, o: number): bigint {
  const lo = v.getUint32(o, true);
  const hi = v.getUint32(o + 4, true);
  if (hi === 0) return lo < 4096 ? SMALL[lo]! : BigInt(lo);
  return BigInt(lo) | (BigInt(hi) << 32n);
}

function putU64(v: DataView, o: number, x: bigint): void {
  // Most words are 32-bit: no bigint arithmetic for them. Number() rounds monotonically and is
  // exact below 2^53, so n lies in [0, 2^32) exactly when x does.
  const n = Number(x);
  if (n >= 0 && n <= 0xffff_ffff) {
    v.setUint32(o, n, true);
    v.setUint32(o + 4, 0, true);
    return;
  }
  const w = BigInt.asUintN(64, x);
  v.setUint32(o, Number(w & U32_MAX), true);
  v.setUint32(o + 4, Number(w >> 32n), true);
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
  const v = dv(scratch);
  return {
    cmd: v.getUint32(0, true),
    func: v.getUint32(4, true),
    session: v.getUint32(8, true),
    cancelId: v.getUint32(12, true),
    ret: v.getUint32(20, true),
    retOrigin: v.getUint32(24, true),
    numParams: v.getUint32(28, true),
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
  return decodeMsgArg(at.bytes, numParams, at.offset);
}

/** Decodes header and `numParams` parameters from bytes holding at least `msgArgSize(numParams)`. */
export function decodeMsgArg(b: Uint8Array, numParams: number, at = 0): MsgArg {
  const v = dv(b);
  const params = new Array<MsgParam>(numParams);
  for (let i = 0; i < numParams; i++) {
    const o = at + MSG_ARG_HEADER_SIZE + i * MSG_PARAM_SIZE;
    params[i] = { attr: v.getUint32(o, true), a: u64(v, o + 8), b: u64(v, o + 16), c: u64(v, o + 24) };
  }
  return {
    cmd: v.getUint32(at, true),
    func: v.getUint32(at + 4, true),
    session: v.getUint32(at + 8, true),
    cancelId: v.getUint32(at + 12, true),
    ret: v.getUint32(at + 20, true),
    retOrigin: v.getUint32(at + 24, true),
    numParams,
    params,
  };
}

/** Encodes `arg` into `b` (at least `msgArgSize(arg.params.length)` bytes); the reserved word is zero. */
export function encodeMsgArgInto(arg: MsgArg, b: Uint8Array, at = 0): number {
  const v = dv(b);
  const n = arg.params.length;
  v.setUint32(at, arg.cmd >>> 0, true);
  v.setUint32(at + 4, arg.func >>> 0, true);
  v.setUint32(at + 8, arg.session >>> 0, true);
  v.setUint32(at + 12, arg.cancelId >>> 0, true);
  v.setUint32(at + 16, 0, true);
  v.setUint32(at + 20, arg.ret >>> 0, true);
  v.setUint32(at + 24, arg.retOrigin >>> 0, true);
  v.setUint32(at + 28, arg.numParams >>> 0, true);
  for (let i = 0; i < n; i++) {
    const p = arg.params[i]!;
    const o = at + MSG_ARG_HEADER_SIZE + i * MSG_PARAM_SIZE;
    // attr is a u64 whose defined bits are all in the low word.
    v.setUint32(o, p.attr >>> 0, true);
    v.setUint32(o + 4, 0, true);
    putU64(v, o + 8, p.a);
    putU64(v, o + 16, p.b);
    putU64(v, o + 24, p.c);
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
  encodeMsgArgInto(arg, at.bytes, at.offset);
  return undefined;
}

/** A UUID's 16 octets as the (a, b) words of a value parameter (raw bytes, little-endian words). */
export function octetsToValue(octets: Uint8Array): { a: bigint; b: bigint } {
  const b = new Uint8Array(16);
  b.set(octets.subarray(0, 16));
  const v = new DataView(b.buffer);
  return { a: u64(v, 0), b: u64(v, 8) };
}

export function valueToOctets(a: bigint, b: bigint): Uint8Array {
  const out = new Uint8Array(16);
  const v = new DataView(out.buffer);
  putU64(v, 0, a);
  putU64(v, 8, b);
  return out;
}
