import { isFault, type MemoryFault, type PhysicalMemory } from '../core/memory.js';
import { SERVER_MAX_PAYLOAD } from './constants.js';
import { putU32, u32At } from './payload.js';
import type { ScmiServer } from './server.js';

/**
 * The SMT shared-memory channel (`arm,scmi-shmem`): a 28-byte header, then the payload. Offsets
 * and bits follow Linux `shmem.c` and SCP-firmware: status bit0 FREE, bit1 ERROR; flags bit0
 * INTR_ENABLED (optee_os/TF-A spell it bit1 but never read it — we follow the agent side, §8.7).
 */
export const SMT = {
  STATUS: 0x04,
  FLAGS: 0x10,
  LENGTH: 0x14,
  HEADER: 0x18,
  PAYLOAD: 0x1c,
  /** Bytes before the payload. */
  HEADER_SIZE: 0x1c,
} as const;

export const SMT_STATUS = { FREE: 1, ERROR: 2 } as const;
export const SMT_FLAGS = { INTR_ENABLED: 1 } as const;

/** Bytes a response may use after the status word in an area of `size` bytes. */
export function smtMaxResponse(size: number): number {
  return Math.max(0, size - SMT.HEADER_SIZE - 4);
}

export interface SmtView {
  status: number;
  flags: number;
  length: number;
  header: number;
}

/** Decodes the header words of an SMT area held in `bytes` (at least 28 bytes). */
export function decodeSmt(bytes: Uint8Array): SmtView {
  return {
    status: u32At(bytes, SMT.STATUS),
    flags: u32At(bytes, SMT.FLAGS),
    length: u32At(bytes, SMT.LENGTH),
    header: u32At(bytes, SMT.HEADER),
  };
}

/** Encodes an SMT area image: header words then payload (what an agent writes before ringing). */
export function encodeSmt(
  view: SmtView,
  payload: Uint8Array,
  size = SMT.HEADER_SIZE + payload.length,
): Uint8Array {
  const bytes = new Uint8Array(Math.max(size, SMT.HEADER_SIZE + payload.length));
  putU32(bytes, SMT.STATUS, view.status);
  putU32(bytes, SMT.FLAGS, view.flags);
  putU32(bytes, SMT.LENGTH, view.length);
  putU32(bytes, SMT.HEADER, view.header);
  bytes.set(payload, SMT.PAYLOAD);
  return bytes;
}

export type SmtOutcome =
  | { kind: 'answered'; status: number; header: number }
  /** Rejected before dispatch: the server set FREE|ERROR (bad status, oversized payload). */
  | {
      kind: 'rejected';
      reason: 'not-pending' | 'error-set' | 'too-long';
      channelStatus: number;
      length: number;
    }
  | { kind: 'fault'; fault: MemoryFault };

export interface SmtChannelRef {
  id: number;
  agent: number;
  base: bigint;
  size: number;
}

/**
 * The platform side of one SMT exchange, as scmi-msg `smt.c` does it: check status and length,
 * copy at most 92 payload bytes into its own memory, process, write `int32 status + data` at the
 * payload, set `length`, leave `msg_header` alone (the token is echoed), then OR FREE — or
 * FREE|ERROR when the request was unusable — into the status word. It never clears ERROR and
 * never reads `flags`.
 */
export function serveSmt(server: ScmiServer, mem: PhysicalMemory, ch: SmtChannelRef): SmtOutcome {
  // One read of the whole area, one write of the answer: the model is single-threaded, so the
  // order of the platform's stores (status last) cannot be observed in between.
  const area = mem.read(ch.base, Math.max(ch.size, SMT.HEADER_SIZE), true);
  if (isFault(area)) return { kind: 'fault', fault: area };
  const status = u32At(area, SMT.STATUS);
  const length = u32At(area, SMT.LENGTH);
  const header = u32At(area, SMT.HEADER);
  // Unsigned arithmetic as in C: a length below 4 wraps and is "too big".
  const payloadSize = (length - 4) >>> 0;
  let reason: 'not-pending' | 'error-set' | 'too-long' | undefined;
  if (status & SMT_STATUS.ERROR) reason = 'error-set';
  else if (status & SMT_STATUS.FREE) reason = 'not-pending';
  else if (payloadSize > SERVER_MAX_PAYLOAD || SMT.PAYLOAD + payloadSize > ch.size) reason = 'too-long';
  if (reason) {
    const fault = mem.writeU32(
      ch.base + BigInt(SMT.STATUS),
      status | SMT_STATUS.FREE | SMT_STATUS.ERROR,
      true,
    );
    if (fault) return { kind: 'fault', fault };
    return { kind: 'rejected', reason, channelStatus: status, length };
  }
  // The server works on its own copy of the payload (scmi-msg's secure buffer).
  const payload = area.slice(SMT.PAYLOAD, SMT.PAYLOAD + payloadSize);
  const reply = server.process({
    agent: ch.agent,
    channel: ch.id,
    header,
    payload,
    maxResponse: smtMaxResponse(ch.size),
  });
  const data = reply.data ?? EMPTY;
  // Status word … end of the response, with flags and header as they were (header echoed).
  const out = area.subarray(SMT.STATUS, SMT.PAYLOAD + 4 + data.length);
  putU32(out, SMT.LENGTH - SMT.STATUS, 4 + 4 + data.length);
  putU32(out, SMT.PAYLOAD - SMT.STATUS, reply.status);
  out.set(data, SMT.PAYLOAD + 4 - SMT.STATUS);
  putU32(out, 0, status | SMT_STATUS.FREE);
  const fault = mem.write(ch.base + BigInt(SMT.STATUS), out, true);
  if (fault) return { kind: 'fault', fault };
  return { kind: 'answered', status: reply.status, header };
}

/** What scmi-msg does when it sets a channel up: zero the header, mark the channel FREE. */
export function initSmt(mem: PhysicalMemory, base: bigint): MemoryFault | undefined {
  const zero = new Uint8Array(SMT.HEADER_SIZE);
  putU32(zero, SMT.STATUS, SMT_STATUS.FREE);
  return mem.write(base, zero, true);
}

const EMPTY = new Uint8Array(0);
