/**
 * SCMI numbers every side agrees on: protocol ids (`enum scmi_std_protocol`), status codes (the
 * int32 that opens every response) and the errno Linux maps each status to.
 */

export const PROTOCOL = {
  BASE: 0x10,
  POWER_DOMAIN: 0x11,
  SYSTEM_POWER: 0x12,
  PERF: 0x13,
  CLOCK: 0x14,
  SENSOR: 0x15,
  RESET: 0x16,
  VOLTAGE: 0x17,
  POWERCAP: 0x18,
  PINCTRL: 0x19,
} as const;

export const PROTOCOL_NAMES: Readonly<Record<number, string>> = {
  16: 'base',
  17: 'power-domain',
  18: 'system-power',
  19: 'performance',
  20: 'clock',
  21: 'sensor',
  22: 'reset',
  23: 'voltage',
  24: 'powercap',
  25: 'pinctrl',
};

export function protocolName(id: number): string {
  return PROTOCOL_NAMES[id] ?? `0x${id.toString(16)}`;
}

/** Messages every protocol implements. */
export const COMMON_MSG = {
  PROTOCOL_VERSION: 0x0,
  PROTOCOL_ATTRIBUTES: 0x1,
  PROTOCOL_MESSAGE_ATTRIBUTES: 0x2,
} as const;

export const STATUS = {
  SUCCESS: 0,
  NOT_SUPPORTED: -1,
  INVALID_PARAMETERS: -2,
  DENIED: -3,
  NOT_FOUND: -4,
  OUT_OF_RANGE: -5,
  BUSY: -6,
  COMMS_ERROR: -7,
  GENERIC_ERROR: -8,
  HARDWARE_ERROR: -9,
  PROTOCOL_ERROR: -10,
  IN_USE: -11,
} as const;

export type ScmiStatus = (typeof STATUS)[keyof typeof STATUS];

const STATUS_NAMES = Object.fromEntries(Object.entries(STATUS).map(([k, v]) => [v, k])) as Record<
  number,
  string
>;

export function statusName(status: number): string {
  return STATUS_NAMES[status] ?? `status ${status}`;
}

/** Linux `scmi_to_linux_errno` (drivers/firmware/arm_scmi/common.h); unknown statuses are -EIO. */
const ERRNO: Record<number, string> = {
  0: '0',
  [-1]: '-EOPNOTSUPP',
  [-2]: '-EINVAL',
  [-3]: '-EACCES',
  [-4]: '-ENOENT',
  [-5]: '-ERANGE',
  [-6]: '-EBUSY',
  [-7]: '-ECOMM',
  [-8]: '-EIO',
  [-9]: '-EREMOTEIO',
  [-10]: '-EPROTO',
};

export function linuxErrno(status: number): string {
  return ERRNO[status] ?? '-EIO';
}

/** Largest request payload the scmi-msg server (optee_os, TF-A) copies into secure memory. */
export const SERVER_MAX_PAYLOAD = 92;
/** Linux `SCMI_SHMEM_MAX_PAYLOAD_SIZE`: 128-byte area minus the 24 bytes before the payload. */
export const LINUX_MAX_PAYLOAD = 104;
