import type { ProtocolDef } from '../protocol.js';
import base from './base.js';
import clock from './clock.js';
import perf from './perf.js';
import powerDomain from './power-domain.js';
import reset from './reset.js';
import sensor from './sensor.js';
import systemPower from './system-power.js';
import voltage from './voltage.js';

/** Every protocol the server implements, by id; a test keeps this list and the folder in step. */
export const PROTOCOLS: readonly ProtocolDef[] = [
  base,
  powerDomain,
  systemPower,
  perf,
  clock,
  sensor,
  reset,
  voltage,
];

export const PROTOCOL_BY_ID: ReadonlyMap<number, ProtocolDef> = new Map(PROTOCOLS.map((p) => [p.id, p]));
