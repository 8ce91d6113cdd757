/**
 * The SCMI PTA (optee_os `core/pta/scmi.c`, `pta_scmi_client.h`): how Linux's `linaro,scmi-optee`
 * transport reaches the SCMI server inside OP-TEE. The PTA checks the login (REE kernel only), the
 * GP parameter types and the channel, marks channels threaded on GET_CHANNEL, frames SMT buffers
 * (`scmi-msg/smt.c` semantics) and hands each message to the injected SCMI server, which the SCMI
 * model provides.
 */
import type { PhysicalMemory } from '../core/memory.js';
import { copyBytes, isFault } from '../core/memory.js';
import type { Trace } from '../core/trace.js';
import { LOGIN, TEE } from './abi.js';
import { GP, type GpParam, type PseudoTa, paramTypes, typesOf } from './pta.js';

export const PTA_SCMI_UUID = 'a8cfe406-d4f5-4a2e-9f8d-a25dc754c099';

export const PTA_SCMI_CMD = {
  CAPABILITIES: 0,
  PROCESS_SMT_CHANNEL: 1,
  PROCESS_SMT_CHANNEL_MESSAGE: 2,
  GET_CHANNEL_HANDLE: 3,
  PROCESS_MSG_CHANNEL: 4,
} as const;

export const PTA_SCMI_CAPS = { SMT_HEADER: 1 << 0, MSG_HEADER: 1 << 1, MASK: 0x3 } as const;

/** SMT layout (arm,scmi-shmem) and OP-TEE's limits. */
const SMT_STATUS = 0x04;
const SMT_LENGTH = 0x14;
const SMT_HEADER = 0x18;
const SMT_PAYLOAD = 0x1c;
const SMT_FREE = 1 << 0;
const SMT_ERROR = 1 << 1;
/** `SMT_BUF_SLOT_SIZE`: the smallest SMT buffer PROCESS_SMT_CHANNEL_MESSAGE accepts. */
export const SMT_BUF_SLOT_SIZE = 128;
/** `SCMI_SEC_PAYLOAD_SIZE`: request payload OP-TEE copies into secure memory. */
export const SCMI_SEC_PAYLOAD_SIZE = 92;
const SCMI_PROTOCOL_ERROR = -10;

/** The parameter types each command takes (`TEE_PARAM_TYPES`), computed once. */
const T_CAPABILITIES = paramTypes(GP.VALUE_OUTPUT);
const T_SMT_CHANNEL = paramTypes(GP.VALUE_INPUT);
const T_SMT_MESSAGE = paramTypes(GP.VALUE_INPUT, GP.MEMREF_INOUT);
const T_GET_CHANNEL = paramTypes(GP.VALUE_INOUT);
const T_MSG_CHANNEL = paramTypes(GP.VALUE_INPUT, GP.MEMREF_INPUT, GP.MEMREF_OUTPUT);

/** The SCMI server inside OP-TEE, as the SCMI model provides it. */
export interface ScmiPtaServer {
  /** `CFG_SCMI_MSG_SMT` / `CFG_SCMI_MSG_SHM_MSG`: which framings are built in. */
  readonly smt: boolean;
  readonly msg: boolean;
  /** `plat_scmi_get_channel(id) != NULL`. */
  hasChannel(channelId: number): boolean;
  /** The channel's static SMT buffer (PROCESS_SMT_CHANNEL), when the platform gives it one. */
  smtBuffer?(channelId: number): { base: bigint; size: number } | undefined;
  /**
   * One message: request = msg_header + payload; response = msg_header + int32 status + data,
   * at most `maxResponse` bytes.
   */
  process(channelId: number, request: Uint8Array, maxResponse: number): Uint8Array;
  /**
   * `process` writing the response into `into` at `at`, where `room` bytes are free; returns the
   * response's length. A response longer than `room` is not written (only an error response of
   * 8 bytes can be, when `room` < 8). Optional: the PTA falls back to `process`.
   */
  processInto?(channelId: number, request: Uint8Array, into: Uint8Array, at: number, room: number): number;
}

export interface ScmiPta extends PseudoTa {
  /** Channels a GET_CHANNEL marked threaded: the SiP fast-call entry must refuse them. */
  isThreaded(channelId: number): boolean;
}

/** Bytes with little-endian u32 access, for SMT buffers in memory or in a memref. */
interface SmtWindow {
  size: number;
  u32(offset: number): number;
  setU32(offset: number, value: number): void;
  bytes(offset: number, length: number): Uint8Array;
  set(offset: number, data: Uint8Array): void;
}

