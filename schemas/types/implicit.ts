/**
 * Properties dt-schema lets every node carry, even under `additionalProperties: false`: bookkeeping
 * (`phandle`, `status`), boot-phase markers and pin control states. A few more are implied by what the
 * schema does allow: `interrupts` brings `interrupts-extended` and `interrupt-parent`; an interrupt
 * controller may have an `interrupt-parent`; `clocks` brings the `assigned-clock*` family; `ranges`
 * brings `dma-ranges`.
 */
const ALWAYS = new Set(['phandle', 'linux,phandle', 'status', 'secure-status', 'pinctrl-names']);
const ALWAYS_PATTERNS = [/^pinctrl-[0-9]+$/, /^bootph-/];

export function isImplicitProperty(name: string, allowed: ReadonlySet<string>): boolean {
  if (ALWAYS.has(name)) return true;
  if (ALWAYS_PATTERNS.some((p) => p.test(name))) return true;
  if ((name === 'interrupts-extended' || name === 'interrupt-parent') && allowed.has('interrupts'))
    return true;
  if (name === 'interrupt-parent' && allowed.has('interrupt-controller')) return true;
  if (name.startsWith('assigned-clock') && allowed.has('clocks')) return true;
  if (name === 'dma-ranges' && allowed.has('ranges')) return true;
  return false;
}
