import { deleteNode } from '../tree/build.js';
import type { DeviceTree } from '../tree/tree.js';

/**
 * Deletes `/omit-if-no-ref/` nodes that nothing referenced. With `-@` a labelled node is kept,
 * since an overlay may refer to it through `__symbols__`. (dtc tests `node->labels`, which is
 * non-empty even when every label on it was deleted.)
 */
export function omitUnreferencedNodes(tree: DeviceTree, symbols: boolean): void {
  const visit = (node: (typeof tree)['root']): void => {
    if (!(symbols && node.labels.length > 0) && node.omitIfNoRef && !node.isReferenced) {
      deleteNode(node);
      return;
    }
    for (const child of node.children) if (!child.deleted) visit(child);
  };
  visit(tree.root);
}
