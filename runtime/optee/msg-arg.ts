/**
 * `struct optee_msg_arg` in simulated physical memory: a 32-byte header and `num_params` 32-byte
 * parameters (attr u64 + a 24-byte union read as three u64 words). Both worlds read and write it
 * through here, so the byte layout lives in one place.
 */
import { isFault, type MemoryFault, type PhysicalMemory } from '../core/memory.js';
import { MSG_ARG_HEADER_SIZE, MSG_PARAM_SIZE, msgArgSize } from './abi.js';

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

function u32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}

function u64(b: Uint8Array, o: number): bigint {
  return BigInt(u32(b, o)) | (BigInt(u32(b, o + 4)) << 32n);
}

function putU32(b: Uint8Array, o: number, v: number): void {
  const x = v >>> 0;
  b[o] = x & 0xff;
  b[o + 1] = (x >>> 8) & 0xff;
  b[o + 2] = (x >>> 16) & 0xff;
  b[o + 3] = x >>> 24;
}

function putU64(b: Uint8Array, o: number, v: bigint): void {
  const x = BigInt.asUintN(64, v);
  putU32(b, o, Number(x & 0xffff_ffffn));
  putU32(b, o + 4, Number(x >> 32n));
}

/** Reads the header only (to learn `num_params` before sizing the whole structure). */
export function readMsgHeader(
  mem: PhysicalMemory,
  pa: bigint,
  secure = false,
): Omit<MsgArg, 'params'> | MemoryFault {
  const b = mem.read(pa, MSG_ARG_HEADER_SIZE, secure);
  if (isFault(b)) return b;
  return {
    cmd: u32(b, 0),
    func: u32(b, 4),
    session: u32(b, 8),
    cancelId: u32(b, 12),
    ret: u32(b, 20),
    retOrigin: u32(b, 24),
    numParams: u32(b, 28),
  };
}

/** Reads header and `numParams` parameters (the caller has bounded `numParams`). */
export function readMsgArg(
  mem: PhysicalMemory,
  pa: bigint,
  numParams: number,
  secure = false,
): MsgArg | MemoryFault {
  const b = mem.read(pa, msgArgSize(numParams), secure);
  if (isFault(b)) return b;
  return decodeMsgArg(b, numParams);
}

/** Decodes header and `numParams` parameters from bytes holding at least `msgArgSize(numParams)`. */
export function decodeMsgArg(b: Uint8Array, numParams: number): MsgArg {
  const params: MsgParam[] = [];
  for (let i = 0; i < numParams; i++) {
    const o = MSG_ARG_HEADER_SIZE + i * MSG_PARAM_SIZE;
    params.push({
      attr: Number(u64(b, o) & 0xffff_ffffn),
      a: u64(b, o + 8),
      b: u64(b, o + 16),
      c: u64(b, o + 24),
    });
  }
  return {
    cmd: u32(b, 0),
    func: u32(b, 4),
    session: u32(b, 8),
    cancelId: u32(b, 12),
    ret: u32(b, 20),
    retOrigin: u32(b, 24),
    numParams,
    params,
  };
}

export function encodeMsgArg(arg: MsgArg): Uint8Array {
  const b = new Uint8Array(msgArgSize(arg.params.length));
  putU32(b, 0, arg.cmd);
  putU32(b, 4, arg.func);
  putU32(b, 8, arg.session);
  putU32(b, 12, arg.cancelId);
  putU32(b, 20, arg.ret);
  putU32(b, 24, arg.retOrigin);
  putU32(b, 28, arg.numParams);
  arg.params.forEach((p, i) => {
    const o = MSG_ARG_HEADER_SIZE + i * MSG_PARAM_SIZE;
    putU64(b, o, BigInt(p.attr));
    putU64(b, o + 8, p.a);
    putU64(b, o + 16, p.b);
    putU64(b, o + 24, p.c);
  });
  return b;
}

export function writeMsgArg(
  mem: PhysicalMemory,
  pa: bigint,
  arg: MsgArg,
  secure = false,
): MemoryFault | undefined {
  return mem.write(pa, encodeMsgArg(arg), secure);
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
