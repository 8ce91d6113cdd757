import type { ScmiServerConfig } from './config.js';
import { STATUS } from './constants.js';
import { ResponseWriter } from './payload.js';
import type { ScmiState } from './state.js';

/**
 * One SCMI protocol on the server side, as scmi-msg and SCP-firmware shape them: a version, the
 * PROTOCOL_ATTRIBUTES words, and a table of message handlers keyed by message id. Each handler
 * declares its exact request size when it has one; the server answers PROTOCOL_ERROR for any
 * other size before the handler runs (scmi-msg's `in_size` checks).
 */
export interface MessageContext {
  readonly config: ScmiServerConfig;
  readonly state: ScmiState;
  /** The agent the channel belongs to. */
  readonly agent: number;
  /** Bytes available for the response after the status word. */
  readonly maxResponse: number;
  /** Protocols offered, sorted, base excluded. */
  readonly offered: readonly number[];
  /** Records a state change for the trace. */
  note(msg: string, data?: Record<string, string | number | boolean>): void;
}

export interface Reply {
  status: number;
  data?: Uint8Array;
}

export interface MessageDef {
  readonly name: string;
  /** Exact request payload size in bytes; omitted when the handler checks sizes itself. */
  readonly size?: number;
  /** Whether this server implements the message at all (default: yes). */
  available?(config: ScmiServerConfig): boolean;
  handle(ctx: MessageContext, req: Uint8Array): Reply;
}

export interface ProtocolDef {
  readonly id: number;
  readonly name: string;
  readonly version: number;
  /** Offered by a server with this configuration (when the profile does not list protocols). */
  offered(config: ScmiServerConfig): boolean;
  /** PROTOCOL_ATTRIBUTES response words. */
  attributes(ctx: MessageContext): readonly number[];
  readonly messages: Readonly<Record<number, MessageDef>>;
}

export function defineProtocol(def: ProtocolDef): ProtocolDef {
  return def;
}

/**
 * One writer for every reply: a reply is built and copied out (`finish`) before the next one
 * starts, and a writer per message (its buffer included) showed in the server's profile.
 */
const writer = new ResponseWriter();
let writing = false;

export function ok(build?: (w: ResponseWriter) => void): Reply {
  if (!build) return { status: STATUS.SUCCESS };
  if (writing) {
    // A reply built while another is being built (no handler does this): a writer of its own.
    const w = new ResponseWriter();
    build(w);
    return { status: STATUS.SUCCESS, data: w.finish() };
  }
  writing = true;
  try {
    build(writer.reset());
    return { status: STATUS.SUCCESS, data: writer.finish() };
  } finally {
    writing = false;
  }
}

export function fail(status: number): Reply {
  return { status };
}

/** Looks a resource up by id; undefined means NOT_FOUND. */
export function resource<T>(list: readonly T[], id: number): T | undefined {
  return id < list.length ? list[id] : undefined;
}

/** Entries that fit a multi-part reply (describe rates/levels/sensors): SCMI's `returned` count. */
export function fitting(maxResponse: number, fixed: number, entrySize: number, remaining: number): number {
  return Math.max(0, Math.min(remaining, Math.floor((maxResponse - fixed) / entrySize)));
}
