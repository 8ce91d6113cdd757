import type { Diagnostic, RelatedSpan, Span } from '../diagnostics/diagnostic.js';
import type { Loc } from '../syntax/ast.js';
import type { DeviceTree, Node, Property } from '../tree/tree.js';
import type { CheckContext, CheckDefinition } from './define-check.js';
import { CHECKS, findCheck } from './registry.js';
import { type CheckLevel, type CheckSettings, defaultCheckSettings } from './settings.js';
import { CheckRunState } from './state.js';
import { liveChildren } from './values.js';

/** Related-span messages that carry dtc's own position for a diagnostic (see `format.ts`). */
export const NODE_DEFINED_HERE = 'node defined here';
export const PROPERTY_DEFINED_HERE = 'property defined here';
export const ALSO_DEFINED_AT = 'also defined at';

const FAILED_PREREQUISITE = /^Failed prerequisite '([A-Za-z0-9_]+)'$/;

/**
 * A check blocked by a prerequisite is reported as a diagnostic with the blocked check's code, no
 * node and no span, and this message. Returns the prerequisite's dtc name for such a diagnostic.
 */
export function failedPrerequisite(d: Diagnostic): string | undefined {
  if (d.nodePath !== undefined) return undefined;
  return FAILED_PREREQUISITE.exec(d.message)?.[1];
}

type Status = 'unchecked' | 'prereq' | 'passed' | 'failed';

/** Parallel lists: nodes[i] holds props[i]. */
interface Holders {
  nodes: Node[];
  props: Property[];
}

export interface CheckRunResult {
  diagnostics: Diagnostic[];
  /** An error-level check failed (dtc: "Input tree has errors", exit 2 unless forced). */
  failedErrors: boolean;
  /** Diagnostics found past the `maxDiagnostics` cap and not kept. */
  dropped: number;
  /** Where the first of them pointed. */
  firstDroppedSpan?: Span;
}

/**
 * Runs the enabled checks the way dtc's `process_checks` does: in table order, each over the whole
 * tree, prerequisites first (even disabled ones, silently), and no further check once an
 * error-level one has failed.
 */
export function runChecks(
  tree: DeviceTree,
  settings: CheckSettings = defaultCheckSettings(),
  maxDiagnostics = Number.POSITIVE_INFINITY,
): CheckRunResult {
  return new Run(tree, settings, maxDiagnostics).all();
}

class Run {
  private readonly status = new Map<CheckDefinition, Status>();
  private readonly inProgress = new Set<CheckDefinition>();
  private readonly state = new CheckRunState();
  /** The tree does not change while checks run, so one DFS pre-order list serves every check. */
  private order: readonly Node[] | undefined;
  private holders: Map<string, Holders> | undefined;
  readonly diagnostics: Diagnostic[] = [];
  /** Diagnostics past `maxDiagnostics`: counted so the caller can say how many were dropped. */
  dropped = 0;
  firstDroppedSpan: Span | undefined;

  constructor(
    private readonly tree: DeviceTree,
    private readonly settings: CheckSettings,
    private readonly maxDiagnostics: number,
  ) {}

  all(): CheckRunResult {
    let failed = false;
    for (const check of CHECKS) {
      const level = this.level(check);
      // `failed ||` short-circuits as dtc's does: after an error, later checks never run.
      if (level.warn || level.error) failed = failed || this.run(check);
    }
    return {
      diagnostics: this.diagnostics,
      failedErrors: failed,
      dropped: this.dropped,
      ...(this.firstDroppedSpan ? { firstDroppedSpan: this.firstDroppedSpan } : {}),
    };
  }

  private level(check: CheckDefinition): CheckLevel {
    return this.settings.levels.get(check.dtcName) ?? { warn: false, error: false };
  }

  /** dtc's `run_check`: true when this check or a prerequisite failed at error level. */
  private run(check: CheckDefinition): boolean {
    let error = false;
    if ((this.status.get(check) ?? 'unchecked') === 'unchecked' && !this.inProgress.has(check)) {
      this.inProgress.add(check);
      for (const name of check.requires) {
        const prereq = findCheck(name);
        if (!prereq) continue;
        // Short-circuits like dtc: after a failed error-level prerequisite, later ones are not run
        // (and, still unchecked, count as failed).
        error = error || this.run(prereq);
        if (this.status.get(prereq) !== 'passed') {
          this.status.set(check, 'prereq');
          this.emit(check, {
            message: `Failed prerequisite '${prereq.dtcName}'`,
            hint: `fix what ${prereq.id} reports first`,
          });
        }
      }
      if ((this.status.get(check) ?? 'unchecked') === 'unchecked') {
        this.visitAll(check);
        if ((this.status.get(check) ?? 'unchecked') === 'unchecked') this.status.set(check, 'passed');
      }
      this.inProgress.delete(check);
    }
    if (this.status.get(check) !== 'passed' && this.level(check).error) error = true;
    return error;
  }

