import { PROTOCOL, STATUS } from '../constants.js';
import { u32At } from '../payload.js';
import { defineProtocol, fail, fitting, ok, resource } from '../protocol.js';

/**
 * Sensor protocol (0x15), v1.0: descriptors (id, attributes, name; several per reply), trip-point
 * notification requests (accepted, never fire) and synchronous readings.
 */
export const SENSOR_MSG = { DESCRIPTION_GET: 0x3, TRIP_POINT_NOTIFY: 0x4, READING_GET: 0x6 } as const;

export default defineProtocol({
  id: PROTOCOL.SENSOR,
  name: 'sensor',
  version: 0x10000,
  offered: (config) => (config.sensors?.length ?? 0) > 0,
  // num sensors, no asynchronous readings; no shared register area.
  attributes: (ctx) => [ctx.state.sensors.length & 0xffff, 0, 0, 0],
  messages: {
    [SENSOR_MSG.DESCRIPTION_GET]: {
      name: 'SENSOR_DESCRIPTION_GET',
      size: 4,
      handle(ctx, req) {
        const index = u32At(req, 0);
        const all = ctx.state.sensors;
        if (index >= all.length && !(index === 0 && all.length === 0)) return fail(STATUS.INVALID_PARAMETERS);
        const n = fitting(ctx.maxResponse, 4, 28, all.length - index);
        const remaining = all.length - index - n;
        return ok((w) => {
          w.u32(((remaining & 0xffff) << 16) | (n & 0xfff));
          for (let i = index; i < index + n; i++) {
            const s = all[i]!;
            w.u32(i)
              .u32(0)
              .u32(((s.scale & 0x1f) << 11) | (s.unit & 0xff))
              .name(s.name);
          }
        });
      },
    },
    [SENSOR_MSG.TRIP_POINT_NOTIFY]: {
      name: 'SENSOR_TRIP_POINT_NOTIFY',
      size: 8,
      handle(ctx, req) {
        if (!resource(ctx.state.sensors, u32At(req, 0))) return fail(STATUS.NOT_FOUND);
        if (u32At(req, 4) & ~1) return fail(STATUS.INVALID_PARAMETERS);
        return ok();
      },
    },
    [SENSOR_MSG.READING_GET]: {
      name: 'SENSOR_READING_GET',
      size: 8,
      handle(ctx, req) {
        const s = resource(ctx.state.sensors, u32At(req, 0));
        if (!s) return fail(STATUS.NOT_FOUND);
        const flags = u32At(req, 4);
        if (flags & ~1) return fail(STATUS.INVALID_PARAMETERS);
        if (flags & 1) return fail(STATUS.NOT_SUPPORTED);
        return ok((w) => w.u64(s.value));
      },
    },
  },
});
