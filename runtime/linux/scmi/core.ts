import type { NodeView } from '../../../schemas/view/view.js';
import { hex } from '../../core/trace.js';
import { PROTOCOL, protocolName } from '../../scmi/constants.js';
import { nameAt, u32At } from '../../scmi/payload.js';
import { transportFor } from '../../transports/index.js';
import type { ScmiTransport, TransportEnv } from '../../transports/transport.js';
import { initProtocol, type ProtocolInfo, words } from './protocols.js';
import { spawn, type Task } from './task.js';
import { CoreChannel, type XferResult } from './xfer.js';

export type ProbeResult =
  | { kind: 'ok' }
  | { kind: 'defer'; reason: string }
  | { kind: 'error'; errno: string; reason: string };

export interface BaseInfo {
  version: number;
  vendor: string;
  subVendor: string;
  implementationVersion: number;
  numProtocols: number;
  numAgents: number;
  protocols: number[];
  agents: string[];
}

/**
 * Linux's SCMI core (`drivers/firmware/arm_scmi/driver.c` `scmi_probe`) for one `scmi` node: pick
 * the transport by compatible, set up the base channel (deferring while a provider such as OP-TEE
 * is not there), run base discovery, then for each available `protocol@NN` child that the platform
 * also lists, set up its channel (its own when the child has transport properties, else the base
 * one) and initialise the protocol. Children the platform does not offer are skipped, as Linux
 * does. Every step is a `probe`/`scmi` trace event on the node.
 */
export class LinuxScmi {
  state: 'idle' | 'probing' | 'deferred' | 'probed' | 'failed' = 'idle';
  base: BaseInfo | undefined;
  readonly protocols = new Map<number, ProtocolInfo & { channel: CoreChannel }>();
  private baseChannel: CoreChannel | undefined;
  private toldForever = false;
  transport: ScmiTransport | undefined;

  constructor(
    readonly node: NodeView,
    private readonly env: TransportEnv,
    private readonly transports: readonly ScmiTransport[],
  ) {}

  get path(): string {
    return this.node.path;
  }

  /** Starts (or retries, after a deferral) the probe; `done` gets the outcome. */
  probe(done?: (result: ProbeResult) => void): void {
    if (this.state === 'probing' || this.state === 'probed') return;
    this.state = 'probing';
    spawn(this.env.scheduler, this.probeTask(), (result) => {
      this.state = result.kind === 'ok' ? 'probed' : result.kind === 'defer' ? 'deferred' : 'failed';
      done?.(result);
    });
  }

  private emit(msg: string, data?: Record<string, string | number | boolean>): void {
    this.env.trace.emit('probe', this.path, msg, data);
  }

  private *probeTask(): Task<ProbeResult> {
    const transport = transportFor(this.transports, this.node.compatible);
    if (!transport) return this.fail('-ENODEV', `no transport for ${this.node.compatible.join(', ')}`);
    this.transport = transport;
    this.emit(`probe via ${transport.name} transport`, { transport: transport.name });
    const base = this.setupChannel(this.node, transport);
    if (!(base instanceof CoreChannel)) return base;
    this.baseChannel = base;
    if (transport.available(this.node, false)) {
      const rx = transport.setup({ node: this.node, tx: false, onRx: () => {} });
      this.emit(
        rx.kind === 'ok'
          ? 'rx (p2a) channel ready'
          : `no rx channel: ${rx.kind === 'error' ? rx.reason : rx.reason}`,
      );
    }
    const info = yield* this.discoverBase(base);
    if (typeof info === 'string') return this.fail(info, 'unable to communicate with SCMI');
    this.base = info;
    this.emit(
      `SCMI Protocol v${info.version >>> 16}.${info.version & 0xffff} '${info.vendor}:${info.subVendor}' Firmware version ${hex(info.implementationVersion)}`,
      { protocols: info.protocols.map((p) => hex(p)).join(' ') },
    );
    for (const child of this.node.children) {
      const id = child.u32('reg');
      if (id === undefined || !/^protocol@/.test(child.node.name)) continue;
      if (!child.enabled) continue;
      if (!info.protocols.includes(id)) {
        this.emit(`SCMI protocol ${hex(id)} (${protocolName(id)}) not implemented; ${child.path} skipped`, {
          protocol: id,
        });
        continue;
      }
      let channel = base;
      if (transport.available(child, true)) {
        const own = this.setupChannel(child, transport);
        if (own instanceof CoreChannel) channel = own;
        else {
          this.emit(`${child.path}: dedicated channel failed (${own.kind}); protocol skipped`);
          continue;
        }
      }
      const p = yield* initProtocol(channel, id, child.path, this.env.trace);
      if (typeof p === 'string') {
        this.emit(`SCMI protocol ${hex(id)} init failed ${p}`, { protocol: id, errno: p });
        continue;
      }
      this.protocols.set(id, { ...p, channel });
    }
    this.emit('probed', { protocols: [...this.protocols.keys()].map((p) => hex(p)).join(' ') });
    return { kind: 'ok' };
  }

