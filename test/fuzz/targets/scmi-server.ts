/**
 * The SCMI server's message layer and every protocol handler, fed directly (header, payload, room
 * for the reply) and through the MSG format OP-TEE uses (`serveMsg`: request and output buffers of
 * any size). Oracle (SCMI §4.1.4, scmi-msg): a status from the specification; NOT_SUPPORTED for
 * protocols not offered and for anything but a command; PROTOCOL_ERROR for a PROTOCOL_VERSION with
 * a payload; a reply never larger than the room given; MSG responses echo the header and fit the
 * output buffer; afterwards the server still answers BASE PROTOCOL_VERSION.
 */
import fc from 'fast-check';
import { scmiConfigOf } from '../../../runtime/platform/profile.js';
import { PROTOCOL, STATUS } from '../../../runtime/scmi/constants.js';
import { commandHeader, decodeHeader } from '../../../runtime/scmi/header.js';
import { serveMsg } from '../../../runtime/scmi/msg.js';
import { u32At } from '../../../runtime/scmi/payload.js';
import { ScmiServer } from '../../../runtime/scmi/server.js';
import { decodeJson, encodeJson } from '../support/json.js';
import { board } from '../support/platform.js';
import { mutateScmi, SCMI_STATUSES, type ScmiRequest, scmiRequest } from '../support/scmi-inputs.js';
import { platformNames } from '../support/seeds.js';
import { defineTarget, expectThat } from '../support/target.js';

interface Message extends ScmiRequest {
  /** `direct`: server.process with `room` bytes for the reply; `msg`: serveMsg with an `room`-byte output buffer. */
  via: 'direct' | 'msg';
  agent: number;
  room: number;
}

interface Input {
  platform: string;
  messages: Message[];
}

const PLATFORMS = platformNames().filter((n) => board(n).prepared.profile!.scmi.server !== 'none');

const message: fc.Arbitrary<Message> = fc
  .record({
    req: scmiRequest,
    via: fc.constantFrom('direct' as const, 'msg' as const),
    agent: fc.oneof(fc.constant(1), fc.nat({ max: 4 })),
    room: fc.oneof(fc.constantFrom(0, 4, 8, 12, 96, 100, 128, 228), fc.nat({ max: 512 })),
  })
  .map(({ req, ...rest }) => ({ ...req, ...rest }));

const servers = new Map<string, ScmiServer>();
const serverFor = (name: string): ScmiServer => {
  let s = servers.get(name);
  if (!s) {
    s = new ScmiServer(scmiConfigOf(board(name).prepared.profile!));
    servers.set(name, s);
  }
  return s;
};

function checkReply(server: ScmiServer, m: Message, status: number, dataLength: number, room: number): void {
  expectThat(SCMI_STATUSES.has(status), () => `status ${status} is not an SCMI status`);
  expectThat(dataLength <= Math.max(0, room), () => `${dataLength}-byte reply in ${room} bytes of room`);
  const h = decodeHeader(m.header);
  const offered = h.protocolId === PROTOCOL.BASE || server.offered.includes(h.protocolId);
  if (h.type !== 'command' || !offered)
    expectThat(
      status === STATUS.NOT_SUPPORTED,
      () => `protocol 0x${h.protocolId.toString(16)} ${h.type}: status ${status}`,
    );
  else if (h.messageId === 0 && m.payload.length !== 0)
    expectThat(status === STATUS.PROTOCOL_ERROR, () => `PROTOCOL_VERSION with a payload: status ${status}`);
}

export default defineTarget<Input>({
  name: 'scmi-server',
  ext: 'json',
  arbitrary: fc.record({
    platform: fc.constantFrom(...PLATFORMS),
    messages: fc.array(message, { minLength: 1, maxLength: 16 }),
  }),
  seeds: () =>
    PLATFORMS.map((platform) => ({
      platform,
      messages: [0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17].flatMap((p) =>
        [0, 1, 2, 3, 4, 5, 6, 7, 8].map((id) => ({
          header: commandHeader(p, id),
          payload: new Uint8Array(id === 2 ? 4 : id > 2 ? 8 : 0),
          via: 'direct' as const,
          agent: 1,
          room: 228,
        })),
      ),
    })),
  mutate(input, rng) {
    const messages = input.messages.map((m) => ({ ...m }));
    const i = rng.below(messages.length);
    const m = messages[i];
    if (m) {
      const r = mutateScmi(m, rng);
      messages[i] = {
        ...m,
        ...r,
        room: rng.chance(0.2) ? rng.below(300) : m.room,
        via: rng.chance(0.1) ? (m.via === 'msg' ? 'direct' : 'msg') : m.via,
      };
    }
    return { platform: input.platform, messages: messages.slice(0, 64) };
  },
  encode: encodeJson,
  decode: (b) => decodeJson<Input>(b),
  reset: () => servers.clear(),
  run(input) {
    const server = serverFor(input.platform);
    for (const m of input.messages) {
      if (m.via === 'direct') {
        const reply = server.process({
          agent: m.agent,
          channel: 0,
          header: m.header,
          payload: m.payload,
          maxResponse: m.room,
        });
        checkReply(server, m, reply.status, reply.data?.length ?? 0, m.room);
        continue;
      }
      const request = new Uint8Array(4 + m.payload.length);
      new DataView(request.buffer).setUint32(0, m.header, true);
      request.set(m.payload, 4);
      const out = serveMsg(server, { id: 0, agent: m.agent }, request, m.room);
      if (!out.ok) {
        const expected = m.payload.length > 92 ? 'too-long' : m.room < 8 ? 'no-room' : undefined;
        expectThat(
          out.reason === expected,
          () => `MSG refused (${out.reason}), expected ${expected ?? 'an answer'}`,
        );
        continue;
      }
      const r = out.response;
      expectThat(
        r.length >= 8 && r.length <= m.room,
        () => `${r.length}-byte MSG response for a ${m.room}-byte buffer`,
      );
      expectThat(u32At(r, 0) === m.header, 'MSG response does not echo the header');
      checkReply(server, m, u32At(r, 4) | 0, r.length - 8, m.room - 8);
    }
    const alive = server.process({
      agent: 1,
      channel: 0,
      header: commandHeader(PROTOCOL.BASE, 0),
      payload: new Uint8Array(0),
      maxResponse: 100,
    });
    expectThat(
      alive.status === STATUS.SUCCESS && alive.data?.length === 4,
      'BASE PROTOCOL_VERSION no longer answered',
    );
  },
});
