import type { SourceText } from '../source/source-text.js';
import type { Loc } from '../syntax/ast.js';
import type { DeviceTree, Node, Property } from '../tree/tree.js';
import type { CheckRunState } from './state.js';

/** dtc's default level for a check: error (fails the build), warning, or not run unless asked for. */
export type CheckDefaultSeverity = 'error' | 'warning' | 'off';

/**
 * What a check sees while it runs. Checks only read the tree; the little state dtc keeps on nodes
 * while checking (cell counts, bus kinds, registered explicit phandles) lives in `state`.
 */
export interface CheckContext {
  readonly tree: DeviceTree;
  readonly source: SourceText | undefined;
  /** The input had `/plugin/`: references may point outside the tree. */
  readonly plugin: boolean;
  readonly state: CheckRunState;
  /**
   * Live children (tombstones skipped). dtc's own `node->children` test, which does count deleted
   * children, is `node.children.length > 0`; the few checks that need it say so.
   */
  children(node: Node): readonly Node[];
  /** Live nodes of the subtree in DFS pre-order. */
  walk(node: Node): Iterable<Node>;
  /** The first node (DFS pre-order) with that phandle, from an index built once per run. */
  nodeByPhandle(value: number): Node | undefined;
  /**
   * Records a failure of the running check (dtc's FAIL / FAIL_PROP). The message is printed only
   * when the check is enabled, but the failure always counts for checks that depend on this one.
   * `loc` narrows the span (one cell of the value, say); by default it is the property or the node.
   */
  report(node: Node, prop: Property | undefined, message: string, loc?: Loc): void;
}

export interface CheckDefinition {
  /** Stable dtpc code, kebab-case and namespaced (`tree/duplicate-node-name`). */
  readonly id: string;
  /** dtc's name for the check (`duplicate_node_names`), accepted by `-W`/`-E`. */
  readonly dtcName: string;
  readonly severity: CheckDefaultSeverity;
  /** dtc names of the checks that must pass before this one runs, in dtc's order. */
  readonly requires: readonly string[];
  /** One line saying what the check looks for. */
  readonly summary: string;
  /** DTS sources that pass and fail the check; the registry test compiles both. */
  readonly examples?: { readonly valid: string; readonly invalid: string };
  /** Called once per live node, DFS pre-order from the root, as dtc's check functions are. */
  readonly visit?: (node: Node, ctx: CheckContext) => void;
  /**
   * For a check about one property (`const prop = node.prop(name); if (!prop) return; …`): called
   * instead of `visit`, in the same DFS order, only for the nodes that have a live property of that
   * name, with the property `node.prop(name)` returns. The runner finds those nodes in one index per
   * run, so the forty-odd checks of this shape do not each scan every property of every node.
   */
  /**
   * For a check that finds what it reports with one pass over the whole tree (or a per-run index):
   * called once instead of `visit`. Its reports must come in the order `visit` would have made them
   * (DFS pre-order of the nodes they are about), which keeps dtc's output order.
   */
  readonly visitTree?: (ctx: CheckContext) => void;
  readonly visitProperty?: {
    readonly name: string;
    readonly visit: (node: Node, prop: Property, ctx: CheckContext) => void;
  };
}

export function defineCheck(definition: CheckDefinition): CheckDefinition {
  return Object.freeze({ ...definition, requires: Object.freeze([...definition.requires]) });
}
