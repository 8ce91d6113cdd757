import { PROTOCOL, STATUS } from '../constants.js';
import { u32At } from '../payload.js';
import { defineProtocol, fail, ok } from '../protocol.js';

/**
 * System power protocol (0x12), v1.0: the agent asks for shutdown, cold/warm reset or suspend;
 * the model records the request (the board's scenario decides what happens next).
 */
export const SYSTEM_MSG = { STATE_SET: 0x3, STATE_NOTIFY: 0x5 } as const;
export const SYSTEM_STATE = { SHUTDOWN: 0, COLD_RESET: 1, WARM_RESET: 2, POWER_UP: 3, SUSPEND: 4 } as const;
const STATE_NAMES = ['shutdown', 'cold reset', 'warm reset', 'power up', 'suspend'];

export default defineProtocol({
  id: PROTOCOL.SYSTEM_POWER,
  name: 'system-power',
  version: 0x10000,
  offered: (config) => config.systemPower === true,
  // Warm reset and suspend supported.
  attributes: () => [0xc000_0000],
  messages: {
    [SYSTEM_MSG.STATE_SET]: {
      name: 'SYSTEM_POWER_STATE_SET',
      size: 8,
      handle(ctx, req) {
        const flags = u32At(req, 0);
        const state = u32At(req, 4);
        if (flags & ~1) return fail(STATUS.INVALID_PARAMETERS);
        // 0x80000000.. is vendor space, which this platform does not define.
        if (state > SYSTEM_STATE.SUSPEND) return fail(STATUS.INVALID_PARAMETERS);
        ctx.state.system.requested = state;
        ctx.note(`system ${STATE_NAMES[state]} requested`, { state, graceful: (flags & 1) === 1 });
        return ok();
      },
    },
    [SYSTEM_MSG.STATE_NOTIFY]: {
      name: 'SYSTEM_POWER_STATE_NOTIFY',
      size: 4,
      handle(_ctx, req) {
        if (u32At(req, 0) & ~1) return fail(STATUS.INVALID_PARAMETERS);
        return ok();
      },
    },
  },
});
