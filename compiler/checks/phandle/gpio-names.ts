import { endsWith } from '../values.js';

/** dtc's `prop_is_gpio`: `gpios`, `gpio`, `*-gpios`, `*-gpio`, but not `*,nr-gpios`. */
export function isGpioProperty(name: string): boolean {
  if (endsWith(name, ',nr-gpios')) return false;
  return endsWith(name, '-gpios') || name === 'gpios' || endsWith(name, '-gpio') || name === 'gpio';
}
