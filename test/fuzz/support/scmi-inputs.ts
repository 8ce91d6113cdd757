/**
 * SCMI requests for the server-side targets: headers with any protocol, message id, type and token,
 * payloads of the right size, a little off, or out of range, made of words that hit boundaries
 * (resource ids just past the end, all-ones, zero), and the status codes a server may answer.
 */
import fc from 'fast-check';
import { PROTOCOL, STATUS } from '../../../runtime/scmi/constants.js';
import { encodeHeader, type MessageType } from '../../../runtime/scmi/header.js';
import { interesting32 } from './mutate.js';
import type { Rng } from './rng.js';

export const SCMI_STATUSES: ReadonlySet<number> = new Set(Object.values(STATUS));
const PROTOCOLS = Object.values(PROTOCOL);

export interface ScmiRequest {
  header: number;
  payload: Uint8Array;
}

const word = fc.oneof(
  fc.nat({ max: 8 }),
  fc.constantFrom(0xffff_ffff, 0x8000_0000, 0xffff, 0x7fff_ffff, 24_000_000, 48_000_000),
  fc.nat(),
);

export const scmiRequest: fc.Arbitrary<ScmiRequest> = fc
  .record({
    protocolId: fc.oneof(fc.constantFrom(...PROTOCOLS), fc.nat({ max: 255 })),
    messageId: fc.oneof(fc.nat({ max: 16 }), fc.nat({ max: 255 })),
    type: fc.oneof(
      fc.constant<MessageType>('command'),
      fc.constantFrom<MessageType>('reserved', 'delayed-response', 'notification'),
    ),
    token: fc.nat({ max: 1023 }),
    reserved: fc.oneof(fc.constant(0), fc.nat({ max: 15 })),
    words: fc.array(word, { maxLength: 26 }),
    tail: fc.nat({ max: 3 }),
  })
  .map((r) => {
    const payload = new Uint8Array(r.words.length * 4 + r.tail);
    const view = new DataView(payload.buffer);
    for (const [i, w] of r.words.entries()) view.setUint32(i * 4, w >>> 0, true);
    return { header: (encodeHeader(r) | (r.reserved << 28)) >>> 0, payload };
  });

export function mutateScmi(req: ScmiRequest, rng: Rng): ScmiRequest {
  const payload = req.payload.slice();
  let header = req.header;
  switch (rng.below(5)) {
    case 0:
      header = (header ^ (1 << rng.below(32))) >>> 0;
      break;
    case 1: {
      const o = rng.below(Math.max(1, payload.length >> 2)) * 4;
      if (o + 4 <= payload.length) new DataView(payload.buffer).setUint32(o, interesting32(rng), true);
      break;
    }
    case 2:
      return { header, payload: payload.slice(0, rng.below(payload.length + 1)) };
    case 3: {
      const grown = new Uint8Array(payload.length + 1 + rng.below(8));
      grown.set(payload);
      return { header, payload: grown };
    }
    default:
      if (payload.length > 0) payload[rng.below(payload.length)] = rng.below(256);
  }
  return { header, payload };
}
