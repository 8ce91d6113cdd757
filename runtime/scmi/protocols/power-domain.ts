import { PROTOCOL, STATUS } from '../constants.js';
import { u32At } from '../payload.js';
import { defineProtocol, fail, ok, resource } from '../protocol.js';

/**
 * Power domain protocol (0x11), v2.0: attributes (synchronous state changes only), state set/get
 * with the two architectural states Linux's `scmi_pm_domain` uses (ON = 0, OFF = 0x40000000),
 * and state-change notification requests (accepted, never fired).
 */
export const POWER_MSG = { ATTRIBUTES: 0x3, STATE_SET: 0x4, STATE_GET: 0x5, STATE_NOTIFY: 0x6 } as const;
export const POWER_STATE = { ON: 0, OFF: 0x4000_0000 } as const;

export default defineProtocol({
  id: PROTOCOL.POWER_DOMAIN,
  name: 'power-domain',
  version: 0x20000,
  offered: (config) => (config.powerDomains?.length ?? 0) > 0,
  // num domains, then statistics address low/high and length (no statistics area).
  attributes: (ctx) => [ctx.state.powerDomains.length & 0xffff, 0, 0, 0],
  messages: {
    [POWER_MSG.ATTRIBUTES]: {
      name: 'POWER_DOMAIN_ATTRIBUTES',
      size: 4,
      handle(ctx, req) {
        const pd = resource(ctx.state.powerDomains, u32At(req, 0));
        if (!pd) return fail(STATUS.NOT_FOUND);
        return ok((w) => w.u32(1 << 29).name(pd.name));
      },
    },
    [POWER_MSG.STATE_SET]: {
      name: 'POWER_STATE_SET',
      size: 12,
      handle(ctx, req) {
        const flags = u32At(req, 0);
        const id = u32At(req, 4);
        const pd = resource(ctx.state.powerDomains, id);
        if (!pd) return fail(STATUS.NOT_FOUND);
        if (flags & ~1) return fail(STATUS.INVALID_PARAMETERS);
        if (flags & 1) return fail(STATUS.NOT_SUPPORTED);
        const state = u32At(req, 8);
        if (state !== POWER_STATE.ON && state !== POWER_STATE.OFF) return fail(STATUS.INVALID_PARAMETERS);
        pd.on = state === POWER_STATE.ON;
        ctx.note(pd.on ? 'power domain on' : 'power domain off', { domain: id, name: pd.name });
        return ok();
      },
    },
    [POWER_MSG.STATE_GET]: {
      name: 'POWER_STATE_GET',
      size: 4,
      handle(ctx, req) {
        const pd = resource(ctx.state.powerDomains, u32At(req, 0));
        if (!pd) return fail(STATUS.NOT_FOUND);
        return ok((w) => w.u32(pd.on ? POWER_STATE.ON : POWER_STATE.OFF));
      },
    },
    [POWER_MSG.STATE_NOTIFY]: {
      name: 'POWER_STATE_NOTIFY',
      size: 8,
      handle(ctx, req) {
        if (!resource(ctx.state.powerDomains, u32At(req, 0))) return fail(STATUS.NOT_FOUND);
        if (u32At(req, 4) & ~1) return fail(STATUS.INVALID_PARAMETERS);
        return ok();
      },
    },
  },
});
