import type { Node } from '../../../compiler/tree/tree.js';
import { isOverlayMetadata } from '../../types/overlay.js';
import { compatibleOf, nodeStatus } from '../../types/status.js';
import type { NodeView, TreeView } from '../../view/view.js';

/**
 * Small shared reads for wiring rules. A node is *live* when it and every ancestor have status okay:
 * Linux never creates a device below a disabled bus or firmware node, so a provider under a disabled
 * SCMI node is as unavailable as a disabled provider. dtc's overlay and symbol metadata nodes are
 * never devices.
 */
export function isLive(node: Node): boolean {
  for (let n: Node | undefined = node; n; n = n.parent) if (nodeStatus(n) !== 'okay') return false;
  return !isOverlayMetadata(node);
}

/** The node (itself or an ancestor) whose status makes `node` unavailable, if any. */
export function disabledBy(node: Node): Node | undefined {
  for (let n: Node | undefined = node; n; n = n.parent) if (nodeStatus(n) !== 'okay') return n;
  return undefined;
}

const byCompatible = new WeakMap<TreeView, Map<string, Node[]>>();

/** Every node (live or not) carrying `compatible`, in tree order; one tree walk per view. */
export function nodesWith(view: TreeView, compatible: string): Node[] {
  let index = byCompatible.get(view);
  if (!index) {
    index = new Map();
    for (const node of view.tree.root.walk())
      for (const c of compatibleOf(node)) {
        const list = index.get(c) ?? [];
        index.set(c, list);
        if (list[list.length - 1] !== node) list.push(node);
      }
    byCompatible.set(view, index);
  }
  return index.get(compatible) ?? [];
}

/** Live nodes carrying any of `compatibles`, in tree order, as views. */
export function liveWith(view: TreeView, ...compatibles: string[]): NodeView[] {
  const seen = new Set<Node>();
  for (const c of compatibles) for (const n of nodesWith(view, c)) if (isLive(n)) seen.add(n);
  const order = new Map<Node, number>();
  let i = 0;
  for (const n of view.tree.root.walk()) if (seen.has(n)) order.set(n, i++);
  return [...seen].sort((a, b) => order.get(a)! - order.get(b)!).map((n) => view.node(n));
}

/** `0x…` for messages. */
export function hex(n: number | bigint): string {
  return `0x${n.toString(16)}`;
}
