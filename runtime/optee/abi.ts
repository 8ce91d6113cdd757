/**
 * The OP-TEE SMC and message ABI as numbers (optee_os `optee_smc.h`, `optee_msg.h`, `optee_rpc_cmd.h`,
 * `tee_api_defines.h`; Linux keeps synchronized copies). Both the secure-world model and the Linux
 * driver model import these, so the two sides can only disagree where a test makes them.
 */

/** SMC32 fast call, OEN 50 (Trusted OS). */
const fast = (n: number): number => (0xb200_0000 | n) >>> 0;
/** SMC32 yielding call, OEN 50. */
const std = (n: number): number => (0x3200_0000 | n) >>> 0;

export const OPTEE_SMC = {
  CALLS_COUNT: 0xbf00ff00,
  CALLS_UID: 0xbf00ff01,
  CALLS_REVISION: 0xbf00ff03,
  GET_OS_UUID: fast(0),
  GET_OS_REVISION: fast(1),
  RETURN_FROM_RPC: std(3),
  CALL_WITH_ARG: std(4),
  GET_SHM_CONFIG: fast(7),
  L2CC_MUTEX: fast(8),
  EXCHANGE_CAPABILITIES: fast(9),
  DISABLE_SHM_CACHE: fast(10),
  ENABLE_SHM_CACHE: fast(11),
  BOOT_SECONDARY: fast(12),
  VM_CREATED: fast(13),
  VM_DESTROYED: fast(14),
  GET_THREAD_COUNT: fast(15),
  ENABLE_ASYNC_NOTIF: fast(16),
  GET_ASYNC_NOTIF_VALUE: fast(17),
  CALL_WITH_RPC_ARG: std(18),
  CALL_WITH_REGD_ARG: std(19),
  GET_PROTMEM_CONFIG: fast(20),
} as const;

/** a0 of every OP-TEE return. OP-TEE's UNKNOWN is 32-bit (TF-A's SMC_UNK is 64-bit −1): width matters. */
export const OPTEE_RET = {
  OK: 0x0,
  ETHREAD_LIMIT: 0x1,
  EBUSY: 0x2,
  ERESUME: 0x3,
  EBADADDR: 0x4,
  EBADCMD: 0x5,
  ENOMEM: 0x6,
  ENOTAVAIL: 0x7,
  UNKNOWN_FUNCTION: 0xffff_ffff,
} as const;

export const OPTEE_RPC = {
  ALLOC: 0xffff_0000,
  FREE: 0xffff_0002,
  FOREIGN_INTR: 0xffff_0004,
  CMD: 0xffff_0005,
} as const;

/**
 * Linux `OPTEE_SMC_RETURN_IS_RPC`, bit for bit: a0 != 0xFFFFFFFF and (a0 & 0xFFFF0000) == 0xFFFF0000.
 * On a 64-bit register TF-A's SMC_UNK (all ones) passes this test: Linux then takes it for an RPC,
 * which is the width gotcha of the fidelity checklist (§8.1), so it is kept.
 */
export function isRpc(a0: bigint): boolean {
  return a0 !== 0xffff_ffffn && (a0 & 0xffff_0000n) === 0xffff_0000n;
}

/** EXCHANGE_CAPABILITIES bits. */
export const NSEC_CAP_UNIPROCESSOR = 1 << 0;
export const SEC_CAP = {
  HAVE_RESERVED_SHM: 1 << 0,
  UNREGISTERED_SHM: 1 << 1,
  DYNAMIC_SHM: 1 << 2,
  VIRTUALIZATION: 1 << 3,
  MEMREF_NULL: 1 << 4,
  ASYNC_NOTIF: 1 << 5,
  RPC_ARG: 1 << 6,
  RPMB_PROBE: 1 << 7,
} as const;

export const SHM_CACHED = 1;

/** GET_ASYNC_NOTIF_VALUE a2 bits. */
export const ASYNC_NOTIF_VALID = 1 << 0;
export const ASYNC_NOTIF_PENDING = 1 << 1;
/** Notification value 0: "normal world, please make a DO_BOTTOM_HALF yielding call". */
export const NOTIF_VALUE_DO_BOTTOM_HALF = 0;
/** Values 1..63 may be sent asynchronously; 64.. are synchronous (64 + thread id). */
export const NOTIF_ASYNC_VALUE_MAX = 63;
export const NOTIF_SYNC_VALUE_BASE = 64;
/** Linux's max notification value when OP-TEE does not offer ASYNC_NOTIF. */
export const OPTEE_DEFAULT_MAX_NOTIF_VALUE = 255;

/** `optee_msg_arg.cmd`. */
export const MSG_CMD = {
  OPEN_SESSION: 0,
  INVOKE_COMMAND: 1,
  CLOSE_SESSION: 2,
  CANCEL: 3,
  REGISTER_SHM: 4,
  UNREGISTER_SHM: 5,
  DO_BOTTOM_HALF: 6,
  STOP_ASYNC_NOTIF: 7,
} as const;

