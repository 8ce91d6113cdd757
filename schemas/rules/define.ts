import type { Severity } from '../../compiler/diagnostics/diagnostic.js';
import type { Node } from '../../compiler/tree/tree.js';
import type { CellRef } from '../types/source.js';
import type { TreeView } from '../view/view.js';

/**
 * Wiring rules: facts that involve more than one node (a consumer and its provider, two channels that
 * must not collide, a conduit and the exception level behind it), which a per-node binding cannot
 * see. Each rule is one file, after the Biome/ESLint rule shape: an id, a default severity, a one-line
 * summary, the rationale (why the finding matters at run time), valid and invalid examples that run
 * as tests, and a `check` that only reads the typed view.
 */

/** Where a finding points. The narrowest one that applies: exact cells, one string, a property, a node. */
export type Place =
  | { ref: CellRef }
  | { node: Node; property: string; cell?: number; count?: number; string?: number }
  | { node: Node; property?: undefined };

export interface RelatedPlace {
  at: Place;
  message: string;
}

export interface Finding {
  message: string;
  at: Place;
  hint?: string;
  /** Overrides the rule's default severity (a rule may be sure in one case and not in another). */
  severity?: Severity;
  related?: readonly RelatedPlace[];
  notes?: readonly string[];
}

export type Report = (finding: Finding) => void;

/** An example document; `expect` lists the exact texts the rule's findings must underline. */
export interface RuleExample {
  title: string;
  dts: string;
  /** For invalid examples: one entry per expected finding, `[…]` marking the underlined part. */
  expect?: readonly string[];
}

export interface WiringRule {
  /** `wiring/<name>`, the file name under `schemas/rules/`; it is also the diagnostic code. */
  id: `wiring/${string}`;
  severity: Severity;
  summary: string;
  /** Why it matters: what breaks at run time, and what the tree can and cannot prove. */
  rationale: string;
  /**
   * Binding codes this rule refines: where this rule reports at a node and property, a binding finding
   * with one of these codes at the same node and property is dropped by `lintTree` (one finding per
   * mistake, the more precise one). Binding findings elsewhere are kept.
   */
  supersedes?: readonly string[];
  examples: { valid: readonly RuleExample[]; invalid: readonly RuleExample[] };
  check(view: TreeView, report: Report): void;
}

export function defineRule(rule: WiringRule): WiringRule {
  return rule;
}
