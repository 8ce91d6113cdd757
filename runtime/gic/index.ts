/**
 * The GIC models, one per file, registered here. The platform builder picks a model by the
 * controller's compatible; the registry test checks every model file is listed and every GIC
 * compatible the schemas decode has a model.
 */

import { GIC_V2_COMPATIBLES, GIC_V3_COMPATIBLES } from '../../schemas/view/specifiers.js';
import type { Trace } from '../core/trace.js';
import type { GicBase } from './gic-base.js';
import { GicV2 } from './gicv2.js';
import { GicV3 } from './gicv3.js';

export interface GicBuildOptions {
  trace: Trace;
  cpus: number;
  spiLimit?: number;
  priorityBits?: number;
  /** GICv3.1 only. */
  eppis?: number;
  espis?: number;
  name?: string;
}

export interface GicModelEntry {
  /** Stable id (also the file name). */
  readonly id: 'gicv2' | 'gicv3';
  readonly summary: string;
  readonly compatible: readonly string[];
  create(options: GicBuildOptions): GicBase;
}

export const GIC_MODELS: readonly GicModelEntry[] = [
  {
    id: 'gicv2',
    summary: 'GICv2 with Security Extensions: Group 0 = FIQ, Group 1 = IRQ, ITARGETSR CPU masks',
    compatible: GIC_V2_COMPATIBLES,
    create: (o) => new GicV2(o),
  },
  {
    id: 'gicv3',
    summary: 'GICv3/v3.1: G0/G1S/G1NS routed per security state, affinity routing, EPPI/ESPI',
    compatible: GIC_V3_COMPATIBLES,
    create: (o) => new GicV3(o),
  },
];

/** The model for a controller compatible list (first match wins, most specific first). */
export function gicModelFor(compatible: readonly string[]): GicModelEntry | undefined {
  for (const c of compatible) {
    const entry = GIC_MODELS.find((m) => m.compatible.includes(c));
    if (entry) return entry;
  }
  return undefined;
}

export { GicBase, type GicOptions, type IrqSnapshot } from './gic-base.js';
export { GicV2 } from './gicv2.js';
export { GicV3, type GicV3Options } from './gicv3.js';
export { parseRenodeTarget, renodeTarget, wireRenode } from './renode.js';
