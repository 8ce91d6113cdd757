/**
 * In-kernel TEE client API (`tee_client_open_session` / `tee_client_invoke_func` /
 * `tee_client_close_session` over `optee_open_session` & co., `drivers/tee/optee/call.c`), and on
 * top of it the SCMI PTA client the `linaro,scmi-optee` transport uses: capabilities, one session
 * and GET_CHANNEL per channel, then PROCESS_SMT_CHANNEL (static shmem) or PROCESS_MSG_CHANNEL
 * (a dynamic tee_shm with MSG headers).
 */
import { hex } from '../../core/trace.js';
import { LOGIN, MSG_ATTR, MSG_CMD, TEE, uuidToOctets } from '../../optee/abi.js';
import { type MsgArg, type MsgParam, newMsgArg, octetsToValue } from '../../optee/msg-arg.js';
import { PTA_SCMI_CAPS, PTA_SCMI_CMD, PTA_SCMI_UUID } from '../../optee/pta-scmi.js';
import type { CallOutcome, OpteeCalls, TeeShm } from './call.js';

export type ParamDir = 'in' | 'out' | 'inout';

/** A `struct tee_param` as a kernel client fills it. */
export type TeeParam =
  | { kind: 'none' }
  | { kind: 'value'; dir: ParamDir; a: bigint; b: bigint; c: bigint }
  | { kind: 'memref'; dir: ParamDir; shm: TeeShm | null; offset: number; size: number };

export interface TeeResult {
  /** 0, or a negative errno when the call itself failed (the SMC returned an error). */
  rc: number;
  ret: number;
  origin: number;
  session: number;
  params: TeeParam[];
}

const DIR_OFFSET: Record<ParamDir, number> = { in: 0, out: 1, inout: 2 };

export const value = (dir: ParamDir, a = 0n, b = 0n, c = 0n): TeeParam => ({ kind: 'value', dir, a, b, c });
export const memref = (dir: ParamDir, shm: TeeShm | null, size: number, offset = 0): TeeParam => ({
  kind: 'memref',
  dir,
  shm,
  offset,
  size,
});

export class OpteeClient {
  constructor(readonly calls: OpteeCalls) {}

  /** `optee_to_msg_param`: registered buffers as RMEM, others (and NULL) as TMEM by address. */
  private toMsg(p: TeeParam): MsgParam {
    switch (p.kind) {
      case 'none':
        return { attr: MSG_ATTR.NONE, a: 0n, b: 0n, c: 0n };
      case 'value':
        return { attr: MSG_ATTR.VALUE_INPUT + DIR_OFFSET[p.dir], a: p.a, b: p.b, c: p.c };
      case 'memref':
        if (p.shm?.registered)
          return {
            attr: MSG_ATTR.RMEM_INPUT + DIR_OFFSET[p.dir],
            a: BigInt(p.offset),
            b: BigInt(p.size),
            c: p.shm.cookie,
          };
        return {
          attr: MSG_ATTR.TMEM_INPUT + DIR_OFFSET[p.dir],
          a: p.shm ? p.shm.pa + BigInt(p.offset) : 0n,
          b: BigInt(p.size),
          c: p.shm?.cookie ?? 0n,
        };
    }
  }

  private fromMsg(p: TeeParam, m: MsgParam | undefined): TeeParam {
    if (!m || p.kind === 'none' || p.dir === 'in') return p;
    if (p.kind === 'value') return { ...p, a: m.a, b: m.b, c: m.c };
    return { ...p, size: Number(m.b) };
  }

  private result(o: CallOutcome | undefined, params: TeeParam[], skip: number): TeeResult | undefined {
    if (!o) return undefined;
    if (o.a0 !== 0n) return { rc: -22, ret: TEE.ERROR_COMMUNICATION, origin: 2, session: 0, params }; // -EINVAL, COMMS
    return {
      rc: 0,
      ret: o.arg.ret,
      origin: o.arg.retOrigin,
      session: o.arg.session,
      params: params.map((p, i) => this.fromMsg(p, o.arg.params[i + skip])),
    };
  }

  /**
   * `optee_open_session`: two META value params carry the TA UUID and the client identity + login.
   * Returns undefined when the call had to sleep; `done` then receives the result.
   */
  openSession(
    uuid: string,
    login: number,
    params: TeeParam[] = [],
    done?: (r: TeeResult) => void,
  ): TeeResult | undefined {
    const ta = octetsToValue(uuidToOctets(uuid) ?? new Uint8Array(16));
    const meta: MsgParam[] = [
      { attr: MSG_ATTR.META | MSG_ATTR.VALUE_INPUT, a: ta.a, b: ta.b, c: 0n },
      { attr: MSG_ATTR.META | MSG_ATTR.VALUE_INPUT, a: 0n, b: 0n, c: BigInt(login >>> 0) },
    ];
    const arg = newMsgArg(MSG_CMD.OPEN_SESSION, [...meta, ...params.map((p) => this.toMsg(p))]);
    return this.run(arg, params, 2, done);
  }

  invoke(
    session: number,
    func: number,
    params: TeeParam[],
    done?: (r: TeeResult) => void,
  ): TeeResult | undefined {
    const arg = newMsgArg(
      MSG_CMD.INVOKE_COMMAND,
      params.map((p) => this.toMsg(p)),
      { session, func },
    );
    return this.run(arg, params, 0, done);
  }

  closeSession(session: number): TeeResult | undefined {
    return this.run(newMsgArg(MSG_CMD.CLOSE_SESSION, [], { session }), [], 0);
  }

