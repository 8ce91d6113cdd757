import type { Scheduler } from '../../core/scheduler.js';
import type { Trace } from '../../core/trace.js';
import { linuxErrno, protocolName, STATUS, statusName } from '../../scmi/constants.js';
import { commandHeader, headerToken, TOKEN_MAX } from '../../scmi/header.js';
import type { ScmiChannel, TransportLimits, Xfer } from '../../transports/transport.js';
import { sleep, type Task } from './task.js';

export type XferResult = { ok: true; rx: Uint8Array } | { ok: false; errno: string; status?: number };

/** How often a polling wait looks at the channel (Linux spins; virtual time needs steps). */
export const POLL_INTERVAL_NS = 10_000;

/**
 * One SCMI channel as the Linux core drives it (`do_xfer` in `driver.c`): tokens, the in-flight
 * table the completion callback looks tokens up in, and the three ways to wait for a response —
 * on return (synchronous transports), by polling, or for the completion interrupt — each bounded
 * by the rx timeout. Every message and outcome is an `scmi` trace event on the channel's node.
 */
export class CoreChannel {
  private nextToken = 0;
  /** By token (10 bits): an array slot per token costs less than a Map entry per message. */
  private readonly inflight = new Array<InFlight | undefined>(TOKEN_MAX).fill(undefined);
  channel: ScmiChannel | undefined;
  private readonly names = new Map<number, string>();

  constructor(
    readonly owner: string,
    private readonly limits: TransportLimits,
    private readonly timeoutMs: number,
    private readonly scheduler: Scheduler,
    private readonly trace: Trace,
  ) {}

  /** `scmi_rx_callback`: the transport saw a completion for `header`. */
  onRx(header: number): void {
    const token = headerToken(header);
    const entry = this.inflight[token];
    if (!entry || entry.done) {
      this.trace.emit('diag', this.owner, `message for token ${token} is not expected`, { token });
      return;
    }
    this.channel?.fetchResponse(entry.xfer);
    entry.done = true;
    entry.wake?.();
  }

  *xfer(protocolId: number, messageId: number, tx: Uint8Array, rxLen: number): Task<XferResult> {
    const channel = this.channel;
    if (!channel) return { ok: false, errno: '-ENODEV' };
    // The message's name is only for the trace: looked up when it is on or something went wrong.
    let what = this.trace.enabled ? this.what(protocolId, messageId) : '';
    if (tx.length > this.limits.maxMsgSize || rxLen > this.limits.maxMsgSize) {
      what = this.what(protocolId, messageId);
      this.trace.emit('diag', this.owner, `${what}: message larger than ${this.limits.maxMsgSize} bytes`, {
        tx: tx.length,
        rx: rxLen,
      });
      return { ok: false, errno: '-ERANGE' };
    }
    const token = this.nextToken;
    this.nextToken = (this.nextToken + 1) % TOKEN_MAX;
    const xfer: Xfer = {
      header: commandHeader(protocolId, messageId, token),
      tx,
      rxLen,
      status: 0,
      rx: EMPTY,
    };
    const entry: InFlight = { xfer, wake: undefined, done: false };
    this.inflight[token] = entry;
    if (this.trace.enabled)
      this.trace.emit('scmi', this.owner, `-> ${what}`, { protocol: protocolId, message: messageId, token });
    try {
      const err = channel.send(xfer);
      if (err) {
        what = this.what(protocolId, messageId);
        this.trace.emit('scmi', this.owner, `<- ${what}: send failed ${err}`, { token, errno: err });
        return { ok: false, errno: err };
      }
      const timeoutNs = this.timeoutMs * 1_000_000;
      if (channel.polling) {
        if (!this.limits.syncCmdsCompletedOnRet) {
          what = this.what(protocolId, messageId); // wait labels name the message
          const start = this.scheduler.now;
          while (!channel.poll(xfer)) {
            if (this.scheduler.now - start >= timeoutNs) return this.timedOut(what, token, 'polling');
            yield sleep(POLL_INTERVAL_NS, `poll ${what}`);
          }
        }
        if (!entry.done) channel.fetchResponse(xfer);
      } else if (!entry.done) {
        what = this.what(protocolId, messageId);
        const woken = yield {
          label: `${this.owner} ${what}`,
          timeoutNs,
          arm: (wake) => {
            if (entry.done) wake();
            else entry.wake = wake;
          },
        };
        if (!woken) return this.timedOut(what, token, 'irq');
      }
      entry.done = true;
      const status = xfer.status;
      if (this.trace.enabled)
        this.trace.emit('scmi', this.owner, `<- ${what}: ${statusName(status)}`, {
          token,
          status,
          length: xfer.rx.length,
        });
      if (status !== STATUS.SUCCESS) return { ok: false, errno: linuxErrno(status), status };
      return { ok: true, rx: xfer.rx };
    } finally {
      entry.done = true;
      this.inflight[token] = undefined;
    }
  }

  /** `clock 0x6`: the message's name in the trace, made once per message kind. */
  private what(protocolId: number, messageId: number): string {
    const key = (protocolId << 8) | (messageId & 0xff);
    let text = this.names.get(key);
    if (text === undefined) {
      text = `${protocolName(protocolId)} 0x${messageId.toString(16)}`;
      this.names.set(key, text);
    }
    return text;
  }

  private timedOut(what: string, token: number, how: 'polling' | 'irq'): XferResult {
    this.trace.emit(
      'scmi',
      this.owner,
      `<- ${what}: timed out in resp${how === 'polling' ? ' - polling' : ''}`,
      {
        token,
        errno: '-ETIMEDOUT',
      },
    );
    return { ok: false, errno: '-ETIMEDOUT' };
  }
}

const EMPTY = new Uint8Array(0);

interface InFlight {
  xfer: Xfer;
  wake: (() => void) | undefined;
  done: boolean;
}
