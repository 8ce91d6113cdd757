import { STATUS } from './constants.js';
import type { ScmiFirmware } from './firmware.js';
import { serveMsg, serveMsgInto } from './msg.js';
import { putU32, u32At } from './payload.js';

/**
 * What OP-TEE's SCMI PTA needs from the server (the OP-TEE model's `ScmiPtaServer`, matched
 * structurally so neither side imports the other): the framings built in, the channel table, the
 * static SMT area of a channel, and one MSG-framed message at a time. The PTA does the SMT framing
 * itself, as optee_os's `scmi-msg/smt.c` sits beside the PTA.
 */
export interface OpteeScmiServer {
  readonly smt: boolean;
  readonly msg: boolean;
  hasChannel(channelId: number): boolean;
  smtBuffer(channelId: number): { base: bigint; size: number } | undefined;
  process(channelId: number, request: Uint8Array, maxResponse: number): Uint8Array;
  processInto(channelId: number, request: Uint8Array, into: Uint8Array, at: number, room: number): number;
}

export function opteeScmiServer(
  firmware: ScmiFirmware,
  options: { smt?: boolean; msg?: boolean } = {},
): OpteeScmiServer {
  return {
    smt: options.smt !== false,
    msg: options.msg !== false,
    hasChannel: (id) => firmware.channel(id) !== undefined,
    smtBuffer: (id) => firmware.channel(id)?.shmem,
    process(id, request, maxResponse) {
      const ch = firmware.channel(id);
      const outcome = ch ? serveMsg(firmware.server, ch, request, maxResponse) : undefined;
      if (outcome?.ok) return outcome.response;
      // A request the server cannot take is answered PROTOCOL_ERROR with the header echoed.
      const out = new Uint8Array(8);
      if (request.length >= 4) putU32(out, 0, u32At(request, 0));
      putU32(out, 4, STATUS.PROTOCOL_ERROR);
      return out;
    },
    processInto(id, request, into, at, room) {
      // `process` without its response array: the same bytes, written where the PTA wants them.
      const ch = firmware.channel(id);
      const n = ch ? serveMsgInto(firmware.server, ch, request, room, into, at) : undefined;
      if (typeof n === 'number') return n;
      if (room >= 8) {
        putU32(into, at, request.length >= 4 ? u32At(request, 0) : 0);
        putU32(into, at + 4, STATUS.PROTOCOL_ERROR);
      }
      return 8;
    },
  };
}