  private run(
    arg: MsgArg,
    params: TeeParam[],
    skip: number,
    done?: (r: TeeResult) => void,
  ): TeeResult | undefined {
    const o = this.calls.call(arg, done ? (out) => done(this.result(out, params, skip)!) : undefined);
    return this.result(o, params, skip);
  }
}

/** Failure of an SCMI PTA step: the TEE result that caused it. */
export interface ScmiOpteeError {
  error: string;
  ret: number;
}

const isError = (x: unknown): x is ScmiOpteeError => typeof x === 'object' && x !== null && 'error' in x;

/**
 * One SCMI channel through the SCMI PTA, as `scmi_optee_chan_setup` builds it: its own REE_KERNEL
 * session, GET_CHANNEL with SMT_HEADER (static shmem) or MSG_HEADER (dynamic buffer), then one
 * PTA invocation per message.
 */
export class ScmiOpteeChannel {
  private constructor(
    private readonly client: OpteeClient,
    readonly session: number,
    readonly handle: number,
    readonly kind: 'smt' | 'msg',
    private readonly shm: TeeShm | undefined,
  ) {}

  /** The transport's probe: CAPABILITIES on a short-lived REE_KERNEL session. */
  static capabilities(client: OpteeClient): number | ScmiOpteeError {
    const open = client.openSession(PTA_SCMI_UUID, LOGIN.REE_KERNEL);
    if (!open || open.rc || open.ret !== TEE.SUCCESS)
      return { error: 'tee_client_open_session failed', ret: open?.ret ?? TEE.ERROR_BUSY };
    const r = client.invoke(open.session, PTA_SCMI_CMD.CAPABILITIES, [value('out')]);
    client.closeSession(open.session);
    if (!r || r.rc || r.ret !== TEE.SUCCESS)
      return { error: 'PTA capabilities failed', ret: r?.ret ?? TEE.ERROR_BUSY };
    const p = r.params[0]!;
    return p.kind === 'value' ? Number(p.a) : 0;
  }

  /**
   * Opens a channel. `static` = the node has `shmem` (SMT in that buffer, PROCESS_SMT_CHANNEL);
   * otherwise a dynamic buffer of `msgSize` bytes with MSG headers (PROCESS_MSG_CHANNEL).
   */
  static open(
    client: OpteeClient,
    channelId: number,
    shape: { static: true } | { static: false; msgSize: number },
  ): ScmiOpteeChannel | ScmiOpteeError {
    const open = client.openSession(PTA_SCMI_UUID, LOGIN.REE_KERNEL);
    if (!open || open.rc || open.ret !== TEE.SUCCESS)
      return { error: 'tee_client_open_session failed', ret: open?.ret ?? TEE.ERROR_BUSY };
    const caps = shape.static ? PTA_SCMI_CAPS.SMT_HEADER : PTA_SCMI_CAPS.MSG_HEADER;
    const r = client.invoke(open.session, PTA_SCMI_CMD.GET_CHANNEL_HANDLE, [
      value('inout', BigInt(channelId), BigInt(caps)),
    ]);
    if (!r || r.rc || r.ret !== TEE.SUCCESS) {
      client.closeSession(open.session);
      return { error: `Can't get channel ${channelId}`, ret: r?.ret ?? TEE.ERROR_BUSY };
    }
    const p = r.params[0]!;
    const handle = p.kind === 'value' ? Number(p.a) : channelId;
    let shm: TeeShm | undefined;
    if (!shape.static) {
      shm = client.calls.allocShm(shape.msgSize);
      if (!shm) {
        client.closeSession(open.session);
        return { error: 'tee_shm_alloc_kernel_buf failed', ret: TEE.ERROR_OUT_OF_MEMORY };
      }
    }
    return new ScmiOpteeChannel(client, open.session, handle, shape.static ? 'smt' : 'msg', shm);
  }

  /** SMT: the agent has written the request in the static shmem; OP-TEE processes it in place. */
  processSmt(): number | ScmiOpteeError {
    const r = this.client.invoke(this.session, PTA_SCMI_CMD.PROCESS_SMT_CHANNEL, [
      value('in', BigInt(this.handle)),
    ]);
    if (!r) return { error: 'call did not complete', ret: TEE.ERROR_BUSY };
    if (r.rc || r.ret !== TEE.SUCCESS) return { error: 'Failed on invoke', ret: r.ret };
    return TEE.SUCCESS;
  }

  /** MSG: request = header + payload; returns header + status + data. */
  processMsg(request: Uint8Array): Uint8Array | ScmiOpteeError {
    const shm = this.shm!;
    const mem = this.client.calls.options.memory;
    if (request.length > shm.size)
      return { error: 'request larger than the channel buffer', ret: TEE.ERROR_BAD_PARAMETERS };
    mem.write(shm.pa, request);
    const r = this.client.invoke(this.session, PTA_SCMI_CMD.PROCESS_MSG_CHANNEL, [
      value('in', BigInt(this.handle)),
      memref('in', shm, request.length),
      memref('out', shm, shm.size),
    ]);
    if (!r) return { error: 'call did not complete', ret: TEE.ERROR_BUSY };
    if (r.rc || r.ret !== TEE.SUCCESS) return { error: 'Failed on invoke', ret: r.ret };
    const out = r.params[2]!;
    const n = out.kind === 'memref' ? out.size : 0;
    const bytes = mem.read(shm.pa, n);
    return bytes instanceof Uint8Array
      ? bytes
      : { error: `response unreadable at ${hex(shm.pa)}`, ret: TEE.ERROR_COMMUNICATION };
  }

  close(): void {
    if (this.shm) this.client.calls.freeShm(this.shm);
    this.client.closeSession(this.session);
  }

  static isError = isError;
}
