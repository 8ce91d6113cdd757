import { hex } from '../core/trace.js';
import { encodeMsgRequest } from '../scmi/msg.js';
import { u32At } from '../scmi/payload.js';
import { resolveShmem, SmtAgentArea } from './shmem.js';
import { scmiRoot } from './smc.js';
import type { ChannelRequest, ScmiChannel, ScmiTransport, SetupResult, TransportEnv } from './transport.js';

export const TEE_LOGIN_REE_KERNEL = 0x8000_0000;
export const PTA_SCMI_CAPS = { SMT_HEADER: 1, MSG_HEADER: 2 } as const;

/**
 * What the SCMI transport needs from Linux's OP-TEE driver: whether it is up, and a session to the
 * SCMI PTA with its commands. Results are TEE result codes (0 = success). The OP-TEE model's Linux
 * driver implements this; tests use a small fake over the firmware.
 */
export interface OpteeScmiClient {
  /**
   * 'ready' once the OP-TEE driver probed and enumerated the PTA; 'pending' while it may still;
   * 'unavailable' when it never will (no enabled `linaro,optee-tz` node, or OP-TEE not running).
   */
  state(): { kind: 'ready' } | { kind: 'pending' } | { kind: 'unavailable'; why: string };
  openSession(login: number): { ret: number; session: number };
  capabilities(session: number): { ret: number; caps: number };
  getChannel(session: number, channelId: number, caps: number): { ret: number; handle: number };
  processSmtChannel(session: number, handle: number): number;
  processMsgChannel(
    session: number,
    handle: number,
    request: Uint8Array,
    outSize: number,
  ): { ret: number; response?: Uint8Array };
}

/**
 * `linaro,scmi-optee` (Linux `transports/optee.c`): a channel is a PTA session plus a channel
 * handle. With `shmem` the message goes through the static SMT area and PROCESS_SMT_CHANNEL;
 * without it through a dynamic buffer in the MSG format and PROCESS_MSG_CHANNEL. Completion is on
 * return (polling mode, synchronous). Setup defers until the OP-TEE driver is up; if OP-TEE will
 * never come, it defers forever and says why.
 */
export function opteeTransport(env: TransportEnv, optee: OpteeScmiClient): ScmiTransport {
  const limits = { maxMsgSize: 104, maxMsg: 20, maxRxTimeoutMs: 30, syncCmdsCompletedOnRet: true };
  return {
    name: 'optee',
    compatible: ['linaro,scmi-optee'],
    limits,
    available: (node, tx) => tx && node.flag('linaro,optee-channel-id'),
    setup: (request) => setupOptee(env, optee, request, limits.maxMsgSize),
  };
}

function setupOptee(
  env: TransportEnv,
  optee: OpteeScmiClient,
  req: ChannelRequest,
  maxMsgSize: number,
): SetupResult {
  const { node, tx } = req;
  if (!tx) return { kind: 'error', errno: '-ENODEV', reason: 'the OP-TEE transport has no rx channel' };
  const state = optee.state();
  if (state.kind === 'pending') return { kind: 'defer', reason: 'OP-TEE SCMI PTA not enumerated yet' };
  if (state.kind === 'unavailable') return { kind: 'defer', reason: `OP-TEE will not come up: ${state.why}` };
  const channelId = node.u32('linaro,optee-channel-id') ?? scmiRoot(node).u32('linaro,optee-channel-id');
  if (channelId === undefined)
    return { kind: 'error', errno: '-EINVAL', reason: "missing 'linaro,optee-channel-id'" };
  const open = optee.openSession(TEE_LOGIN_REE_KERNEL);
  if (open.ret !== 0)
    return { kind: 'error', errno: '-EINVAL', reason: `PTA open session failed (${hex(open.ret)})` };
  const session = open.session;
  const isSmt = node.flag('shmem');
  const caps = isSmt ? PTA_SCMI_CAPS.SMT_HEADER : PTA_SCMI_CAPS.MSG_HEADER;
  const got = optee.getChannel(session, channelId, caps);
  if (got.ret !== 0)
    return {
      kind: 'error',
      errno: '-EOPNOTSUPP',
      reason: `PTA GET_CHANNEL ${channelId} (caps ${caps}) failed (${hex(got.ret)})`,
    };
  const handle = got.handle;
  env.trace.emit('scmi', node.path, `optee channel ${channelId} ready (${isSmt ? 'SMT' : 'MSG'})`, {
    channel: channelId,
    handle,
    session,
  });
  if (isSmt) {
    const area = resolveShmem(node, 0);
    if ('error' in area) return { kind: 'error', errno: '-EINVAL', reason: area.error };
    const smt = new SmtAgentArea(area, env.mem, env.trace, node.path);
    const channel: ScmiChannel = {
      owner: node.path,
      polling: true,
      send(xfer) {
        if (!smt.txPrepare(xfer, true)) return '-EIO';
        const ret = optee.processSmtChannel(session, handle);
        return ret === 0 ? undefined : '-EIO';
      },
      fetchResponse: (xfer) => smt.fetchResponse(xfer),
      poll: (xfer) => smt.pollDone(xfer),
    };
    return { kind: 'ok', channel };
  }
  // MSG: one dynamic buffer per channel; the response replaces the request.
  let response: Uint8Array | undefined;
  const channel: ScmiChannel = {
    owner: node.path,
    polling: true,
    send(xfer) {
      response = undefined;
      const r = optee.processMsgChannel(
        session,
        handle,
        encodeMsgRequest(xfer.header, xfer.tx),
        maxMsgSize + 8,
      );
      if (r.ret !== 0) return '-EIO';
      response = r.response;
      return undefined;
    },
    fetchResponse(xfer) {
      // Linux `msg_fetch_response`: status after the header, data after the status.
      const r = response;
      if (!r || r.length < 8) {
        xfer.status = -10;
        xfer.rx = new Uint8Array(0);
        return;
      }
      xfer.status = u32At(r, 4) | 0;
      xfer.rx = r.slice(8, 8 + Math.min(xfer.rxLen, r.length - 8));
    },
    poll: (xfer) => response !== undefined && u32At(response, 0) === xfer.header,
  };
  return { kind: 'ok', channel };
}
