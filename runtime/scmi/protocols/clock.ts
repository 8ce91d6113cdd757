import { PROTOCOL, STATUS } from '../constants.js';
import { u32At } from '../payload.js';
import { defineProtocol, fail, fitting, ok, resource } from '../protocol.js';
import { type ClockState, rateSupported } from '../state.js';

/**
 * Clock protocol (0x14), v2.0 as scmi-msg implements it (messages 0x3-0x7): attributes with the
 * enabled bit and name, rates described as a list (split over several replies when they do not
 * fit) or a min/max/step triplet, rate get/set (synchronous only) and enable/disable.
 */
export const CLOCK_MSG = {
  ATTRIBUTES: 0x3,
  DESCRIBE_RATES: 0x4,
  RATE_SET: 0x5,
  RATE_GET: 0x6,
  CONFIG_SET: 0x7,
} as const;

export const RATE_SET_FLAGS = { ASYNC: 1, IGNORE_DELAYED: 2, ROUND_UP: 4, ROUND_AUTO: 8 } as const;

/** The rate the clock settles on for a request, following the rounding flags; undefined if none fits. */
function settle(clock: ClockState, rate: number, flags: number): number | undefined {
  if (rateSupported(clock.rates, rate)) return rate;
  const candidates =
    clock.rates.kind === 'list'
      ? [...clock.rates.rates].sort((a, b) => a - b)
      : rangeNeighbours(clock.rates.min, clock.rates.max, clock.rates.step, rate);
  const below = candidates.filter((r) => r <= rate).at(-1);
  const above = candidates.find((r) => r >= rate);
  if (flags & RATE_SET_FLAGS.ROUND_AUTO) {
    if (below === undefined) return above;
    if (above === undefined) return below;
    return rate - below <= above - rate ? below : above;
  }
  return flags & RATE_SET_FLAGS.ROUND_UP ? above : below;
}

function rangeNeighbours(min: number, max: number, step: number, rate: number): number[] {
  if (rate < min || rate > max) return [];
  if (step === 0) return [rate];
  const k = Math.floor((rate - min) / step);
  return [min + k * step, Math.min(max, min + (k + 1) * step)];
}

export default defineProtocol({
  id: PROTOCOL.CLOCK,
  name: 'clock',
  version: 0x20000,
  offered: (config) => (config.clocks?.length ?? 0) > 0,
  attributes: (ctx) => [ctx.state.clocks.length & 0xffff],
  messages: {
    [CLOCK_MSG.ATTRIBUTES]: {
      name: 'CLOCK_ATTRIBUTES',
      size: 4,
      handle(ctx, req) {
        const clock = resource(ctx.state.clocks, u32At(req, 0));
        if (!clock) return fail(STATUS.NOT_FOUND);
        return ok((w) => w.u32(clock.enabled ? 1 : 0).name(clock.name));
      },
    },
    [CLOCK_MSG.DESCRIBE_RATES]: {
      name: 'CLOCK_DESCRIBE_RATES',
      size: 8,
      handle(ctx, req) {
        const clock = resource(ctx.state.clocks, u32At(req, 0));
        if (!clock) return fail(STATUS.NOT_FOUND);
        const index = u32At(req, 4);
        const rates = clock.rates;
        if (rates.kind === 'range') {
          if (index !== 0) return fail(STATUS.OUT_OF_RANGE);
          return ok((w) => {
            w.u32((1 << 12) | 3);
            for (const r of [rates.min, rates.max, rates.step]) w.u64(BigInt(r));
          });
        }
        if (index > rates.rates.length || (index === rates.rates.length && index !== 0))
          return fail(STATUS.OUT_OF_RANGE);
        const n = fitting(ctx.maxResponse, 4, 8, rates.rates.length - index);
        const remaining = rates.rates.length - index - n;
        return ok((w) => {
          w.u32(((remaining & 0xffff) << 16) | (n & 0xfff));
          for (const r of rates.rates.slice(index, index + n)) w.u64(BigInt(r));
        });
      },
    },
    [CLOCK_MSG.RATE_SET]: {
      name: 'CLOCK_RATE_SET',
      size: 16,
      handle(ctx, req) {
        const flags = u32At(req, 0);
        const clock = resource(ctx.state.clocks, u32At(req, 4));
        if (!clock) return fail(STATUS.NOT_FOUND);
        if (flags & ~0xf) return fail(STATUS.INVALID_PARAMETERS);
        if (flags & RATE_SET_FLAGS.ASYNC) return fail(STATUS.NOT_SUPPORTED);
        const requested = Number((BigInt(u32At(req, 12)) << 32n) | BigInt(u32At(req, 8)));
        const rate = settle(clock, requested, flags);
        if (rate === undefined) return fail(STATUS.OUT_OF_RANGE);
        const id = u32At(req, 4);
        clock.rate = rate;
        ctx.note('clock rate set', { clock: id, name: clock.name, rate });
        return ok();
      },
    },
    [CLOCK_MSG.RATE_GET]: {
      name: 'CLOCK_RATE_GET',
      size: 4,
      handle(ctx, req) {
        const clock = resource(ctx.state.clocks, u32At(req, 0));
        if (!clock) return fail(STATUS.NOT_FOUND);
        return ok((w) => w.u64n(clock.rate));
      },
    },
    [CLOCK_MSG.CONFIG_SET]: {
      name: 'CLOCK_CONFIG_SET',
      size: 8,
      handle(ctx, req) {
        const id = u32At(req, 0);
        const clock = resource(ctx.state.clocks, id);
        if (!clock) return fail(STATUS.NOT_FOUND);
        const attributes = u32At(req, 4);
        if (attributes & ~1) return fail(STATUS.INVALID_PARAMETERS);
        clock.enabled = (attributes & 1) === 1;
        ctx.note(clock.enabled ? 'clock enabled' : 'clock disabled', { clock: id, name: clock.name });
        return ok();
      },
    },
  },
});
