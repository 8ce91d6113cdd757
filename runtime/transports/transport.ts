import type { NodeView } from '../../schemas/view/view.js';
import type { PhysicalMemory } from '../core/memory.js';
import type { Scheduler } from '../core/scheduler.js';
import type { SmcccInvoker } from '../core/smc.js';
import type { Trace } from '../core/trace.js';

/**
 * The agent side of an SCMI transport, shaped like Linux's `scmi_transport_ops` but smaller: a
 * transport declares its limits and sets channels up; a channel sends an xfer (writes the message
 * and rings the doorbell), fetches the response, and can be polled. Completion interrupts come
 * back through the `onRx` callback given at setup (Linux `scmi_rx_callback`).
 */
export interface TransportLimits {
  /** Largest payload a message may carry (Linux `max_msg_size`). */
  maxMsgSize: number;
  /** Messages in flight per channel (Linux `max_msg`). */
  maxMsg: number;
  /** How long the core waits for a response. */
  maxRxTimeoutMs: number;
  /** The response is in place when `send` returns (SMC, OP-TEE): no polling needed. */
  syncCmdsCompletedOnRet: boolean;
}

/** One transfer, as the core fills it and the transport completes it. */
export interface Xfer {
  /** Message header with the token in [27:18]. */
  header: number;
  tx: Uint8Array;
  /** Bytes of response data the caller expects (Linux `xfer->rx.len` before the call). */
  rxLen: number;
  /** Filled by `fetchResponse`. */
  status: number;
  rx: Uint8Array;
}

export interface ScmiChannel {
  /** The DT node the channel was set up for (`/firmware/scmi` or a protocol child). */
  readonly owner: string;
  /** No completion interrupt: the core polls (or reads on return when the transport is synchronous). */
  readonly polling: boolean;
  /** Writes the message and rings the doorbell; an errno string on failure. */
  send(xfer: Xfer): string | undefined;
  fetchResponse(xfer: Xfer): void;
  /** Whether the platform has answered `xfer` (token matches and FREE or ERROR is set). */
  poll(xfer: Xfer): boolean;
}

export type SetupResult =
  | { kind: 'ok'; channel: ScmiChannel }
  /** Not yet possible (a provider has not probed): Linux -EPROBE_DEFER. */
  | { kind: 'defer'; reason: string }
  | { kind: 'error'; errno: string; reason: string };

export interface ChannelRequest {
  /** The SCMI node, or a protocol child with its own transport properties. */
  node: NodeView;
  /** tx (a2p) channel, or the rx (p2a) notification channel. */
  tx: boolean;
  /** Completion of the xfer whose header is given (read back from the channel). */
  onRx(header: number): void;
}

/** Linux's interrupt API, as much as transports use: request a handler for a GIC INTID. */
export interface IrqHost {
  request(intid: number, name: string, handler: () => void): string | undefined;
}

/** Everything the normal world offers transports; each transport uses the parts it needs. */
export interface TransportEnv {
  scheduler: Scheduler;
  trace: Trace;
  mem: PhysicalMemory;
  /** The system SMCCC conduit (PSCI's `method`), when SMCCC ≥ 1.1 is there. */
  smccc?: SmcccInvoker;
  irqs?: IrqHost;
}

export interface ScmiTransport {
  readonly name: string;
  readonly compatible: readonly string[];
  readonly limits: TransportLimits;
  /** Whether the node describes a channel of this direction (Linux `chan_available`). */
  available(node: NodeView, tx: boolean): boolean;
  setup(request: ChannelRequest): SetupResult;
}
