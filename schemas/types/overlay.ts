import type { DeviceTree, Node, Property } from '../../compiler/tree/tree.js';

/**
 * Overlays (`/plugin/`) and `-@` output. Two things in such a tree are not what they look like to a
 * linter of whole boards, and dt-schema treats both specially when it validates binding examples
 * (which it compiles as overlays):
 * - the nodes dtc generates (`__symbols__`, `__fixups__`, `__local_fixups__`) hold metadata, not
 *   devices: their properties are paths and offsets that only mirror device property names;
 * - a reference to a label the overlay does not define is left as 0xffffffff with a fix-up, to be
 *   resolved when the overlay is applied onto a base tree: it is external, not dangling.
 */

const METADATA = new Set(['__symbols__', '__fixups__', '__local_fixups__']);

/** Is the node one of dtc's generated metadata nodes (a child of the root), or below one? */
export function isOverlayMetadata(node: Node): boolean {
  for (let n: Node | undefined = node; n?.parent; n = n.parent)
    if (!n.parent.parent && METADATA.has(n.name)) return true;
  return false;
}

/** Is this cell of the property a reference the overlay leaves to be resolved when applied? */
export function isOverlayFixup(tree: DeviceTree, prop: Property, cell: number): boolean {
  if (!tree.plugin || prop.value.cellCount <= cell || prop.value.cell(cell) !== 0xffffffff) return false;
  return prop.value.markers.some((m) => m.kind === 'phandle' && m.offset === cell * 4 && m.resolved !== true);
}
