import type { DeviceTree, Node } from '../../compiler/tree/tree.js';
import {
  decodePhandleArray,
  type PhandleArrayOptions,
  type PhandleEntry,
  PhandleIndex,
} from '../types/phandles.js';
import type { Issue } from '../types/result.js';
import { compatibleOf, nodeStatus, type Status } from '../types/status.js';
import { decodeString, decodeStringList, decodeU32 } from '../types/values.js';
import { InterruptResolver, type ResolvedInterrupt, type ViewIssue } from './interrupts.js';
import { type RegRegion, resolveReg } from './reg.js';

/** A resolved fact plus what got in the way of resolving all of it. */
export interface Resolved<T> {
  value: T;
  issues: ViewIssue[];
}

/** A phandle-array entry with its name from the matching `*-names` property, when there is one. */
export interface NamedPhandleEntry extends PhandleEntry {
  name?: string;
}

/**
 * The typed layer over the live tree (Zephyr's edtlib to our dtlib): nodes with their `reg` translated
 * to CPU addresses, interrupts resolved to controllers with named cells, phandle arrays split by their
 * providers' `#…-cells`. The runtime and the templates read only this, never raw property bytes.
 * Everything is computed lazily and cached, so a view costs nothing for nodes nobody asks about.
 */
export class TreeView {
  readonly phandles: PhandleIndex;
  readonly interruptResolver: InterruptResolver;
  private readonly views = new Map<Node, NodeView>();

  constructor(readonly tree: DeviceTree) {
    this.phandles = new PhandleIndex(tree);
    this.interruptResolver = new InterruptResolver(this.phandles);
  }

  node(node: Node): NodeView {
    let v = this.views.get(node);
    if (!v) {
      v = new NodeView(this, node);
      this.views.set(node, v);
    }
    return v;
  }

  byPath(path: string): NodeView | undefined {
    const node = this.tree.nodeByPath(path);
    return node ? this.node(node) : undefined;
  }

  byPhandle(phandle: number): NodeView | undefined {
    const node = this.phandles.get(phandle);
    return node ? this.node(node) : undefined;
  }

  /** Live nodes whose compatible list contains `compatible`, in tree order. */
  *withCompatible(compatible: string): Generator<NodeView> {
    for (const node of this.tree.root.walk())
      if (compatibleOf(node).includes(compatible)) yield this.node(node);
  }
}

export class NodeView {
  private regCache: Resolved<RegRegion[]> | undefined;
  private irqCache: Resolved<ResolvedInterrupt[]> | undefined;

  constructor(
    readonly view: TreeView,
    readonly node: Node,
  ) {}

  get path(): string {
    return this.node.path;
  }

  get compatible(): string[] {
    return compatibleOf(this.node);
  }

  get status(): Status {
    return nodeStatus(this.node);
  }

  /** Status okay (explicitly or by default). */
  get enabled(): boolean {
    return this.status === 'okay';
  }

  get parent(): NodeView | undefined {
    return this.node.parent ? this.view.node(this.node.parent) : undefined;
  }

  get children(): NodeView[] {
    return this.node.liveChildren.map((c) => this.view.node(c));
  }

  /** `reg`, decoded with the parent's cell sizes and translated through `ranges`. */
  get reg(): RegRegion[] {
    return this.resolvedReg().value;
  }

  resolvedReg(): Resolved<RegRegion[]> {
    if (!this.regCache) {
      const r = resolveReg(this.node);
      this.regCache = { value: r.value, issues: r.issues.map((i) => this.at(i, 'reg')) };
    }
    return this.regCache;
  }

  /** Interrupts from `interrupts-extended` or `interrupts`, resolved to their controllers. */
  get interrupts(): ResolvedInterrupt[] {
    return this.resolvedInterrupts().value;
  }

  resolvedInterrupts(): Resolved<ResolvedInterrupt[]> {
    if (!this.irqCache) this.irqCache = this.view.interruptResolver.resolve(this.node);
    return this.irqCache;
  }

  /**
   * A phandle-array property split by each provider's `cellsName` (null: bare phandles), with names
   * from `namesProperty` (default: the property name with its final `s` replaced by `-names`, e.g.
   * `mboxes` → `mbox-names`, as the consumer bindings spell it).
   */
  phandleArray(
    property: string,
    cellsName: string | null,
    options: PhandleArrayOptions & { namesProperty?: string } = {},
  ): Resolved<NamedPhandleEntry[]> {
    const prop = this.node.prop(property);
    if (!prop) return { value: [], issues: [] };
    const decoded = decodePhandleArray(this.node, prop, cellsName, this.view.phandles, options);
    const issues = decoded.issues.map((i) => this.at(i, property));
    if (!decoded.ok) return { value: [], issues };
    const names = this.strings(options.namesProperty ?? namesPropertyFor(property)) ?? [];
    return {
      value: decoded.value.map((e, i) => (names[i] !== undefined ? { ...e, name: names[i] } : e)),
      issues,
    };
  }

  u32(name: string): number | undefined {
    const prop = this.node.prop(name);
    if (!prop) return undefined;
    const d = decodeU32(prop);
    return d.ok ? d.value : undefined;
  }

  string(name: string): string | undefined {
    const prop = this.node.prop(name);
    if (!prop) return undefined;
    const d = decodeString(prop);
    return d.ok ? d.value : undefined;
  }

  strings(name: string): string[] | undefined {
    const prop = this.node.prop(name);
    if (!prop) return undefined;
    const d = decodeStringList(prop);
    return d.ok ? d.value : undefined;
  }

  flag(name: string): boolean {
    return this.node.prop(name) !== undefined;
  }

  private at(issue: Issue, property: string): ViewIssue {
    const prop = this.node.prop(property);
    if (!prop) return issue;
    return {
      ...issue,
      at: {
        node: this.node,
        property: prop,
        cell: issue.cell ?? 0,
        count: issue.cell === undefined ? 0 : (issue.count ?? 1),
      },
    };
  }
}

/** `mboxes` → `mbox-names`, `clocks` → `clock-names`, `shmem` → `shmem-names`. */
export function namesPropertyFor(property: string): string {
  if (property === 'interrupts-extended') return 'interrupt-names';
  const stem =
    property.endsWith('es') && property !== 'shmem' ? property.slice(0, -2) : property.replace(/s$/, '');
  return `${stem}-names`;
}
