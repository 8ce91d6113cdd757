import type { Node } from '../../tree/tree.js';

/** dtc's `node_is_interrupt_provider`: has `interrupt-controller` or `interrupt-map`. */
export function isInterruptProvider(node: Node): boolean {
  return node.prop('interrupt-controller') !== undefined || node.prop('interrupt-map') !== undefined;
}
