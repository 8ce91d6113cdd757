import { PROTOCOL, STATUS } from '../constants.js';
import { u32At } from '../payload.js';
import { defineProtocol, fail, ok, resource } from '../protocol.js';

/**
 * Reset domain protocol (0x16), v1.0 as scmi-msg implements it: attributes (async support,
 * latency, name), RESET with autonomous / explicit assert / deassert, and RESET_NOTIFY (accepted,
 * never fires). Only the architectural cold reset (reset_state 0) is supported.
 */
export const RESET_MSG = { ATTRIBUTES: 0x3, RESET: 0x4, NOTIFY: 0x5 } as const;
export const RESET_FLAGS = { AUTONOMOUS: 1, EXPLICIT_ASSERT: 2, ASYNC: 4 } as const;

export default defineProtocol({
  id: PROTOCOL.RESET,
  name: 'reset',
  version: 0x10000,
  offered: (config) => (config.resets?.length ?? 0) > 0,
  attributes: (ctx) => [ctx.state.resets.length & 0xffff],
  messages: {
    [RESET_MSG.ATTRIBUTES]: {
      name: 'RESET_DOMAIN_ATTRIBUTES',
      size: 4,
      handle(ctx, req) {
        const r = resource(ctx.state.resets, u32At(req, 0));
        if (!r) return fail(STATUS.NOT_FOUND);
        return ok((w) =>
          w
            .u32(r.async ? 1 << 31 : 0)
            .u32(r.latencyUs)
            .name(r.name),
        );
      },
    },
    [RESET_MSG.RESET]: {
      name: 'RESET',
      size: 12,
      handle(ctx, req) {
        const id = u32At(req, 0);
        const r = resource(ctx.state.resets, id);
        if (!r) return fail(STATUS.NOT_FOUND);
        const flags = u32At(req, 4);
        const state = u32At(req, 8);
        if (flags & ~0x7) return fail(STATUS.INVALID_PARAMETERS);
        if (flags & RESET_FLAGS.ASYNC && !r.async) return fail(STATUS.NOT_SUPPORTED);
        // Bit 31 set: architectural state; only cold reset (0) is defined.
        if (state !== 0) return fail(STATUS.INVALID_PARAMETERS);
        if (flags & RESET_FLAGS.AUTONOMOUS) {
          r.asserted = false;
          r.cycles++;
          ctx.note('reset cycled', { reset: id, name: r.name });
        } else {
          r.asserted = (flags & RESET_FLAGS.EXPLICIT_ASSERT) !== 0;
          ctx.note(r.asserted ? 'reset asserted' : 'reset deasserted', { reset: id, name: r.name });
        }
        return ok();
      },
    },
    [RESET_MSG.NOTIFY]: {
      name: 'RESET_NOTIFY',
      size: 8,
      handle(ctx, req) {
        if (!resource(ctx.state.resets, u32At(req, 0))) return fail(STATUS.NOT_FOUND);
        if (u32At(req, 4) & ~1) return fail(STATUS.INVALID_PARAMETERS);
        return ok();
      },
    },
  },
});
