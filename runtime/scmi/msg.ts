import { SERVER_MAX_PAYLOAD } from './constants.js';
import { putU32, u32At } from './payload.js';
import type { ScmiServer } from './server.js';

/**
 * The MSG format (OP-TEE `shm_msg.c`, Linux `msg.c`): a request is `header + payload`, a response
 * `header + int32 status + data`, with the header copied back verbatim. No status word, no flags:
 * the buffer travels with the call (OP-TEE PROCESS_MSG_CHANNEL memrefs).
 */
export function encodeMsgRequest(header: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + payload.length);
  putU32(out, 0, header);
  out.set(payload, 4);
  return out;
}

export interface MsgResponse {
  header: number;
  status: number;
  data: Uint8Array;
}

/** Decodes a response; undefined when it is too short to hold header and status. */
export function decodeMsgResponse(bytes: Uint8Array): MsgResponse | undefined {
  if (bytes.length < 8) return undefined;
  return { header: u32At(bytes, 0), status: u32At(bytes, 4) | 0, data: bytes.slice(8) };
}

export type MsgOutcome =
  | { ok: true; response: Uint8Array }
  | { ok: false; reason: 'too-short' | 'too-long' | 'no-room' };

/**
 * The platform side: reject requests without a header, with more than 92 payload bytes, or an
 * output buffer that cannot hold header + status (OP-TEE answers TEE_ERROR_BAD_PARAMETERS).
 */
export function serveMsg(
  server: ScmiServer,
  channel: { id: number; agent: number },
  request: Uint8Array,
  outSize: number,
): MsgOutcome {
  if (request.length < 4) return { ok: false, reason: 'too-short' };
  if (request.length - 4 > SERVER_MAX_PAYLOAD) return { ok: false, reason: 'too-long' };
  if (outSize < 8) return { ok: false, reason: 'no-room' };
  const header = u32At(request, 0);
  const reply = server.process({
    agent: channel.agent,
    channel: channel.id,
    header,
    payload: request.subarray(4),
    maxResponse: outSize - 8,
  });
  const data = reply.data ?? new Uint8Array(0);
  const out = new Uint8Array(8 + data.length);
  putU32(out, 0, header);
  putU32(out, 4, reply.status);
  out.set(data, 8);
  return { ok: true, response: out };
}
