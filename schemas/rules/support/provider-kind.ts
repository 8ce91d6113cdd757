import type { Node } from '../../../compiler/tree/tree.js';
import { readU32 } from '../../types/cells.js';
import { compatibleOf } from '../../types/status.js';
import { SCMI_COMPATIBLES } from './scmi.js';

/** The SCMI protocols that provide each consumer kind (binding `protocol@NN` cells). */
const SCMI_PROVIDERS: Record<string, string> = {
  '#clock-cells': 'protocol@14 (clock) or protocol@13 (performance)',
  '#reset-cells': 'protocol@16 (reset domain)',
  '#power-domain-cells': 'protocol@11 (power domain) or protocol@13 (performance)',
};

/** For a provider under an SCMI agent: "protocol 0x16", else undefined. */
export function scmiProtocol(provider: Node): number | undefined {
  const parent = provider.parent;
  if (!parent || !compatibleOf(parent).some((c) => (SCMI_COMPATIBLES as readonly string[]).includes(c)))
    return undefined;
  return readU32(provider, 'reg');
}

/** A hint naming the SCMI protocol that provides `cells`, when the wrong one was referenced. */
export function scmiProviderHint(provider: Node, cells: string): string | undefined {
  if (scmiProtocol(provider) === undefined) return undefined;
  const right = SCMI_PROVIDERS[cells];
  return right ? `reference the SCMI ${right} node` : undefined;
}
