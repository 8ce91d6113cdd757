import type { Trace } from '../../core/trace.js';
import { COMMON_MSG, PROTOCOL, protocolName } from '../../scmi/constants.js';
import { nameAt, putU32, u32At, u64At } from '../../scmi/payload.js';
import type { Task } from './task.js';
import type { CoreChannel, XferResult } from './xfer.js';

/** What a Linux protocol driver learned at init (`scmi_*_protocol_init`). */
export interface ProtocolInfo {
  id: number;
  node: string;
  version: number;
  /** Resource names by id (clocks, reset domains, power domains, perf domains, sensors, voltage domains). */
  names: string[];
  /** Clock rates / perf levels / voltage levels per resource, as described. */
  levels: number[][];
  /** Per-resource failures during enumeration (Linux keeps going). */
  errors: string[];
}

export function words(...values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  for (const [i, v] of values.entries()) putU32(out, i * 4, v);
  return out;
}

/** PROTOCOL_VERSION + PROTOCOL_ATTRIBUTES, then the protocol's own enumeration. */
export function* initProtocol(
  ch: CoreChannel,
  id: number,
  node: string,
  trace: Trace,
): Task<ProtocolInfo | string> {
  const v = yield* ch.xfer(id, COMMON_MSG.PROTOCOL_VERSION, words(), 4);
  if (!v.ok) return v.errno;
  const version = v.rx.length >= 4 ? u32At(v.rx, 0) : 0;
  const a = yield* ch.xfer(id, COMMON_MSG.PROTOCOL_ATTRIBUTES, words(), 16);
  if (!a.ok) return a.errno;
  const attributes = a.rx.length >= 4 ? u32At(a.rx, 0) : 0;
  const info: ProtocolInfo = { id, node, version, names: [], levels: [], errors: [] };
  const count = id === PROTOCOL.SYSTEM_POWER ? 0 : attributes & 0xffff;
  for (let i = 0; i < count; i++) {
    const r = yield* describe(ch, id, i);
    if (typeof r === 'string') {
      info.errors.push(`${i}: ${r}`);
      info.names.push('');
      info.levels.push([]);
      continue;
    }
    info.names.push(r.name);
    info.levels.push(r.levels);
  }
  if (id === PROTOCOL.SENSOR) {
    const s = yield* sensors(ch, count);
    if (typeof s === 'string') info.errors.push(s);
    else info.names = s;
  }
  trace.emit(
    'probe',
    node,
    `SCMI ${protocolName(id)} v${version >>> 16}.${version & 0xffff}: ${count} resource(s)`,
    {
      protocol: id,
      version,
      count,
    },
  );
  return info;
}

/** Attributes (name) and levels of resource `i`. */
function* describe(
  ch: CoreChannel,
  id: number,
  i: number,
): Task<{ name: string; levels: number[] } | string> {
  switch (id) {
    case PROTOCOL.CLOCK: {
      const a = yield* ch.xfer(id, 0x3, words(i), 20);
      if (!a.ok) return a.errno;
      const levels = yield* multipart(ch, id, 0x4, i, 8, (rx, off) => Number(u64At(rx, off)), true);
      return typeof levels === 'string' ? levels : { name: nameAt(a.rx, 4), levels };
    }
    case PROTOCOL.PERF: {
      const a = yield* ch.xfer(id, 0x3, words(i), 32);
      if (!a.ok) return a.errno;
      const levels = yield* multipart(ch, id, 0x4, i, 12, (rx, off) => u32At(rx, off), false);
      return typeof levels === 'string' ? levels : { name: nameAt(a.rx, 16), levels };
    }
    case PROTOCOL.VOLTAGE: {
      const a = yield* ch.xfer(id, 0x3, words(i), 20);
      if (!a.ok) return a.errno;
      const levels = yield* multipart(ch, id, 0x4, i, 4, (rx, off) => u32At(rx, off) | 0, false);
      return typeof levels === 'string' ? levels : { name: nameAt(a.rx, 4), levels };
    }
    case PROTOCOL.RESET: {
      const a = yield* ch.xfer(id, 0x3, words(i), 24);
      return a.ok ? { name: nameAt(a.rx, 8), levels: [] } : a.errno;
    }
    case PROTOCOL.POWER_DOMAIN: {
      const a = yield* ch.xfer(id, 0x3, words(i), 20);
      return a.ok ? { name: nameAt(a.rx, 4), levels: [] } : a.errno;
    }
    default:
      return { name: '', levels: [] };
  }
}

/**
 * Linux's describe iterators: ask from index 0, read `returned` entries and `remaining`, ask again
 * from the next index until nothing remains. Clock ranges (format bit 12) come as one triplet.
 */
function* multipart(
  ch: CoreChannel,
  id: number,
  msg: number,
  resource: number,
  entry: number,
  read: (rx: Uint8Array, off: number) => number,
  clockFormat: boolean,
): Task<number[] | string> {
  const out: number[] = [];
  for (let guard = 0; guard < 256; guard++) {
    const r: XferResult = yield* ch.xfer(id, msg, words(resource, out.length), 100);
    if (!r.ok) return r.errno;
    if (r.rx.length < 4) return '-EPROTO';
    const flags = u32At(r.rx, 0);
    const returned = flags & 0xfff;
    const remaining = flags >>> 16;
    if (clockFormat && flags & (1 << 12)) {
      for (let k = 0; k < 3 && 4 + (k + 1) * 8 <= r.rx.length; k++) out.push(read(r.rx, 4 + k * 8));
      return out;
    }
    if (4 + returned * entry > r.rx.length) return '-EPROTO';
    for (let k = 0; k < returned; k++) out.push(read(r.rx, 4 + k * entry));
    if (remaining === 0 || returned === 0) return out;
  }
  return out;
}

function* sensors(ch: CoreChannel, count: number): Task<string[] | string> {
  const names: string[] = [];
  while (names.length < count) {
    const r = yield* ch.xfer(PROTOCOL.SENSOR, 0x3, words(names.length), 100);
    if (!r.ok) return r.errno;
    const returned = r.rx.length >= 4 ? u32At(r.rx, 0) & 0xfff : 0;
    if (returned === 0) break;
    for (let k = 0; k < returned && 4 + (k + 1) * 28 <= r.rx.length; k++)
      names.push(nameAt(r.rx, 4 + k * 28 + 12));
  }
  return names;
}
