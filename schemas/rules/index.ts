import conduitEl2 from './conduit-el2.js';
import type { WiringRule } from './define.js';
import disabledProvider from './disabled-provider.js';
import mailboxLayout from './mailbox-layout.js';
import missingProvider from './missing-provider.js';
import opteeNotifInterrupt from './optee-notif-interrupt.js';
import opteeSingle from './optee-single.js';
import providerCells from './provider-cells.js';
import scmiOpteeChannelId from './scmi-optee-channel-id.js';
import scmiOpteeProvider from './scmi-optee-provider.js';
import scmiSmcConduit from './scmi-smc-conduit.js';
import shmemCompatible from './shmem-compatible.js';
import shmemContainer from './shmem-container.js';
import shmemOverlap from './shmem-overlap.js';
import shmemSize from './shmem-size.js';
import smcId from './smc-id.js';
import smcIdUnique from './smc-id-unique.js';

/** Every wiring rule, once. `test/schemas/rules/registry.test.ts` keeps this list honest. */
export const wiringRules: readonly WiringRule[] = [
  // OP-TEE
  opteeNotifInterrupt,
  opteeSingle,
  scmiOpteeProvider,
  // SCMI channels
  scmiOpteeChannelId,
  smcId,
  smcIdUnique,
  mailboxLayout,
  shmemCompatible,
  shmemContainer,
  shmemOverlap,
  shmemSize,
  // Conduits
  conduitEl2,
  scmiSmcConduit,
  // Consumers and providers
  providerCells,
  disabledProvider,
  missingProvider,
];

export function wiringRuleById(id: string): WiringRule | undefined {
  return wiringRules.find((r) => r.id === id);
}