/**
 * A window over `size` bytes at `offset` of `bytes`, reused message after message: a DataView and
 * five closures per message showed in profiles. Windows too small for the SMT header keep the
 * DataView (its range checks are what such a buffer gets).
 */
class InPlaceWindow implements SmtWindow {
  // Little-endian words by byte (the OP-TEE model does not import the SCMI model's helpers).
  bytesOf: Uint8Array = new Uint8Array(0);
  offset = 0;
  size = 0;

  over(bytes: Uint8Array, offset: number, size: number): SmtWindow {
    if (size < SMT_PAYLOAD) return arrayWindow(bytes.subarray(offset, offset + size));
    this.bytesOf = bytes;
    this.offset = offset;
    this.size = size;
    return this;
  }

  u32(o: number): number {
    const b = this.bytesOf;
    const i = this.offset + o;
    return (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
  }

  setU32(o: number, v: number): void {
    const b = this.bytesOf;
    const i = this.offset + o;
    b[i] = v;
    b[i + 1] = v >>> 8;
    b[i + 2] = v >>> 16;
    b[i + 3] = v >>> 24;
  }

  bytes(o: number, n: number): Uint8Array {
    return this.bytesOf.slice(this.offset + o, this.offset + o + n);
  }

  set(o: number, data: Uint8Array): void {
    copyBytes(data, 0, this.bytesOf, this.offset + o, data.length);
  }
}

function arrayWindow(data: Uint8Array): SmtWindow {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  return {
    size: data.length,
    u32: (o) => view.getUint32(o, true),
    setU32: (o, v) => view.setUint32(o, v >>> 0, true),
    bytes: (o, n) => data.slice(o, o + n),
    set: (o, d) => data.set(d, o),
  };
}

export function scmiPta(server: ScmiPtaServer, memory: PhysicalMemory, trace: Trace, src: string): ScmiPta {
  const threaded = new Set<number>();
  const inPlace = new InPlaceWindow();
  const caps = (server.smt ? PTA_SCMI_CAPS.SMT_HEADER : 0) | (server.msg ? PTA_SCMI_CAPS.MSG_HEADER : 0);

  /** `scmi_entry_smt`: validate, copy in, process, write the response in place, then set FREE (|ERROR). */
  function smtEntry(channelId: number, shm: SmtWindow): void {
    let error = true;
    const length = shm.u32(SMT_LENGTH);
    const payloadSize = length - 4;
    const status = shm.u32(SMT_STATUS);
    if (length < 4 || payloadSize > SCMI_SEC_PAYLOAD_SIZE || SMT_PAYLOAD + payloadSize > shm.size) {
      trace.emit('diag', src, 'SCMI SMT request payload too big for OP-TEE', { channel: channelId, length });
    } else if (status & (SMT_FREE | SMT_ERROR)) {
      trace.emit('diag', src, 'SCMI SMT channel bad status', { channel: channelId, status });
    } else {
      const request = shm.bytes(SMT_HEADER, 4 + payloadSize);
      const maxOut = shm.size - SMT_PAYLOAD;
      // In place: the server writes header + status + data from SMT_HEADER on. Its header is the
      // request's, the bytes already there, so memory ends exactly as with the copy below. Only
      // when any response fits (room for header and status): the fallback keeps the odd cases.
      if (server.processInto !== undefined && shm === inPlace && maxOut >= 4) {
        const n = server.processInto(
          channelId,
          request,
          inPlace.bytesOf,
          inPlace.offset + SMT_HEADER,
          maxOut + 4,
        );
        shm.setU32(SMT_LENGTH, n);
        shm.setU32(SMT_STATUS, shm.u32(SMT_STATUS) | SMT_FREE);
        return;
      }
      let response = server.process(channelId, request, maxOut + 4);
      if (response.length - 4 > maxOut || response.length < 8) {
        response = new Uint8Array(8);
        response.set(request.subarray(0, 4));
        new DataView(response.buffer).setInt32(4, SCMI_PROTOCOL_ERROR, true);
      }
      // The header is left untouched (the token is echoed by not writing it).
      shm.set(SMT_PAYLOAD, response.subarray(4));
      shm.setU32(SMT_LENGTH, response.length);
      error = false;
    }
    shm.setU32(SMT_STATUS, shm.u32(SMT_STATUS) | SMT_FREE | (error ? SMT_ERROR : 0));
  }

  function processSmtChannel(params: GpParam[]): number {
    if (typesOf(params) !== T_SMT_CHANNEL) return TEE.ERROR_BAD_PARAMETERS;
    if (!server.smt) return TEE.ERROR_NOT_SUPPORTED;
    const channel = params[0]!.a;
    const buf = server.hasChannel(channel) ? server.smtBuffer?.(channel) : undefined;
    if (!buf) return TEE.ERROR_BAD_PARAMETERS;
    // OP-TEE maps the channel's shared memory and works on it in place (`scmi-msg/smt.c`).
    const raw = memory.span(buf.base, buf.size);
    if (isFault(raw)) {
      trace.emit('diag', src, 'SCMI SMT buffer not mapped', { channel, reason: raw.reason });
      return TEE.ERROR_BAD_PARAMETERS;
    }
    smtEntry(channel, inPlace.over(raw.bytes, raw.offset, buf.size));
    return TEE.SUCCESS;
  }

  function processSmtMessage(params: GpParam[]): number {
    if (typesOf(params) !== T_SMT_MESSAGE) return TEE.ERROR_BAD_PARAMETERS;
    if (!server.smt) return TEE.ERROR_NOT_SUPPORTED;
    const channel = params[0]!.a;
    const m = params[1]!.memref!;
    if (!m.data || m.size < SMT_BUF_SLOT_SIZE) return TEE.ERROR_BAD_PARAMETERS;
    if (!server.hasChannel(channel)) return TEE.ERROR_BAD_PARAMETERS;
    smtEntry(channel, arrayWindow(m.data.subarray(0, m.size)));
    return TEE.SUCCESS;
  }

  function getChannel(params: GpParam[]): number {
    if (typesOf(params) !== T_GET_CHANNEL) return TEE.ERROR_BAD_PARAMETERS;
    const p = params[0]!;
    const [channel, wanted] = [p.a, p.b];
    if (wanted & ~PTA_SCMI_CAPS.MASK) return TEE.ERROR_BAD_PARAMETERS;
    if (!(wanted & caps)) return TEE.ERROR_NOT_SUPPORTED;
    if (!server.hasChannel(channel)) return TEE.ERROR_BAD_PARAMETERS;
    threaded.add(channel);
    trace.emit('optee', src, 'scmi channel threaded', { channel });
    p.a = channel; // scmi-msg: the handle is the channel id
    return TEE.SUCCESS;
  }

  function processMsgChannel(params: GpParam[]): number {
    if (typesOf(params) !== T_MSG_CHANNEL) return TEE.ERROR_BAD_PARAMETERS;
    if (!server.msg) return TEE.ERROR_NOT_SUPPORTED;
    const channel = params[0]!.a;
    if (!server.hasChannel(channel)) return TEE.ERROR_BAD_PARAMETERS;
    const input = params[1]!.memref!;
    const output = params[2]!.memref!;
    if (!input.data || !output.data) return TEE.ERROR_BAD_PARAMETERS;
    const request = input.size === input.data.length ? input.data : input.data.subarray(0, input.size);
    if (server.processInto !== undefined && output.size <= output.data.length) {
      // Straight into the output buffer (see `processInto`): nothing written when it does not fit.
      const n = server.processInto(channel, request, output.data, 0, output.size);
      if (n > output.size) return TEE.ERROR_SHORT_BUFFER;
      output.size = n;
      return TEE.SUCCESS;
    }
    const response = server.process(channel, request, output.size);
    if (response.length > output.size) return TEE.ERROR_SHORT_BUFFER;
    output.data.set(response);
    output.size = response.length;
    return TEE.SUCCESS;
  }

  return {
    uuid: PTA_SCMI_UUID,
    name: 'PTA-SCMI',
    deviceEnum: true,
    isThreaded: (channel) => threaded.has(channel),
    openSession(session) {
      if (!caps) return TEE.ERROR_NOT_SUPPORTED;
      return session.login === LOGIN.REE_KERNEL ? TEE.SUCCESS : TEE.ERROR_ACCESS_DENIED;
    },
    invoke(_session, cmd, params) {
      switch (cmd) {
        case PTA_SCMI_CMD.CAPABILITIES:
          if (typesOf(params) !== T_CAPABILITIES) return TEE.ERROR_BAD_PARAMETERS;
          params[0]!.a = caps;
          params[0]!.b = 0;
          return TEE.SUCCESS;
        case PTA_SCMI_CMD.PROCESS_SMT_CHANNEL:
          return processSmtChannel(params);
        case PTA_SCMI_CMD.PROCESS_SMT_CHANNEL_MESSAGE:
          return processSmtMessage(params);
        case PTA_SCMI_CMD.GET_CHANNEL_HANDLE:
          return getChannel(params);
        case PTA_SCMI_CMD.PROCESS_MSG_CHANNEL:
          return processMsgChannel(params);
        default:
          return TEE.ERROR_NOT_SUPPORTED;
      }
    },
  };
}
