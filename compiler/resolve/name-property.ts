import type { DeviceTree } from '../tree/tree.js';

/**
 * A `name` property equal to the node's base name is redundant: dtc removes it (inside its
 * name_properties check, which only runs when every `name` is a single string). A different value
 * is left in place for that check to report.
 */
export function dropRedundantNameProperties(tree: DeviceTree): void {
  for (const node of tree.root.walk()) {
    const prop = node.prop('name');
    if (prop && !prop.value.isOneString()) return;
  }
  for (const node of tree.root.walk()) {
    const index = node.props.findIndex((p) => p.name === 'name');
    if (index === -1) continue;
    const bytes = node.props[index]!.value.bytes;
    const base = node.basename;
    if (bytes.length !== base.length + 1) continue;
    let same = true;
    for (let i = 0; i < base.length; i++) if (bytes[i] !== (base.charCodeAt(i) & 0xff)) same = false;
    if (same) node.props.splice(index, 1);
  }
}