  private fail(errno: string, reason: string): ProbeResult {
    this.emit(`probe failed ${errno}: ${reason}`, { errno });
    return { kind: 'error', errno, reason };
  }

  /** A transport channel for `node` wrapped in the core's xfer engine, or the probe outcome. */
  private setupChannel(node: NodeView, transport: ScmiTransport): CoreChannel | ProbeResult {
    const timeoutMs = this.node.u32('arm,max-rx-timeout-ms') ?? transport.limits.maxRxTimeoutMs;
    const maxMsgSize = this.node.u32('arm,max-msg-size') ?? transport.limits.maxMsgSize;
    const limits = { ...transport.limits, maxMsgSize };
    const core = new CoreChannel(node.path, limits, timeoutMs, this.env.scheduler, this.env.trace);
    const r = transport.setup({ node, tx: true, onRx: (h) => core.onRx(h) });
    if (r.kind === 'defer') {
      this.emit(`deferred: ${r.reason}`, { reason: r.reason });
      if (/will not come|never/.test(r.reason) && !this.toldForever) {
        this.toldForever = true;
        this.env.trace.emit('diag', this.path, `${this.path} will stay deferred forever: ${r.reason}`);
      }
      return r;
    }
    if (r.kind === 'error') return this.fail(r.errno, r.reason);
    core.channel = r.channel;
    this.emit(`channel ${node.path} ready${r.channel.polling ? ' (polling)' : ''}`);
    return core;
  }

  /** Linux `scmi_base_protocol_init` order. */
  private *discoverBase(ch: CoreChannel): Task<BaseInfo | string> {
    const B = PROTOCOL.BASE;
    const v = yield* ch.xfer(B, 0x0, words(), 4);
    if (!v.ok) return v.errno;
    const a = yield* ch.xfer(B, 0x1, words(), 4);
    if (!a.ok) return a.errno;
    const attrs = a.rx.length >= 4 ? u32At(a.rx, 0) : 0;
    const vendor = yield* ch.xfer(B, 0x3, words(), 16);
    const sub = yield* ch.xfer(B, 0x4, words(), 16);
    const impl = yield* ch.xfer(B, 0x5, words(), 4);
    const info: BaseInfo = {
      version: v.rx.length >= 4 ? u32At(v.rx, 0) : 0,
      numProtocols: attrs & 0xff,
      numAgents: (attrs >>> 8) & 0xff,
      vendor: vendor.ok ? nameAt(vendor.rx, 0) : '',
      subVendor: sub.ok ? nameAt(sub.rx, 0) : '',
      implementationVersion: impl.ok && impl.rx.length >= 4 ? u32At(impl.rx, 0) : 0,
      protocols: [],
      agents: [],
    };
    while (info.protocols.length < info.numProtocols) {
      const r: XferResult = yield* ch.xfer(B, 0x6, words(info.protocols.length), 100);
      if (!r.ok) return r.errno;
      const n = r.rx.length >= 4 ? u32At(r.rx, 0) : 0;
      // Linux: the list must fit what was returned, padded to a word.
      if (n === 0 || 4 + Math.ceil(n / 4) * 4 > r.rx.length) {
        this.env.trace.emit('diag', this.path, 'malformed DISCOVER_LIST_PROTOCOLS reply', { count: n });
        return '-EPROTO';
      }
      for (let k = 0; k < n; k++) info.protocols.push(r.rx[4 + k]!);
    }
    for (let id = 0; id < info.numAgents; id++) {
      const r = yield* ch.xfer(B, 0x7, words(id), 20);
      info.agents.push(r.ok && r.rx.length >= 20 ? nameAt(r.rx, 4) : '');
    }
    return info;
  }

  /** The protocol a provider node (e.g. `protocol@14`) stands for, when it was initialised. */
  protocolAt(providerPath: string): (ProtocolInfo & { channel: CoreChannel }) | undefined {
    for (const p of this.protocols.values()) if (p.node === providerPath) return p;
    return undefined;
  }

  /**
   * Sends one message on the protocol's channel (what `ph->xops->do_xfer` gives drivers). The
   * channel's own task is handed back rather than wrapped in another generator: one generator and
   * one delegation less per message. (Callers start it at once, so the channel is the same.)
   */
  request(protocolId: number, messageId: number, tx: Uint8Array, rxLen = 8): Task<XferResult> {
    const p = this.protocols.get(protocolId);
    const ch = p?.channel ?? this.baseChannel;
    if (!ch) return noDevice();
    return ch.xfer(protocolId, messageId, tx, rxLen);
  }
}

// biome-ignore lint/correctness/useYield: a task that ends at once, as `request` answers without a channel
function* noDevice(): Task<XferResult> {
  return { ok: false, errno: '-ENODEV' };
}
