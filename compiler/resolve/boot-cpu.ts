import type { DeviceTree } from '../tree/tree.js';

/**
 * dtc's `guess_boot_cpuid`: the `reg` of the first child of `/cpus` when it is exactly one cell,
 * else 0. dtc takes the first entry of the children list even if it was deleted, so do we.
 */
export function guessBootCpuid(tree: DeviceTree): number {
  const cpus = tree.nodeByPath('/cpus');
  const first = cpus?.children[0];
  if (!first) return 0;
  const reg = first.prop('reg');
  if (!reg || reg.value.length !== 4) return 0;
  return reg.value.cell(0);
}
