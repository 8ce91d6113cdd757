/**
 * Path references (`prop = &label;`): the target's full path, NUL-terminated, is inserted at the
 * marker, and every later marker of the value moves along (dtc's `data_insert_at_marker`).
 */
import type { DeviceTree } from '../tree/tree.js';

export function fixupPathReferences(tree: DeviceTree): void {
  for (const node of tree.root.walk()) {
    for (const prop of node.props) {
      if (prop.deleted) continue;
      const markers = prop.value.markers;
      for (let i = 0; i < markers.length; i++) {
        const m = markers[i]!;
        if (m.kind !== 'path') continue;
        const target = tree.nodeByRef(m.ref);
        if (!target) {
          m.resolved = false;
          continue;
        }
        const path = target.path;
        const old = prop.value.bytes;
        const bytes = new Uint8Array(old.length + path.length + 1);
        bytes.set(old.subarray(0, m.offset), 0);
        for (let k = 0; k < path.length; k++) bytes[m.offset + k] = path.charCodeAt(k) & 0xff;
        bytes.set(old.subarray(m.offset), m.offset + path.length + 1);
        prop.value.bytes = bytes;
        for (let j = i + 1; j < markers.length; j++) markers[j]!.offset += path.length + 1;
        m.resolved = true;
        target.isReferenced = true;
      }
    }
  }
}
