/**
 * Phandles as dtc assigns them: explicit values are registered first (DFS pre-order), then every
 * `<&ref>` is patched in DFS / property / marker order, allocating the next free value from a
 * counter the first time an unnumbered node is referenced. The counter only increases and skips
 * values that live nodes already hold. The new `phandle` property goes at the end of the node.
 */
import { type Data, DataBuilder } from '../tree/data.js';
import { type DeviceTree, type Node, Property } from '../tree/tree.js';

export type PhandleStyle = 'epapr' | 'legacy' | 'both';

export class PhandleAllocator {
  private next = 1;
  private readonly byValue = new Map<number, Node[]>();

  constructor(private readonly style: PhandleStyle) {}

  /** Records a node's (explicit) phandle. */
  register(node: Node, value: number): void {
    node.phandle = value;
    const list = this.byValue.get(value);
    if (list) list.push(node);
    else this.byValue.set(value, [node]);
  }

  /** True when a live node holds this phandle (dtc's `get_node_by_phandle`). */
  inUse(value: number): boolean {
    return this.byValue.get(value)?.some((n) => !n.deleted && n.phandle === value) ?? false;
  }

  /** dtc's `get_node_phandle`: the node's phandle, allocating one (and its property) if it has none. */
  phandleOf(node: Node): number {
    if (isValidPhandle(node.phandle)) return node.phandle;
    while (this.inUse(this.next)) this.next++;
    this.register(node, this.next);
    if (this.style !== 'epapr') addPhandleProperty(node, 'linux,phandle');
    if (this.style !== 'legacy') addPhandleProperty(node, 'phandle');
    return node.phandle;
  }
}

export function isValidPhandle(value: number): boolean {
  return value !== 0 && value !== 0xffffffff;
}

function addPhandleProperty(node: Node, name: string): void {
  // A node that already has the property is one that wrote `phandle = <&self>`: the caller patches it.
  if (node.prop(name)) return;
  const b = new DataBuilder();
  b.mark({ kind: 'type', offset: 0, type: 'u32' });
  b.appendU32(node.phandle);
  node.addProp(new Property(name, b.build()));
}

/**
 * Value of an explicit `phandle`/`linux,phandle` property, or 0 when absent, malformed or a
 * `<&self>` request (the explicit_phandles check reports the malformed ones).
 */
function explicitValue(node: Node, name: string): number {
  const prop = node.prop(name);
  if (!prop || prop.value.length !== 4) return 0;
  if (prop.value.markers.some((m) => m.kind === 'phandle')) return 0;
  const value = prop.value.cell(0);
  return isValidPhandle(value) ? value : 0;
}

/** Registers explicit phandles in DFS pre-order; a duplicate value is not registered (as in dtc). */
export function registerExplicitPhandles(tree: DeviceTree, allocator: PhandleAllocator): void {
  // Nothing holds a phandle before this point, whatever a DTB reader may have recorded.
  for (const node of tree.root.walk()) node.phandle = 0;
  for (const node of tree.root.walk()) {
    let phandle = explicitValue(node, 'phandle');
    const legacy = explicitValue(node, 'linux,phandle');
    if (!phandle && !legacy) continue;
    if (legacy && !phandle) phandle = legacy;
    if (allocator.inUse(phandle)) continue;
    allocator.register(node, phandle);
  }
}

/** Patches every `<&ref>` with its target's phandle; unresolved ones are marked for the checks. */
export function fixupPhandleReferences(tree: DeviceTree, allocator: PhandleAllocator): void {
  for (const node of tree.root.walk()) {
    for (const prop of node.props) {
      if (prop.deleted) continue;
      for (const m of prop.value.markers) {
        if (m.kind !== 'phandle') continue;
        const target = tree.nodeByRef(m.ref);
        if (!target) {
          m.resolved = false;
          if (tree.plugin) writeCell(prop.value, m.offset, 0xffffffff);
          continue;
        }
        const value = allocator.phandleOf(target);
        writeCell(prop.value, m.offset, value);
        m.resolved = true;
        target.isReferenced = true;
      }
    }
  }
}

export function writeCell(data: Data, offset: number, value: number): void {
  const v = value >>> 0;
  data.bytes[offset] = v >>> 24;
  data.bytes[offset + 1] = (v >>> 16) & 0xff;
  data.bytes[offset + 2] = (v >>> 8) & 0xff;
  data.bytes[offset + 3] = v & 0xff;
}
