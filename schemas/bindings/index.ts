import type { Binding } from '../define.js';
import dtCore from './core/dt-core.js';
import interruptController from './core/interrupt-controller.js';
import interrupts from './core/interrupts.js';
import mboxConsumer from './core/mbox-consumer.js';
import psci from './firmware/arm,psci.js';
import scmi from './firmware/arm,scmi.js';
import optee from './firmware/linaro,optee-tz.js';
import gic from './interrupt-controller/arm,gic.js';
import gicV3 from './interrupt-controller/arm,gic-v3.js';
import mhu from './mailbox/arm,mhu.js';
import mhuv2 from './mailbox/arm,mhuv2.js';
import mhuv3 from './mailbox/arm,mhuv3.js';
import smcMbox2017 from './mailbox/arm,smc-mbox-2017.js';
import smcMbox2019 from './mailbox/arm,smc-mbox-2019.js';
import fslMu from './mailbox/fsl,mu.js';
import scmiShmem from './sram/arm,scmi-shmem.js';

/** Every binding, once. `test/schemas/registry.test.ts` keeps this list honest. */
export const bindings: readonly Binding[] = [
  // Always apply (dt-schema `select: true`).
  dtCore,
  interrupts,
  interruptController,
  mboxConsumer,
  // Selected by compatible.
  optee,
  scmi,
  psci,
  scmiShmem,
  mhu,
  mhuv2,
  mhuv3,
  fslMu,
  smcMbox2017,
  smcMbox2019,
  gic,
  gicV3,
];

export function bindingById(id: string): Binding | undefined {
  return bindings.find((b) => b.id === id);
}
