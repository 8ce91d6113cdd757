/**
 * Builds a board's firmware from its profile: the EL3 monitor with every enabled runtime service
 * from the registry, the optional EL2 hypervisor, and the normal world's conduits. The Trusted OS
 * slot is left empty for the SPD (`monitor.registerTrustedOs`); SiP/OEM ids wait for `bind`.
 */

import { NormalWorld } from './conduits.js';
import type { Registration } from './dispatch-table.js';
import { El2Hypervisor } from './hypervisor.js';
import { El3Monitor } from './monitor.js';
import { FIRMWARE_COMPONENTS, type FirmwareContext } from './registry.js';
import { ArchService } from './services/arch.js';
import { PsciService } from './services/psci.js';
import { VendorService } from './services/sip.js';

export interface FirmwareStack {
  monitor: El3Monitor;
  hypervisor?: El2Hypervisor;
  normalWorld: NormalWorld;
  arch?: ArchService;
  psci?: PsciService;
  sip?: VendorService;
  oem?: VendorService;
  /** Registration refusals (also traced as `diag`). */
  refused: Registration[];
}

export function buildFirmware(ctx: FirmwareContext): FirmwareStack {
  const monitor = new El3Monitor({ trace: ctx.trace });
  const refused: Registration[] = [];
  const built: Pick<FirmwareStack, 'arch' | 'psci' | 'sip' | 'oem'> = {};
  for (const component of FIRMWARE_COMPONENTS) {
    if (component.kind !== 'service') continue;
    const service = component.create(ctx);
    if (!service) continue;
    const r = monitor.register(service);
    if (!r.ok) {
      refused.push(r);
      continue;
    }
    if (service instanceof ArchService) built.arch = service;
    else if (service instanceof PsciService) built.psci = service;
    else if (service instanceof VendorService) built[service.name === 'oem' ? 'oem' : 'sip'] = service;
  }
  const el2 = ctx.profile.el2;
  const hypervisor = el2
    ? new El2Hypervisor({
        trace: ctx.trace,
        monitor,
        forward: el2.forward,
        clientId: el2.clientId,
        trapsSmc: el2.trapsSmc,
      })
    : undefined;
  const normalWorld = new NormalWorld({ trace: ctx.trace, monitor, hypervisor, cluster: ctx.cluster });
  return { monitor, hypervisor, normalWorld, ...built, refused };
}
