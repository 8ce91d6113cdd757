import type { Severity } from '../../../compiler/diagnostics/diagnostic.js';
import type { DeviceTree } from '../../../compiler/tree/tree.js';
import type { Place, RelatedPlace } from '../../rules/define.js';
import type { TreeView } from '../../view/view.js';
import type { SupportedKernel } from '../data/versions.js';
import type { ResolvedConfig } from '../engine/index.js';
import type { DriverAnalysis } from './support/drivers.js';
import type { KconfigSource } from './support/source.js';

/**
 * Kconfig rules: facts that involve the device tree *and* the kernel configuration (or the tree's own
 * supplier graph, as the kernel's device links see it). Same shape as the wiring rules: one file per
 * rule, an id that is also the diagnostic code, a default severity, a summary, the rationale, and
 * examples (a DTS, a configuration and a kernel) that run as tests.
 */

/** A line of a configuration file or Kconfig file (for findings that are not about one DT node). */
export interface FileLine {
  file: string;
  line: number;
}

export type KconfigPlace = Place | { fileLine: FileLine };

export interface KconfigFinding {
  message: string;
  at: KconfigPlace;
  severity?: Severity;
  hint?: string;
  notes?: readonly string[];
  /** DT places shown next to the finding. */
  related?: readonly RelatedPlace[];
  /**
   * Kconfig symbols the finding is about: each adds a related location where the symbol is defined
   * and, when a configuration sets it, where it is set.
   */
  symbols?: readonly string[];
}

export type KconfigReport = (finding: KconfigFinding) => void;

export interface KconfigContext {
  readonly dt: DeviceTree;
  readonly view: TreeView;
  readonly source: KconfigSource;
  readonly config: ResolvedConfig;
  readonly drivers: DriverAnalysis;
}

export interface KconfigRuleExample {
  title: string;
  dts: string;
  /** A defconfig fragment (merged over nothing: symbols not set take their Kconfig defaults). */
  config: string;
  kernel: SupportedKernel;
  /** A Kconfig tree (one file) to use instead of the kernel's built-in model. */
  kconfig?: string;
}

export interface KconfigRule {
  /** `kconfig/<name>`, the file name under `kconfig/rules/`; also the diagnostic code. */
  id: `kconfig/${string}`;
  severity: Severity;
  summary: string;
  rationale: string;
  /** Codes this rule refines: their findings on the same node are dropped when this one reports. */
  supersedes?: readonly string[];
  examples: { valid: readonly KconfigRuleExample[]; invalid: readonly KconfigRuleExample[] };
  check(ctx: KconfigContext, report: KconfigReport): void;
}

export function defineKconfigRule(rule: KconfigRule): KconfigRule {
  return rule;
}
