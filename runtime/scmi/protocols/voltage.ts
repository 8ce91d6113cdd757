import { PROTOCOL, STATUS } from '../constants.js';
import { i32At, u32At } from '../payload.js';
import { defineProtocol, fail, fitting, ok, resource } from '../protocol.js';

/**
 * Voltage domain protocol (0x17), v1.0 as scmi-msg implements it: attributes and name, levels as
 * a list of signed µV values, architectural on/off config, synchronous level set/get.
 */
export const VOLTAGE_MSG = {
  ATTRIBUTES: 0x3,
  DESCRIBE_LEVELS: 0x4,
  CONFIG_SET: 0x5,
  CONFIG_GET: 0x6,
  LEVEL_SET: 0x7,
  LEVEL_GET: 0x8,
} as const;
export const VOLTAGE_CONFIG = { OFF: 0x0, ON: 0x7 } as const;

export default defineProtocol({
  id: PROTOCOL.VOLTAGE,
  name: 'voltage',
  version: 0x10000,
  offered: (config) => (config.voltageDomains?.length ?? 0) > 0,
  attributes: (ctx) => [ctx.state.voltages.length & 0xffff],
  messages: {
    [VOLTAGE_MSG.ATTRIBUTES]: {
      name: 'VOLTAGE_DOMAIN_ATTRIBUTES',
      size: 4,
      handle(ctx, req) {
        const v = resource(ctx.state.voltages, u32At(req, 0));
        if (!v) return fail(STATUS.NOT_FOUND);
        return ok((w) => w.u32(0).name(v.name));
      },
    },
    [VOLTAGE_MSG.DESCRIBE_LEVELS]: {
      name: 'VOLTAGE_DESCRIBE_LEVELS',
      size: 8,
      handle(ctx, req) {
        const v = resource(ctx.state.voltages, u32At(req, 0));
        if (!v) return fail(STATUS.NOT_FOUND);
        const index = u32At(req, 4);
        if (index >= v.levels.length && !(index === 0 && v.levels.length === 0))
          return fail(STATUS.OUT_OF_RANGE);
        const n = fitting(ctx.maxResponse, 4, 4, v.levels.length - index);
        const remaining = v.levels.length - index - n;
        return ok((w) => {
          w.u32(((remaining & 0xffff) << 16) | (n & 0xfff));
          for (const l of v.levels.slice(index, index + n)) w.i32(l);
        });
      },
    },
    [VOLTAGE_MSG.CONFIG_SET]: {
      name: 'VOLTAGE_CONFIG_SET',
      size: 8,
      handle(ctx, req) {
        const id = u32At(req, 0);
        const v = resource(ctx.state.voltages, id);
        if (!v) return fail(STATUS.NOT_FOUND);
        const config = u32At(req, 4);
        if (config !== VOLTAGE_CONFIG.OFF && config !== VOLTAGE_CONFIG.ON)
          return fail(STATUS.INVALID_PARAMETERS);
        v.on = config === VOLTAGE_CONFIG.ON;
        ctx.note(v.on ? 'voltage domain on' : 'voltage domain off', { domain: id, name: v.name });
        return ok();
      },
    },
    [VOLTAGE_MSG.CONFIG_GET]: {
      name: 'VOLTAGE_CONFIG_GET',
      size: 4,
      handle(ctx, req) {
        const v = resource(ctx.state.voltages, u32At(req, 0));
        if (!v) return fail(STATUS.NOT_FOUND);
        return ok((w) => w.u32(v.on ? VOLTAGE_CONFIG.ON : VOLTAGE_CONFIG.OFF));
      },
    },
    [VOLTAGE_MSG.LEVEL_SET]: {
      name: 'VOLTAGE_LEVEL_SET',
      size: 12,
      handle(ctx, req) {
        const id = u32At(req, 0);
        const v = resource(ctx.state.voltages, id);
        if (!v) return fail(STATUS.NOT_FOUND);
        const flags = u32At(req, 4);
        if (flags & ~1) return fail(STATUS.INVALID_PARAMETERS);
        if (flags & 1) return fail(STATUS.NOT_SUPPORTED);
        const level = i32At(req, 8);
        if (!v.levels.includes(level)) return fail(STATUS.OUT_OF_RANGE);
        v.level = level;
        ctx.note('voltage level set', { domain: id, microvolt: level });
        return ok();
      },
    },
    [VOLTAGE_MSG.LEVEL_GET]: {
      name: 'VOLTAGE_LEVEL_GET',
      size: 4,
      handle(ctx, req) {
        const v = resource(ctx.state.voltages, u32At(req, 0));
        if (!v) return fail(STATUS.NOT_FOUND);
        return ok((w) => w.i32(v.level));
      },
    },
  },
});
