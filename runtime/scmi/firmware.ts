import type { PhysicalMemory } from '../core/memory.js';
import { hex, type Trace } from '../core/trace.js';
import type { ScmiChannelConfig, ScmiServerConfig } from './config.js';
import { type MsgOutcome, serveMsg } from './msg.js';
import { ScmiServer } from './server.js';
import { initSmt, type SmtOutcome, serveSmt } from './smt.js';

export type SmtEntry = 'fastcall' | 'threaded' | 'interrupt';

export interface ChannelState extends ScmiChannelConfig {
  /** Claimed by the OP-TEE PTA (GET_CHANNEL): fast calls on it are refused from then on. */
  threaded: boolean;
  busy: boolean;
}

/**
 * The firmware-side SCMI service as scmi-msg structures it: the server plus its channel table
 * (`plat_scmi_get_channel`) and the entry points doorbells call — a SiP fast call, the PTA's
 * threaded entry, a mailbox interrupt, or the MSG entry with buffers passed by OP-TEE. Every
 * refusal is a `diag` trace event naming the channel and the profile's address.
 */
export class ScmiFirmware {
  readonly server: ScmiServer;
  readonly channels: ChannelState[];
  /**
   * Who else knows a channel is PTA-owned (the OP-TEE model's `ScmiPta.isThreaded`): consulted with
   * the channel's own flag before serving a fast call.
   */
  threadedOracle: ((channelId: number) => boolean) | undefined;

  constructor(
    readonly config: ScmiServerConfig,
    readonly mem: PhysicalMemory,
    private readonly trace?: Trace,
    readonly name = 'scmi-server',
  ) {
    this.server = new ScmiServer(config, trace, name);
    this.channels = config.channels.map((c) => ({ ...c, threaded: false, busy: false }));
  }

  /** scmi-msg's channel init: every SMT area gets a zeroed header with FREE set. */
  boot(): void {
    for (const ch of this.channels) {
      if (!ch.shmem) continue;
      const fault = initSmt(this.mem, ch.shmem.base);
      if (fault)
        this.diag(
          `channel ${ch.id}: shared memory at ${hex(ch.shmem.base)} is not mapped (${fault.reason})`,
          {
            channel: ch.id,
            address: hex(ch.shmem.base),
          },
        );
    }
  }

  channel(id: number): ChannelState | undefined {
    return this.channels.find((c) => c.id === id);
  }

  channelBySmcId(fid: number): ChannelState | undefined {
    return this.channels.find((c) => c.smcId !== undefined && c.smcId >>> 0 === fid >>> 0);
  }

  channelByShmem(base: bigint): ChannelState | undefined {
    return this.channels.find((c) => c.shmem?.base === base);
  }

  /** OP-TEE's GET_CHANNEL: the channel is served by PTA threads from now on. */
  markThreaded(id: number): void {
    const ch = this.channel(id);
    if (ch) ch.threaded = true;
  }

  /** Processes the message waiting in a channel's SMT area. */
  smtEntry(id: number, via: SmtEntry): SmtOutcome | undefined {
    const ch = this.channel(id);
    if (!ch) {
      this.diag(`no SCMI channel ${id} in the firmware profile`, { channel: id });
      return undefined;
    }
    if (!ch.shmem) {
      this.diag(`channel ${id} has no shared memory area in the firmware profile (MSG-only)`, {
        channel: id,
      });
      return undefined;
    }
    if (via === 'fastcall' && (ch.threaded || this.threadedOracle?.(id))) {
      // scmi-msg asserts here: a channel the PTA owns must not be served from a SiP fast call.
      this.diag(`channel ${id} is owned by the OP-TEE PTA; fast call refused`, { channel: id });
      return undefined;
    }
    if (ch.busy) {
      this.diag(`channel ${id} is busy`, { channel: id });
      return undefined;
    }
    ch.busy = true;
    const outcome = serveSmt(this.server, this.mem, {
      id: ch.id,
      agent: ch.agent,
      base: ch.shmem.base,
      size: ch.shmem.size,
    });
    ch.busy = false;
    if (outcome.kind === 'fault')
      this.diag(
        `channel ${id}: shared memory at ${hex(ch.shmem.base)} is not accessible (${outcome.fault.reason})`,
        {
          channel: id,
          address: hex(ch.shmem.base),
        },
      );
    else if (outcome.kind === 'rejected')
      this.diag(
        `channel ${id} at ${hex(ch.shmem.base)}: request rejected (${outcome.reason}); status FREE|ERROR`,
        {
          channel: id,
          address: hex(ch.shmem.base),
          reason: outcome.reason,
          length: outcome.length,
        },
      );
    return outcome;
  }

  /** OP-TEE PROCESS_MSG_CHANNEL: request and response buffers travel with the call. */
  msgEntry(id: number, request: Uint8Array, outSize: number): MsgOutcome | undefined {
    const ch = this.channel(id);
    if (!ch) {
      this.diag(`no SCMI channel ${id} in the firmware profile`, { channel: id });
      return undefined;
    }
    const outcome = serveMsg(this.server, ch, request, outSize);
    if (!outcome.ok) this.diag(`channel ${id}: MSG request rejected (${outcome.reason})`, { channel: id });
    return outcome;
  }

  diag(msg: string, data?: Record<string, string | number>): void {
    this.trace?.emit('diag', this.name, msg, data);
  }
}
