import type { Node } from '../tree/tree.js';

/** The bus a node bridges to, as dtc's bus checks and graph checks classify it. */
export type BusKind = 'pci' | 'simple-bus' | 'i2c' | 'spi' | 'graph-port' | 'graph-ports';

/**
 * What dtc records on nodes while its checks run, kept per run instead: `#address-cells` and
 * `#size-cells` as read by `addr_size_cells` (-1 when absent), the bus each bridge check assigned,
 * and the explicit phandles `explicit_phandles` registered.
 */
export class CheckRunState {
  readonly addrCells = new Map<Node, number>();
  readonly sizeCells = new Map<Node, number>();
  readonly bus = new Map<Node, BusKind>();
  readonly explicitPhandles = new Map<number, Node>();
  private readonly memos = new Map<string, unknown>();

  /** A value computed once per run (an index of labels, say), keyed by the check that needs it. */
  memo<T>(key: string, build: () => T): T {
    if (this.memos.has(key)) return this.memos.get(key) as T;
    const value = build();
    this.memos.set(key, value);
    return value;
  }

  /**
   * The raw recorded `#address-cells`: -1 when absent, 0 when `addr_size_cells` never ran
   * (dtc's zero-initialised node field).
   */
  rawAddrCells(node: Node): number {
    return this.addrCells.get(node) ?? 0;
  }

  rawSizeCells(node: Node): number {
    return this.sizeCells.get(node) ?? 0;
  }

  /** `#address-cells` with dtc's default of 2 when absent. */
  addrCellsOf(node: Node): number {
    const v = this.rawAddrCells(node);
    return v === -1 ? 2 : v;
  }

  /** `#size-cells` with dtc's default of 1 when absent. */
  sizeCellsOf(node: Node): number {
    const v = this.rawSizeCells(node);
    return v === -1 ? 1 : v;
  }
}
