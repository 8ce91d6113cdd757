import { PROTOCOL, STATUS } from '../constants.js';
import { u32At } from '../payload.js';
import { defineProtocol, fail, fitting, ok, resource } from '../protocol.js';

/**
 * Performance domain protocol (0x13), v2.0: domain attributes (limits and level may be set),
 * operating points described in as many replies as the channel needs, limits and level set/get.
 * Levels outside the domain's operating points or its current limits are OUT_OF_RANGE.
 */
export const PERF_MSG = {
  DOMAIN_ATTRIBUTES: 0x3,
  DESCRIBE_LEVELS: 0x4,
  LIMITS_SET: 0x5,
  LIMITS_GET: 0x6,
  LEVEL_SET: 0x7,
  LEVEL_GET: 0x8,
} as const;

export default defineProtocol({
  id: PROTOCOL.PERF,
  name: 'performance',
  version: 0x20000,
  offered: (config) => (config.perfDomains?.length ?? 0) > 0,
  attributes: (ctx) => [ctx.state.perf.length & 0xffff, 0, 0, 0],
  messages: {
    [PERF_MSG.DOMAIN_ATTRIBUTES]: {
      name: 'PERFORMANCE_DOMAIN_ATTRIBUTES',
      size: 4,
      handle(ctx, req) {
        const d = resource(ctx.state.perf, u32At(req, 0));
        if (!d) return fail(STATUS.NOT_FOUND);
        // bit 31 limits settable, bit 30 level settable; rate limit 0 µs.
        return ok((w) => w.u32(0xc000_0000).u32(0).u32(d.sustainedFreqKhz).u32(d.sustainedPerf).name(d.name));
      },
    },
    [PERF_MSG.DESCRIBE_LEVELS]: {
      name: 'PERFORMANCE_DESCRIBE_LEVELS',
      size: 8,
      handle(ctx, req) {
        const d = resource(ctx.state.perf, u32At(req, 0));
        if (!d) return fail(STATUS.NOT_FOUND);
        const index = u32At(req, 4);
        if (index >= d.levels.length && !(index === 0 && d.levels.length === 0))
          return fail(STATUS.OUT_OF_RANGE);
        const n = fitting(ctx.maxResponse, 4, 12, d.levels.length - index);
        const remaining = d.levels.length - index - n;
        return ok((w) => {
          w.u32(((remaining & 0xffff) << 16) | (n & 0xfff));
          for (const l of d.levels.slice(index, index + n))
            w.u32(l.perf)
              .u32(l.power)
              .u32(l.latencyUs & 0xffff);
        });
      },
    },
    [PERF_MSG.LIMITS_SET]: {
      name: 'PERFORMANCE_LIMITS_SET',
      size: 12,
      handle(ctx, req) {
        const id = u32At(req, 0);
        const d = resource(ctx.state.perf, id);
        if (!d) return fail(STATUS.NOT_FOUND);
        const max = u32At(req, 4);
        const min = u32At(req, 8);
        if (min > max) return fail(STATUS.INVALID_PARAMETERS);
        const perfs = d.levels.map((l) => l.perf);
        if (min < Math.min(...perfs) || max > Math.max(...perfs)) return fail(STATUS.OUT_OF_RANGE);
        d.min = min;
        d.max = max;
        d.level = Math.min(Math.max(d.level, min), max);
        ctx.note('perf limits set', { domain: id, min, max });
        return ok();
      },
    },
    [PERF_MSG.LIMITS_GET]: {
      name: 'PERFORMANCE_LIMITS_GET',
      size: 4,
      handle(ctx, req) {
        const d = resource(ctx.state.perf, u32At(req, 0));
        if (!d) return fail(STATUS.NOT_FOUND);
        return ok((w) => w.u32(d.max).u32(d.min));
      },
    },
    [PERF_MSG.LEVEL_SET]: {
      name: 'PERFORMANCE_LEVEL_SET',
      size: 8,
      handle(ctx, req) {
        const id = u32At(req, 0);
        const d = resource(ctx.state.perf, id);
        if (!d) return fail(STATUS.NOT_FOUND);
        const level = u32At(req, 4);
        if (!d.levels.some((l) => l.perf === level) || level < d.min || level > d.max)
          return fail(STATUS.OUT_OF_RANGE);
        d.level = level;
        ctx.note('perf level set', { domain: id, level });
        return ok();
      },
    },
    [PERF_MSG.LEVEL_GET]: {
      name: 'PERFORMANCE_LEVEL_GET',
      size: 4,
      handle(ctx, req) {
        const d = resource(ctx.state.perf, u32At(req, 0));
        if (!d) return fail(STATUS.NOT_FOUND);
        return ok((w) => w.u32(d.level));
      },
    },
  },
});
