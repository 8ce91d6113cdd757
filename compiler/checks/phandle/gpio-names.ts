import { endsWith } from '../values.js';

/** dtc's `prop_is_gpio`: `gpios`, `gpio`, `*-gpios`, `*-gpio`, but not `*,nr-gpios`. */
export function isGpioProperty(name: string): boolean {
  // Every accepted name ends in "gpio" or "gpios": reject the rest (nearly all names) at once.
  const last = name.charCodeAt(name.length - 1);
  if (last !== 0x73 /* s */ && last !== 0x6f /* o */) return false;
  if (endsWith(name, ',nr-gpios')) return false;
  return endsWith(name, '-gpios') || name === 'gpios' || endsWith(name, '-gpio') || name === 'gpio';
}
