/**
 * The supplier graph as Linux's fw_devlink builds it from the device tree (drivers/of/property.c,
 * `of_supplier_bindings`): each listed property of a consumer names supplier nodes; the device that
 * supplies is the nearest node, the target or an ancestor, that carries a compatible. Links to the
 * consumer's own ancestors are not made (a parent always probes first).
 */
import type { Node, Property } from '../../../../compiler/tree/tree.js';
import type { CellRef } from '../../../types/source.js';
import { compatibleOf } from '../../../types/status.js';
import type { TreeView } from '../../../view/view.js';

export interface SupplierEdge {
  readonly consumer: Node;
  readonly property: string;
  /** The node the phandle names (undefined when it names nothing). */
  readonly target: Node | undefined;
  /** The device node behind the target (itself or an ancestor with a compatible). */
  readonly supplier: Node | undefined;
  /** The phandle cells of the entry. */
  readonly at: CellRef;
}

/** Fixed-name supplier properties and the provider cell-count property (null: bare phandles). */
const FIXED: ReadonlyArray<readonly [string, string | null]> = [
  ['clocks', '#clock-cells'],
  ['interconnects', '#interconnect-cells'],
  ['iommus', '#iommu-cells'],
  ['mboxes', '#mbox-cells'],
  ['io-channels', '#io-channel-cells'],
  ['dmas', '#dma-cells'],
  ['power-domains', '#power-domain-cells'],
  ['hwlocks', '#hwlock-cells'],
  ['extcon', null],
  ['nvmem-cells', null],
  ['phys', '#phy-cells'],
  ['wakeup-parent', null],
  ['pwms', '#pwm-cells'],
  ['resets', '#reset-cells'],
  ['leds', null],
  ['backlight', null],
  ['interrupt-parent', null],
  ['interrupts-extended', '#interrupt-cells'],
  ['msi-parent', '#msi-cells'],
];

/** Which cell-count property a supplier property uses, or undefined when fw_devlink ignores it. */
export function supplierCells(name: string): { cells: string | null } | undefined {
  const fixed = FIXED.find(([p]) => p === name);
  if (fixed) return { cells: fixed[1] };
  if (/^pinctrl-\d+$/.test(name)) return { cells: null };
  if (name.endsWith('-supply')) return { cells: null };
  if (name === 'gpio' || name === 'gpios' || /-gpios?$/.test(name)) {
    // `nr-gpios`, `ngpios` and friends are counts, not phandles.
    return /^(nr|n)-?gpios?$/.test(name) ? undefined : { cells: '#gpio-cells' };
  }
  return undefined;
}

/** The device node behind a phandle target: itself or its nearest ancestor with a compatible. */
export function deviceOf(node: Node): Node {
  for (let n: Node | undefined = node; n; n = n.parent) if (compatibleOf(n).length > 0) return n;
  return node;
}

function isAncestor(a: Node, b: Node): boolean {
  for (let n: Node | undefined = b.parent; n; n = n.parent) if (n === a) return true;
  return false;
}

/** Every supplier edge of one consumer node. */
export function supplierEdges(view: TreeView, consumer: Node): SupplierEdge[] {
  const out: SupplierEdge[] = [];
  for (const prop of consumer.liveProps as Iterable<Property>) {
    const kind = supplierCells(prop.name);
    if (!kind) continue;
    // interrupt-parent on the root or a bus is only inherited by children; the node itself needs it
    // only when it has interrupts.
    if (prop.name === 'interrupt-parent' && !consumer.prop('interrupts')) continue;
    const decoded = view.node(consumer).phandleArray(prop.name, kind.cells, { missing: 0 });
    for (const e of decoded.value) {
      if (!e.provider) continue;
      const supplier = deviceOf(e.provider);
      if (supplier === consumer || isAncestor(supplier, consumer)) continue;
      out.push({
        consumer,
        property: prop.name,
        target: e.provider,
        supplier,
        at: { ...e.source, count: 1 },
      });
    }
    for (const issue of decoded.issues)
      if (issue.rule === 'unresolved-phandle' && issue.cell !== undefined)
        out.push({
          consumer,
          property: prop.name,
          target: undefined,
          supplier: undefined,
          at: { node: consumer, property: prop, cell: issue.cell, count: 1 },
        });
  }
  return out;
}
