/**
 * In-kernel TEE client API (`tee_client_open_session` / `tee_client_invoke_func` /
 * `tee_client_close_session` over `optee_open_session` & co., `drivers/tee/optee/call.c`).
 */
import { bigFromNumber, u64ToNumber } from '../../core/words.js';
import { MSG_ATTR, MSG_CMD, TEE, uuidToOctets } from '../../optee/abi.js';
import { type MsgArg, type MsgParam, newMsgArg, octetsToValue } from '../../optee/msg-arg.js';
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
            a: bigFromNumber(p.offset),
            b: bigFromNumber(p.size),
            c: p.shm.cookie,
          };
        return {
          attr: MSG_ATTR.TMEM_INPUT + DIR_OFFSET[p.dir],
          a: p.shm ? p.shm.pa + bigFromNumber(p.offset) : 0n,
          b: bigFromNumber(p.size),
          c: p.shm?.cookie ?? 0n,
        };
    }
  }

  private fromMsg(p: TeeParam, m: MsgParam | undefined): TeeParam {
    if (!m || p.kind === 'none' || p.dir === 'in') return p;
    // Built field by field rather than spread: a spread copy per parameter showed in profiles.
    if (p.kind === 'value') return { kind: 'value', dir: p.dir, a: m.a, b: m.b, c: m.c };
    return { kind: 'memref', dir: p.dir, shm: p.shm, offset: p.offset, size: u64ToNumber(m.b) };
  }

  private fromMsgs(params: TeeParam[], msg: MsgParam[], skip: number): TeeParam[] {
    const out = new Array<TeeParam>(params.length);
    for (let i = 0; i < params.length; i++) out[i] = this.fromMsg(params[i]!, msg[i + skip]);
    return out;
  }

  private result(o: CallOutcome | undefined, params: TeeParam[], skip: number): TeeResult | undefined {
    if (!o) return undefined;
    if (o.a0 !== 0n) return { rc: -22, ret: TEE.ERROR_COMMUNICATION, origin: 2, session: 0, params }; // -EINVAL, COMMS
    return {
      rc: 0,
      ret: o.arg.ret,
      origin: o.arg.retOrigin,
      session: o.arg.session,
      params: this.fromMsgs(params, o.arg.params, skip),
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
    const msg = new Array<MsgParam>(params.length);
    for (let i = 0; i < params.length; i++) msg[i] = this.toMsg(params[i]!);
    const arg = newMsgArg(MSG_CMD.INVOKE_COMMAND, msg, { session, func });
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
