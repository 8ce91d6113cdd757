import type { DeviceTree } from '../tree/tree.js';

/**
 * A `name` property equal to the node's base name is redundant: dtc removes it (inside its
 * name_properties check, which only runs when every `name` is a single string). A different value
 * is left in place for that check to report.
 */
export function dropRedundantNameProperties(tree: DeviceTree): void {
  for (const node of tree.root.walk()) {
    const prop = node.prop('name');
    if (prop && !isOneString(prop.value.bytes)) return;
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

/** dtc's `data_is_one_string`: non-empty, NUL-terminated, no NUL before the end. */
export function isOneString(bytes: Uint8Array): boolean {
  if (bytes.length === 0 || bytes[bytes.length - 1] !== 0) return false;
  return bytes.indexOf(0) === bytes.length - 1;
}
