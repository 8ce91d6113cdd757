/**
 * `__symbols__` for `-@` (and `/aliases` from labels for `-A`): one string property per label with
 * the labelled node's full path, nodes in DFS order, each node's labels most recent first. With
 * `-@` every labelled node also gets a phandle, so overlays can reference it.
 */
import { DataBuilder } from '../tree/data.js';
import { type DeviceTree, Node, Property } from '../tree/tree.js';
import type { PhandleAllocator } from './phandles.js';

export interface LabelTreeWarning {
  label: string;
  node: string;
}

function anyLabels(node: Node): boolean {
  if (node.labels.length > 0) return true;
  for (const c of node.children) if (!c.deleted && anyLabels(c)) return true;
  return false;
}

/** dtc's `build_root_node`: the root child of that name, created at the end if absent. */
export function rootChild(tree: DeviceTree, name: string): Node {
  return tree.root.child(name) ?? tree.root.addChild(new Node(name));
}

export function generateLabelTree(
  tree: DeviceTree,
  name: string,
  allocator: PhandleAllocator | undefined,
): LabelTreeWarning[] {
  const warnings: LabelTreeWarning[] = [];
  if (!anyLabels(tree.root)) return warnings;
  const holder = rootChild(tree, name);
  const visit = (node: Node): void => {
    if (node.labels.length > 0) {
      for (const l of node.labels) {
        if (l.deleted) continue;
        if (holder.prop(l.name)) {
          warnings.push({ label: l.name, node: holder.name });
          continue;
        }
        const b = new DataBuilder();
        b.mark({ kind: 'type', offset: 0, type: 'string' });
        b.appendLatin1(node.path);
        b.appendByte(0);
        holder.addProp(new Property(l.name, b.build()));
      }
      if (allocator) allocator.phandleOf(node);
    }
    for (const c of node.children) if (!c.deleted) visit(c);
  };
  visit(tree.root);
  return warnings;
}