/** `optee_msg_param.attr` types and flags. */
export const MSG_ATTR = {
  NONE: 0x0,
  VALUE_INPUT: 0x1,
  VALUE_OUTPUT: 0x2,
  VALUE_INOUT: 0x3,
  RMEM_INPUT: 0x5,
  RMEM_OUTPUT: 0x6,
  RMEM_INOUT: 0x7,
  TMEM_INPUT: 0x9,
  TMEM_OUTPUT: 0xa,
  TMEM_INOUT: 0xb,
  TYPE_MASK: 0xff,
  META: 1 << 8,
  NONCONTIG: 1 << 9,
} as const;

export const MSG_ARG_HEADER_SIZE = 32;
export const MSG_PARAM_SIZE = 32;
export const MSG_MAX_NUM_PARAMS = 127;
/** `OPTEE_MSG_GET_ARG_SIZE(n)`. */
export const msgArgSize = (numParams: number): number => MSG_ARG_HEADER_SIZE + MSG_PARAM_SIZE * numParams;
/** `THREAD_RPC_MAX_NUM_PARAMS`: what OP-TEE reports in EXCHANGE_CAPABILITIES a3 with RPC_ARG. */
export const THREAD_RPC_MAX_NUM_PARAMS = 4;

/** RPC commands carried in an RPC `optee_msg_arg` (`optee_rpc_cmd.h`). */
export const RPC_CMD = {
  LOAD_TA: 0,
  GET_TIME: 3,
  NOTIFICATION: 4,
  SUSPEND: 5,
  SHM_ALLOC: 6,
  SHM_FREE: 7,
} as const;
export const RPC_NOTIFICATION_WAIT = 0;
export const RPC_NOTIFICATION_SEND = 1;

/** Login methods (`OPTEE_MSG_LOGIN_*`, GP `TEE_LOGIN_*`, `TEE_LOGIN_REE_KERNEL`). */
export const LOGIN = {
  PUBLIC: 0x0,
  USER: 0x1,
  GROUP: 0x2,
  APPLICATION: 0x4,
  APPLICATION_USER: 0x5,
  APPLICATION_GROUP: 0x6,
  REE_KERNEL: 0x8000_0000,
  TRUSTED_APP: 0xf000_0000,
} as const;

/** TEE(C) result codes (`arg.ret`). */
export const TEE = {
  SUCCESS: 0x0000_0000,
  ERROR_GENERIC: 0xffff_0000,
  ERROR_ACCESS_DENIED: 0xffff_0001,
  ERROR_CANCEL: 0xffff_0002,
  ERROR_BAD_FORMAT: 0xffff_0005,
  ERROR_BAD_PARAMETERS: 0xffff_0006,
  ERROR_BAD_STATE: 0xffff_0007,
  ERROR_ITEM_NOT_FOUND: 0xffff_0008,
  ERROR_NOT_IMPLEMENTED: 0xffff_0009,
  ERROR_NOT_SUPPORTED: 0xffff_000a,
  ERROR_NO_DATA: 0xffff_000b,
  ERROR_OUT_OF_MEMORY: 0xffff_000c,
  ERROR_BUSY: 0xffff_000d,
  ERROR_COMMUNICATION: 0xffff_000e,
  ERROR_SECURITY: 0xffff_000f,
  ERROR_SHORT_BUFFER: 0xffff_0010,
  ERROR_TIMEOUT: 0xffff_3001,
  ERROR_OVERFLOW: 0xffff_300f,
  ERROR_TARGET_DEAD: 0xffff_3024,
} as const;

export const ORIGIN = { API: 1, COMMS: 2, TEE: 3, TRUSTED_APP: 4 } as const;

/** UID words exactly as OP-TEE returns them: the UUID string's 32-bit groups, not SMCCC byte order. */
export const OPTEE_MSG_UID = [0x384fb3e0, 0xe7f811e3, 0xaf630002, 0xa5d5c51b] as const;
export const OPTEE_OS_UUID = [0x486178e0, 0xe7f811e3, 0xbc5e0002, 0xa5d5c51b] as const;
export const OPTEE_MSG_REVISION = { major: 2, minor: 0 } as const;

/** The device-enumeration PTA (`pta_device.h`). */
export const PTA_DEVICE_UUID = '7011a688-ddde-4053-a5a9-7b3c4ddf13b8';
export const PTA_CMD_GET_DEVICES = 0;
export const PTA_CMD_GET_DEVICES_SUPP = 1;

/**
 * A UUID string as the 16 octets OP-TEE and Linux put in `optee_msg_param.u.octets` (`export_uuid`:
 * big-endian byte order of the textual form).
 */
export function uuidToOctets(uuid: string): Uint8Array | undefined {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) return undefined;
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function octetsToUuid(octets: Uint8Array): string {
  const h = Array.from(octets.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Splits a 64-bit value into the (hi, lo) register pair OP-TEE uses for addresses and cookies. */
export function regPair(value: bigint): [bigint, bigint] {
  // Addresses below 4 GiB (most) need no shift or mask: bigint shifts allocate and cost ~80 ns.
  if (value >= 0n && value <= 0xffff_ffffn) return [0n, value];
  return [(value >> 32n) & 0xffff_ffffn, value & 0xffff_ffffn];
}

export function fromRegPair(hi: bigint, lo: bigint): bigint {
  if (hi === 0n && lo >= 0n && lo <= 0xffff_ffffn) return lo; // the common case, as in regPair
  return ((hi & 0xffff_ffffn) << 32n) | (lo & 0xffff_ffffn);
}
