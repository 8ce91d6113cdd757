import { PROTOCOL, STATUS } from '../constants.js';
import { u32At } from '../payload.js';
import { defineProtocol, fail, fitting, ok } from '../protocol.js';

/**
 * Base protocol (0x10), v2.0 as optee_os/TF-A scmi-msg and SCP-firmware report it: vendor strings,
 * implementation version, protocol list (skip index, bytes padded to a word) and, when the profile
 * enables it, agent discovery.
 */
export const BASE_MSG = {
  DISCOVER_VENDOR: 0x3,
  DISCOVER_SUB_VENDOR: 0x4,
  DISCOVER_IMPLEMENTATION_VERSION: 0x5,
  DISCOVER_LIST_PROTOCOLS: 0x6,
  DISCOVER_AGENT: 0x7,
  NOTIFY_ERRORS: 0x8,
} as const;

export default defineProtocol({
  id: PROTOCOL.BASE,
  name: 'base',
  version: 0x20000,
  offered: () => true,
  attributes: (ctx) => [((ctx.config.agents.length & 0xff) << 8) | (ctx.offered.length & 0xff)],
  messages: {
    [BASE_MSG.DISCOVER_VENDOR]: {
      name: 'DISCOVER_VENDOR',
      size: 0,
      handle: (ctx) => ok((w) => w.name(ctx.config.vendor ?? 'dtpc')),
    },
    [BASE_MSG.DISCOVER_SUB_VENDOR]: {
      name: 'DISCOVER_SUB_VENDOR',
      size: 0,
      handle: (ctx) => ok((w) => w.name(ctx.config.subVendor ?? 'runtime')),
    },
    [BASE_MSG.DISCOVER_IMPLEMENTATION_VERSION]: {
      name: 'DISCOVER_IMPLEMENTATION_VERSION',
      size: 0,
      handle: (ctx) => ok((w) => w.u32(ctx.config.implementationVersion ?? 0)),
    },
    [BASE_MSG.DISCOVER_LIST_PROTOCOLS]: {
      name: 'DISCOVER_LIST_PROTOCOLS',
      size: 4,
      handle(ctx, req) {
        const skip = u32At(req, 0);
        if (skip > ctx.offered.length) return fail(STATUS.INVALID_PARAMETERS);
        // As many ids as fit after the count word, whole words only.
        const room = Math.floor((ctx.maxResponse - 4) / 4) * 4;
        const n = fitting(room, 0, 1, ctx.offered.length - skip);
        const list = ctx.offered.slice(skip, skip + n);
        return ok((w) => w.u32(list.length).u8s(list).pad4());
      },
    },
    [BASE_MSG.DISCOVER_AGENT]: {
      name: 'DISCOVER_AGENT',
      size: 4,
      available: (config) => config.discoverAgent !== false,
      handle(ctx, req) {
        const requested = u32At(req, 0);
        // 0xffffffff: the calling agent itself (SCMI v3.0).
        const id = requested === 0xffff_ffff ? ctx.agent : requested;
        if (id === 0) return ok((w) => w.u32(0).name('platform'));
        const agent = ctx.config.agents.find((a) => a.id === id);
        if (!agent) return fail(STATUS.NOT_FOUND);
        return ok((w) => w.u32(agent.id).name(agent.name));
      },
    },
    [BASE_MSG.NOTIFY_ERRORS]: {
      name: 'NOTIFY_ERRORS',
      size: 4,
      handle(_ctx, req) {
        if (u32At(req, 0) & ~1) return fail(STATUS.INVALID_PARAMETERS);
        return ok();
      },
    },
  },
});
