import { copyBytes } from '../core/memory.js';
import { SERVER_MAX_PAYLOAD } from './constants.js';
import { putU32, u32At } from './payload.js';
import type { Reply } from './protocol.js';
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

type MsgRejection = 'too-short' | 'too-long' | 'no-room';

export type MsgOutcome = { ok: true; response: Uint8Array } | { ok: false; reason: MsgRejection };

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
  const reply = processMsg(server, channel, request, outSize);
  if (typeof reply === 'string') return { ok: false, reason: reply };
  const data = reply.data ?? new Uint8Array(0);
  const out = new Uint8Array(8 + data.length);
  putU32(out, 0, u32At(request, 0));
  putU32(out, 4, reply.status);
  out.set(data, 8);
  return { ok: true, response: out };
}

/** Checks the request and the room for a response, then runs it: the server's reply, or why not. */
function processMsg(
  server: ScmiServer,
  channel: { id: number; agent: number },
  request: Uint8Array,
  outSize: number,
): Reply | MsgRejection {
  if (request.length < 4) return 'too-short';
  if (request.length - 4 > SERVER_MAX_PAYLOAD) return 'too-long';
  if (outSize < 8) return 'no-room';
  return server.process({
    agent: channel.agent,
    channel: channel.id,
    header: u32At(request, 0),
    payload: request.subarray(4),
    maxResponse: outSize - 8,
  });
}

/**
 * `serveMsg` writing the response straight into the caller's buffer (`into` at `at`, with room
 * for `outSize` bytes): OP-TEE's PTA answers into its output buffer, and building a response
 * array first only to copy it there cost an allocation and a copy per message. Returns the
 * response's length (at most `outSize`: the server refuses data that does not fit), or why the
 * request was rejected (nothing written). The bytes are exactly those of `serveMsg`'s response.
 */
export function serveMsgInto(
  server: ScmiServer,
  channel: { id: number; agent: number },
  request: Uint8Array,
  outSize: number,
  into: Uint8Array,
  at: number,
): number | MsgRejection {
  const reply = processMsg(server, channel, request, outSize);
  if (typeof reply === 'string') return reply;
  const data = reply.data;
  const n = data === undefined ? 0 : data.length;
  putU32(into, at, u32At(request, 0));
  putU32(into, at + 4, reply.status);
  if (data !== undefined) copyBytes(data, 0, into, at + 8, n);
  return 8 + n;
}
