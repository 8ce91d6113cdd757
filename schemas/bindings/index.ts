import type { Binding } from '../define.js';
import dtCore from './core/dt-core.js';
import interruptController from './core/interrupt-controller.js';
import interrupts from './core/interrupts.js';
import mboxConsumer from './core/mbox-consumer.js';
import optee from './firmware/linaro,optee-tz.js';
import gic from './interrupt-controller/arm,gic.js';
import gicV3 from './interrupt-controller/arm,gic-v3.js';

/** Every binding, once. `test/schemas/registry.test.ts` keeps this list honest. */
export const bindings: readonly Binding[] = [
  // Always apply (dt-schema `select: true`).
  dtCore,
  interrupts,
  interruptController,
  mboxConsumer,
  // Selected by compatible.
  optee,
  gic,
  gicV3,
];

export function bindingById(id: string): Binding | undefined {
  return bindings.find((b) => b.id === id);
}
