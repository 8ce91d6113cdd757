/**
 * Which driver would bind each enabled node of our families under one configuration: the map entry of
 * the node's most specific known compatible, the era in force on the kernel, and the value the driver
 * is built as (the lowest of its gating symbols: n, m or y).
 */
import type { Node } from '../../../../compiler/tree/tree.js';
import { isLive } from '../../../rules/support/nodes.js';
import { compatibleOf } from '../../../types/status.js';
import type { TreeView } from '../../../view/view.js';
import {
  type CompatibleEntry,
  compatibleEntry,
  type DriverEra,
  eraFor,
  supportOn,
} from '../../data/compatibles.js';
import type { KernelVersion } from '../../data/versions.js';
import type { ResolvedConfig } from '../../engine/index.js';

export type Built = 'n' | 'm' | 'y';

export interface NodeDriver {
  readonly node: Node;
  readonly compatible: string;
  /** Index of `compatible` in the node's compatible list (for spans). */
  readonly index: number;
  readonly entry: CompatibleEntry;
  /** Whether the kernel has the compatible at all (see supportOn). */
  readonly support: 'yes' | 'no' | 'unverified';
  /** Undefined when no code matches the compatible on this kernel. */
  readonly era: DriverEra | undefined;
  readonly built: Built;
  /** Gating symbols that are n, in the era's order (outermost first). */
  readonly blockers: readonly string[];
}

export interface DriverAnalysis {
  /** Live nodes with a known compatible, in tree order. */
  readonly all: readonly NodeDriver[];
  of(node: Node): NodeDriver | undefined;
  /** How a symbol list would be built under this configuration. */
  builtOf(symbols: readonly string[]): Built;
}

const RANK: Record<Built, number> = { n: 0, m: 1, y: 2 };
const NAME: readonly Built[] = ['n', 'm', 'y'];

export function tristateOf(config: ResolvedConfig, symbol: string): Built {
  return config.tristate(symbol) === undefined ? 'n' : NAME[config.tristate(symbol)!]!;
}

/** The map entry a node is matched by: its first compatible the map knows. */
export function matchEntry(
  node: Node,
): { entry: CompatibleEntry; compatible: string; index: number } | undefined {
  const list = compatibleOf(node);
  for (let i = 0; i < list.length; i++) {
    const entry = compatibleEntry(list[i]!);
    if (entry) return { entry, compatible: list[i]!, index: i };
  }
  return undefined;
}

export function analyseDrivers(
  view: TreeView,
  config: ResolvedConfig,
  kernel: KernelVersion,
): DriverAnalysis {
  const builtOf = (symbols: readonly string[]): Built => {
    let low = 2;
    for (const s of symbols) low = Math.min(low, RANK[tristateOf(config, s)]);
    return NAME[low]!;
  };
  const all: NodeDriver[] = [];
  const byNode = new Map<Node, NodeDriver>();
  for (const node of view.tree.root.walk()) {
    const match = matchEntry(node);
    if (!match || !isLive(node)) continue;
    const support = supportOn(match.entry.introduced, kernel);
    const era = support === 'no' ? undefined : eraFor(match.entry, kernel);
    const built = era ? builtOf(era.symbols) : 'n';
    const blockers = era ? era.symbols.filter((s) => tristateOf(config, s) === 'n') : [];
    const d: NodeDriver = { node, ...match, support, era, built, blockers };
    all.push(d);
    byNode.set(node, d);
  }
  return { all, of: (node) => byNode.get(node), builtOf };
}
