import type { Trace } from '../core/trace.js';
import type { ScmiServerConfig } from './config.js';
import { COMMON_MSG, PROTOCOL, protocolName, STATUS, statusName } from './constants.js';
import { u32At } from './payload.js';
import type { MessageContext, MessageDef, ProtocolDef, Reply } from './protocol.js';
import { PROTOCOL_BY_ID } from './protocols/index.js';
import { buildState, type ScmiState } from './state.js';

const COMMON_NAMES: Record<number, string> = {
  [COMMON_MSG.PROTOCOL_VERSION]: 'PROTOCOL_VERSION',
  [COMMON_MSG.PROTOCOL_ATTRIBUTES]: 'PROTOCOL_ATTRIBUTES',
  [COMMON_MSG.PROTOCOL_MESSAGE_ATTRIBUTES]: 'PROTOCOL_MESSAGE_ATTRIBUTES',
};

export interface ProcessRequest {
  /** The agent owning the channel the message came on. */
  agent: number;
  /** Channel id (for the trace). */
  channel: number;
  header: number;
  payload: Uint8Array;
  /** Room for the response after the status word (SMT: area size − 28 − 4). */
  maxResponse: number;
}

/**
 * The SCMI server's message layer (scmi-msg `scmi_process_message`, SCP-firmware's `scmi` module):
 * decode the header, dispatch to the protocol's handler, answer the status real servers answer for
 * what does not fit — NOT_SUPPORTED for protocols or messages it does not implement, PROTOCOL_ERROR
 * for a request of the wrong size or a reply that does not fit. It never throws on guest input.
 */
export class ScmiServer {
  readonly state: ScmiState;
  /** Offered protocols besides base, sorted. */
  readonly offered: readonly number[];
  private readonly dispatch = new Map<number, ProtocolDef>();
  /** Messages processed (all outcomes). */
  processed = 0;

  constructor(
    readonly config: ScmiServerConfig,
    readonly trace?: Trace,
    readonly name = 'scmi-server',
  ) {
    this.state = buildState(config);
    const ids =
      config.protocols ??
      [...PROTOCOL_BY_ID.values()]
        .filter((p) => p.id !== PROTOCOL.BASE && p.offered(config))
        .map((p) => p.id);
    this.offered = [...new Set(ids)].filter((id) => id !== PROTOCOL.BASE).sort((a, b) => a - b);
    this.dispatch.set(PROTOCOL.BASE, PROTOCOL_BY_ID.get(PROTOCOL.BASE)!);
    for (const id of this.offered) {
      const p = PROTOCOL_BY_ID.get(id);
      if (p) this.dispatch.set(id, p);
    }
  }

  process(req: ProcessRequest): Reply {
    this.processed++;
    // The header's fields as numbers (`decodeHeader`'s layout) rather than an object per message.
    const raw = req.header >>> 0;
    const messageId = raw & 0xff;
    const protocolId = (raw >>> 10) & 0xff;
    const isCommand = ((raw >>> 8) & 0x3) === 0;
    const protocol = this.dispatch.get(protocolId);
    const ctx = this.context(req);
    let name = COMMON_NAMES[messageId];
    let reply: Reply;
    if (!isCommand) {
      reply = { status: STATUS.NOT_SUPPORTED };
    } else if (!protocol) {
      reply = { status: STATUS.NOT_SUPPORTED };
    } else {
      const def = name !== undefined ? undefined : this.message(protocol, messageId);
      if (def) name = def.name;
      reply = this.run(protocol, messageId, def, ctx, req.payload);
    }
    if (reply.data && reply.data.length > req.maxResponse) reply = { status: STATUS.PROTOCOL_ERROR };
    if (this.trace?.enabled)
      this.trace.emit('scmi', this.name, this.outcomeText(protocolId, messageId, name, reply.status), {
        channel: req.channel,
        agent: req.agent,
        protocol: protocolId,
        message: messageId,
        token: (raw >>> 18) & 0x3ff,
        status: reply.status,
      });
    return reply;
  }

  /** `clock CLOCK_RATE_GET: SUCCESS`, made once per (protocol, message, status). */
  private outcomeText(
    protocolId: number,
    messageId: number,
    name: string | undefined,
    status: number,
  ): string {
    const cacheable = status >= -0x8000 && status < 0x8000 && messageId >= 0 && messageId < 0x100;
    const key = protocolId * 0x1_0000_0000 + messageId * 0x1_0000 + (status + 0x8000);
    let text = cacheable ? this.texts.get(key) : undefined;
    if (text === undefined) {
      text = `${protocolName(protocolId)} ${name ?? `message 0x${messageId.toString(16)}`}: ${statusName(status)}`;
      if (this.texts.size >= 4096) this.texts.clear();
      if (cacheable) this.texts.set(key, text);
    }
    return text;
  }

  private readonly texts = new Map<number, string>();

  private message(protocol: ProtocolDef, id: number): MessageDef | undefined {
    const def = protocol.messages[id];
    if (!def || (def.available && !def.available(this.config))) return undefined;
    return def;
  }

  private run(
    protocol: ProtocolDef,
    id: number,
    def: MessageDef | undefined,
    ctx: MessageContext,
    payload: Uint8Array,
  ): Reply {
    switch (id) {
      case COMMON_MSG.PROTOCOL_VERSION:
        if (payload.length !== 0) return { status: STATUS.PROTOCOL_ERROR };
        return words([protocol.version]);
      case COMMON_MSG.PROTOCOL_ATTRIBUTES:
        if (payload.length !== 0) return { status: STATUS.PROTOCOL_ERROR };
        return words(protocol.attributes(ctx));
      case COMMON_MSG.PROTOCOL_MESSAGE_ATTRIBUTES: {
        if (payload.length !== 4) return { status: STATUS.PROTOCOL_ERROR };
        const asked = u32At(payload, 0);
        const known =
          asked <= COMMON_MSG.PROTOCOL_MESSAGE_ATTRIBUTES || this.message(protocol, asked) !== undefined;
        return known ? words([0]) : { status: STATUS.NOT_FOUND };
      }
    }
    if (!def) return { status: STATUS.NOT_SUPPORTED };
    if (def.size !== undefined && payload.length !== def.size) return { status: STATUS.PROTOCOL_ERROR };
    return def.handle(ctx, payload);
  }

  /** One context object reused for every message (the hot path allocates as little as it can). */
  private readonly ctx = {
    server: this as ScmiServer,
    config: undefined as unknown as ScmiServerConfig,
    state: undefined as unknown as ScmiState,
    agent: 0,
    channel: 0,
    maxResponse: 0,
    offered: [] as readonly number[],
    note(msg: string, data?: Record<string, string | number | boolean>): void {
      this.server.trace?.emit('scmi', this.server.name, msg, {
        channel: this.channel,
        agent: this.agent,
        ...data,
      });
    },
  };

  private context(req: ProcessRequest): MessageContext {
    const ctx = this.ctx;
    ctx.config = this.config;
    ctx.state = this.state;
    ctx.offered = this.offered;
    ctx.agent = req.agent;
    ctx.channel = req.channel;
    ctx.maxResponse = req.maxResponse;
    return ctx;
  }
}

function words(values: readonly number[]): Reply {
  const data = new Uint8Array(values.length * 4);
  const view = new DataView(data.buffer);
  for (const [i, v] of values.entries()) view.setUint32(i * 4, v >>> 0, true);
  return { status: STATUS.SUCCESS, data };
}