  private visitAll(check: CheckDefinition): void {
    const { visit, visitProperty, visitTree } = check;
    if (visitTree) {
      visitTree(this.context(check));
      return;
    }
    if (visitProperty) {
      const holders = this.propertyIndex().get(visitProperty.name);
      if (!holders) return;
      const ctx = this.context(check);
      const { nodes, props } = holders;
      for (let i = 0; i < nodes.length; i++) visitProperty.visit(nodes[i]!, props[i]!, ctx);
      return;
    }
    if (!visit) return;
    const ctx = this.context(check);
    for (const node of this.nodes()) visit(node, ctx);
  }

  private nodes(): readonly Node[] {
    this.order ??= this.tree.root.walk();
    return this.order;
  }

  /**
   * For each property name, the nodes that have a live property of that name (DFS pre-order) and
   * that property (the first live one, as `node.prop` finds it).
   */
  private propertyIndex(): Map<string, Holders> {
    if (this.holders) return this.holders;
    const index = new Map<string, Holders>();
    for (const node of this.nodes()) {
      for (const prop of node.props) {
        if (prop.deleted) continue;
        const entry = index.get(prop.name);
        if (!entry) index.set(prop.name, { nodes: [node], props: [prop] });
        else if (entry.nodes[entry.nodes.length - 1] !== node) {
          entry.nodes.push(node);
          entry.props.push(prop);
        }
      }
    }
    this.holders = index;
    return index;
  }

  private context(check: CheckDefinition): CheckContext {
    const tree = this.tree;
    const state = this.state;
    return {
      tree,
      source: tree.source,
      plugin: tree.plugin,
      state,
      children: liveChildren,
      // The whole tree's order is computed once per run.
      walk: (node) => (node === tree.root ? this.nodes() : node.walk()),
      nodeByPhandle: (value) => state.memo('phandle-index', () => phandleIndex(this.nodes())).get(value),
      report: (node, prop, message, loc) => this.report(check, node, prop, message, loc),
    };
  }

  private report(
    check: CheckDefinition,
    node: Node,
    prop: Property | undefined,
    message: string,
    loc?: Loc,
  ): void {
    this.status.set(check, 'failed');
    // Past the cap only count, before building spans (a quadratic check can report millions);
    // the first one dropped gives the limit's diagnostic its place.
    if (this.diagnostics.length >= this.maxDiagnostics) {
      const level = this.level(check);
      if (!level.warn && !level.error) return;
      if (this.dropped++ === 0) {
        this.firstDroppedSpan = this.span(loc ?? prop?.loc ?? node.nameLoc ?? node.locs[0]);
      }
      return;
    }
    const related: RelatedSpan[] = [];
    let span: Span | undefined;
    if (prop) {
      span = this.span(loc ?? prop.loc);
      const own = this.span(prop.loc);
      if (loc && own) related.push({ span: own, message: PROPERTY_DEFINED_HERE });
    } else {
      span = this.span(loc ?? node.nameLoc ?? node.locs[0]);
      node.locs.forEach((block, i) => {
        const s = this.span(block);
        if (s) related.push({ span: s, message: i === 0 ? NODE_DEFINED_HERE : ALSO_DEFINED_AT });
      });
    }
    this.emit(check, {
      message,
      nodePath: node.path,
      ...(prop ? { property: prop.name } : {}),
      ...(span ? { span } : {}),
      ...(related.length > 0 ? { related } : {}),
    });
  }

  /** Records a diagnostic unless the check is disabled (a disabled check still fails silently). */
  private emit(check: CheckDefinition, fields: Omit<Diagnostic, 'code' | 'severity'>): void {
    const level = this.level(check);
    if (!level.warn && !level.error) return;
    if (this.diagnostics.length >= this.maxDiagnostics) {
      this.dropped++;
      return;
    }
    this.diagnostics.push({ code: check.id, severity: level.error ? 'error' : 'warning', ...fields });
  }

  private span(loc: Loc | undefined): Span | undefined {
    const source = this.tree.source;
    return loc && source ? source.span(loc.start, loc.end) : undefined;
  }
}

/** First live node (DFS pre-order) carrying each phandle value, as dtc's `get_node_by_phandle` finds it. */
function phandleIndex(nodes: readonly Node[]): Map<number, Node> {
  const index = new Map<number, Node>();
  for (const node of nodes)
    if (node.phandle !== 0 && node.phandle !== 0xffffffff && !index.has(node.phandle))
      index.set(node.phandle, node);
  return index;
}
