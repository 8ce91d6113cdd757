/**
 * TF-A's runtime-service index (`rt_svc_descs_indices`): one slot per (call type, OEN), 128 in all,
 * filled from the services' declared ranges. A service whose range touches a filled slot is refused
 * as a whole, naming the owner, the way TF-A refuses a bad descriptor at boot.
 */
import type { CallType, SmcService } from '../core/smc.js';

export type Registration = { ok: true } | { ok: false; reason: string; conflictsWith?: string };

export function slotOf(type: CallType, oen: number): number {
  return ((type === 'fast' ? 1 : 0) << 6) | (oen & 0x3f);
}

export class DispatchTable {
  private readonly slots: (SmcService | undefined)[] = new Array(128).fill(undefined);
  private readonly services: SmcService[] = [];

  register(service: SmcService): Registration {
    const { oenStart, oenEnd, callTypes, name } = service;
    if (
      !Number.isInteger(oenStart) ||
      !Number.isInteger(oenEnd) ||
      oenStart < 0 ||
      oenEnd > 63 ||
      oenStart > oenEnd
    )
      return { ok: false, reason: `${name}: OEN range ${oenStart}-${oenEnd} is not within 0-63` };
    if (callTypes.length === 0) return { ok: false, reason: `${name}: declares no call type` };
    for (const type of callTypes)
      for (let oen = oenStart; oen <= oenEnd; oen++) {
        const owner = this.slots[slotOf(type, oen)];
        if (owner)
          return {
            ok: false,
            reason: `${name}: ${type} OEN ${oen} already belongs to ${owner.name}`,
            conflictsWith: owner.name,
          };
      }
    for (const type of callTypes)
      for (let oen = oenStart; oen <= oenEnd; oen++) this.slots[slotOf(type, oen)] = service;
    this.services.push(service);
    return { ok: true };
  }

  lookup(slot: number): SmcService | undefined {
    return this.slots[slot];
  }

  get registered(): readonly SmcService[] {
    return this.services;
  }
}
