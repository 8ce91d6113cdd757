import type { z } from 'zod';
import type { Severity } from '../compiler/diagnostics/diagnostic.js';
import type { Node } from '../compiler/tree/tree.js';
import type { CellRef } from './types/source.js';
import type { NodeView, TreeView } from './view/view.js';

/**
 * The shape of a binding, after dt-schema: one binding per file, selected by compatible (or by a
 * `select` function for the schemas that always apply), properties as a zod object built from the DT
 * value types in `types/dt.ts`, child-node schemas, and rules for what a schema cannot say in one
 * property (transport-dependent requirements, cross-property counts). Every binding carries examples
 * that run as tests.
 */

export interface NodeSchema {
  /** dt-schema `$nodename`: the exact full name, or a pattern tested on it. */
  nodeName?: string | RegExp;
  /**
   * Properties. A `z.strictObject` rejects properties it does not list (apart from the implicit ones
   * every node may carry); a `z.object` ignores them. Fields that are not `.optional()` are required.
   */
  properties: z.ZodObject;
  /** Properties matched by name pattern (checked one by one, never "unknown"). */
  patternProperties?: readonly { pattern: RegExp; schema: z.ZodType }[];
  /** Child-node schemas; the first whose name matches applies. */
  children?: readonly ChildSchema[];
  /** Allow children no `children` entry matches. Default: false for strict schemas, true otherwise. */
  additionalChildren?: boolean;
  rules?: readonly Rule[];
}

export interface ChildSchema {
  /** Exact full name or pattern. */
  name: string | RegExp;
  schema: NodeSchema;
}

export interface RuleReport {
  message: string;
  hint?: string;
  severity?: Severity;
  /** The property the finding is about (its value is underlined). */
  property?: string;
  /** Narrow the span to cells of `property`. */
  cell?: number;
  count?: number;
  /** Narrow the span to the n-th string of `property`. */
  string?: number;
  /** Or point at exactly these cells (possibly in another node). */
  at?: CellRef;
  /** Override the rule id in the code (for a rule reporting several kinds of finding). */
  rule?: string;
}

export interface RuleContext {
  node: Node;
  view: NodeView;
  tree: TreeView;
  /** The properties decoded as the schema declares them (only those that decoded cleanly). */
  values: Readonly<Record<string, unknown>>;
  report(finding: RuleReport): void;
}

export interface Rule {
  /** Kebab-case; the diagnostic code is `schema/<binding id>/<rule id>`. */
  id: string;
  severity: Severity;
  summary: string;
  check(ctx: RuleContext): void;
}

/** An expected finding: a code, optionally with the exact source text its span must cover. */
export type Expectation = string | { code: string; at: string };

export interface Example {
  title: string;
  dts: string;
  valid: boolean;
  /** For invalid examples: every error/warning the binding must produce (order-insensitive). */
  expect?: readonly Expectation[];
}

export interface Binding extends NodeSchema {
  /** `<family>/<name>`, as the file path under `schemas/bindings/`. */
  id: string;
  summary: string;
  /** Selects nodes whose compatible list contains any of these. */
  compatible: readonly string[];
  /** Replaces compatible selection (schemas that always apply, or a compatible shared by two forms). */
  select?: (node: Node) => boolean;
  examples: readonly Example[];
}

export function defineBinding(binding: Binding): Binding {
  return binding;
}

/** Does the binding apply to this node? */
export function selects(binding: Binding, node: Node, compatible: readonly string[]): boolean {
  if (binding.select) return binding.select(node);
  return binding.compatible.some((c) => compatible.includes(c));
}
