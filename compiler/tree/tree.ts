import type { SourceText } from '../source/source-text.js';
import type { Loc, Value } from '../syntax/ast.js';
import { Data } from './data.js';

/**
 * The live tree, as dtc's livetree.c keeps it: deleted nodes, properties and labels stay in their
 * lists as tombstones, because a later block that re-adds them revives them in place. Everything
 * outside the tree builder and reference resolution should iterate with `liveProps`, `liveChildren`
 * and `liveLabels`, which skip tombstones.
 */

export interface LabelEntry {
  name: string;
  deleted: boolean;
  loc?: Loc;
}

export class Property {
  deleted = false;
  /** Labels on the property, most recently attached first (dtc's order). */
  labels: LabelEntry[] = [];
  /** Where the property was (last) defined, and its name and value as written. */
  loc?: Loc;
  nameLoc?: Loc;
  valueAst?: Value;

  constructor(
    public name: string,
    public value: Data = new Data(),
  ) {}

  get liveLabels(): LabelEntry[] {
    return this.labels.filter((l) => !l.deleted);
  }
}

export class Node {
  parent: Node | undefined;
  props: Property[] = [];
  children: Node[] = [];
  /** Labels on the node, most recently attached first (dtc's order, visible in `__symbols__`). */
  labels: LabelEntry[] = [];
  deleted = false;
  /** Marked `/omit-if-no-ref/`: removed after resolution unless something references it. */
  omitIfNoRef = false;
  /** Set by reference resolution when a phandle or path reference points here. */
  isReferenced = false;
  /** The phandle value the node ends up with (explicit or allocated); 0 when it has none. */
  phandle = 0;
  /** Each block that contributed to the node, in source order; the first is where it was created. */
  locs: Loc[] = [];
  /** Location of the node's name in its first definition. */
  nameLoc?: Loc;

  constructor(public name: string) {}

  get liveProps(): Property[] {
    return this.props.filter((p) => !p.deleted);
  }

  get liveChildren(): Node[] {
    return this.children.filter((c) => !c.deleted);
  }

  get liveLabels(): LabelEntry[] {
    return this.labels.filter((l) => !l.deleted);
  }

  /** Name without the unit address. */
  get basename(): string {
    const at = this.name.indexOf('@');
    return at === -1 ? this.name : this.name.slice(0, at);
  }

  /** Text after the first `@`, or undefined when there is none. */
  get unitAddress(): string | undefined {
    const at = this.name.indexOf('@');
    return at === -1 ? undefined : this.name.slice(at + 1);
  }

  get isRoot(): boolean {
    return this.parent === undefined;
  }

  /** Full path: `/` for the root, `/a/b@1` otherwise. */
  get path(): string {
    if (!this.parent) return '/';
    const parentPath = this.parent.path;
    return parentPath === '/' ? `/${this.name}` : `${parentPath}/${this.name}`;
  }

  /** The live property of that name. */
  prop(name: string): Property | undefined {
    for (const p of this.props) if (!p.deleted && p.name === name) return p;
    return undefined;
  }

  /** The live child with exactly that full name. */
  child(name: string): Node | undefined {
    for (const c of this.children) if (!c.deleted && c.name === name) return c;
    return undefined;
  }

  /** Appends a property (no merging) and returns it. */
  addProp(prop: Property): Property {
    this.props.push(prop);
    return prop;
  }

  /** Appends a child (no merging) and returns it. */
  addChild(child: Node): Node {
    child.parent = this;
    this.children.push(child);
    return child;
  }

  /** Live nodes of the subtree in DFS pre-order, this node first (an array: far cheaper than a recursive generator). */
  walk(): Node[] {
    const out: Node[] = [];
    const visit = (n: Node): void => {
      out.push(n);
      for (const c of n.children) if (!c.deleted) visit(c);
    };
    visit(this);
    return out;
  }
}

export interface MemReserveEntry {
  address: bigint;
  size: bigint;
  labels: string[];
  loc?: Loc;
}

export class DeviceTree {
  memreserves: MemReserveEntry[] = [];
  /** The input had `/plugin/`. */
  plugin = false;
  bootCpuidPhys = 0;
  /** The assembled source the tree was built from (absent for trees read from a DTB). */
  source: SourceText | undefined;

  constructor(public root: Node = new Node('')) {}

  /** Live node at a full path (`/a/b@1`); components must match full names, as in dtc. */
  nodeByPath(path: string): Node | undefined {
    if (!path.startsWith('/')) return undefined;
    let node: Node | undefined = this.root;
    for (const part of path.split('/')) {
      if (part === '') continue;
      node = node.child(part);
      if (!node) return undefined;
    }
    return node;
  }

  /**
   * Every node that ever carried each label (live or not), filled by a full walk on first use and
   * kept current by `noteLabels`, which anything that attaches labels must call. Lookups filter
   * the candidates, so stale entries (nodes merged away, deleted, detached) are harmless.
   */
  private labelIndex: Map<string, Node[]> | undefined;

  /** Forgets the label index (after replacing the root). */
  invalidateLabels(): void {
    this.labelIndex = undefined;
  }

  /** Records that `node` now carries its labels (call after adding labels or attaching a subtree). */
  noteLabels(node: Node): void {
    if (!this.labelIndex) return;
    for (const l of node.labels) {
      const list = this.labelIndex.get(l.name);
      if (!list) this.labelIndex.set(l.name, [node]);
      else if (!list.includes(node)) list.push(node);
    }
  }

  /** Records the labels of a whole subtree (all of it, tombstones included). */
  noteSubtree(node: Node): void {
    if (!this.labelIndex) return;
    this.noteLabels(node);
    for (const c of node.children) this.noteSubtree(c);
  }

  private index(): Map<string, Node[]> {
    if (!this.labelIndex) {
      this.labelIndex = new Map();
      this.noteSubtree(this.root);
    }
    return this.labelIndex;
  }

  /** True when the node hangs from this tree's root (nodes merged away keep a dangling parent chain). */
  private attached(node: Node): boolean {
    let n: Node = node;
    while (n.parent) n = n.parent;
    return n === this.root;
  }

  /** First live node carrying a live label, in DFS pre-order (dtc's `get_node_by_label`). */
  nodeByLabel(label: string): Node | undefined {
    const candidates = (this.index().get(label) ?? []).filter(
      (n) => !n.deleted && n.labels.some((l) => !l.deleted && l.name === label) && this.attached(n),
    );
    if (candidates.length <= 1) return candidates[0];
    // The same label on several live nodes (an error the checks report): dtc takes the first in DFS order.
    for (const node of this.root.walk()) if (candidates.includes(node)) return node;
    return undefined;
  }

  /** Node with that phandle value. */
  nodeByPhandle(phandle: number): Node | undefined {
    if (phandle === 0 || phandle === 0xffffffff) return undefined;
    for (const node of this.root.walk()) if (node.phandle === phandle) return node;
    return undefined;
  }

  /**
   * Resolves a reference as dtc spells it: `/path`, `label`, or `label/sub/path` (dtc ≥ 1.7).
   */
  nodeByRef(ref: string): Node | undefined {
    if (ref.startsWith('/')) return this.nodeByPath(ref);
    const slash = ref.indexOf('/');
    if (slash === -1) return this.nodeByLabel(ref);
    const base = this.nodeByLabel(ref.slice(0, slash));
    if (!base) return undefined;
    let node: Node | undefined = base;
    for (const part of ref.slice(slash + 1).split('/')) {
      if (part === '') continue;
      node = node.child(part);
      if (!node) return undefined;
    }
    return node;
  }
}
