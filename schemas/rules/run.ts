import type { Diagnostic, RelatedSpan, Span } from '../../compiler/diagnostics/diagnostic.js';
import type { DeviceTree } from '../../compiler/tree/tree.js';
import { cellRefSpan, cellsSpan, nodeSpan, propertySpan, stringSpan } from '../types/source.js';
import { TreeView } from '../view/view.js';
import type { Finding, Place, WiringRule } from './define.js';
import { wiringRules } from './index.js';

export interface WiringOptions {
  /** Rules to run (default: every registered rule). */
  rules?: readonly WiringRule[];
}

/**
 * Runs the wiring rules over a tree. Codes are the rule ids (`wiring/<name>`). Never throws: a rule
 * that fails is reported as one `wiring/internal-error` and the other rules still run.
 */
export function checkWiring(tree: DeviceTree, view?: TreeView, options: WiringOptions = {}): Diagnostic[] {
  const v = view ?? new TreeView(tree);
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const rule of options.rules ?? wiringRules) {
    try {
      rule.check(v, (finding) => {
        const d = toDiagnostic(tree, rule, finding);
        const key = `${d.code}\0${d.nodePath}\0${d.property ?? ''}\0${spanKey(d.span)}`;
        if (seen.has(key)) return;
        seen.add(key);
        out.push(d);
      });
    } catch (error) {
      out.push({
        code: 'wiring/internal-error',
        severity: 'error',
        message: `wiring rule ${rule.id} stopped: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }
  return out;
}

function toDiagnostic(tree: DeviceTree, rule: WiringRule, f: Finding): Diagnostic {
  const { span, nodePath, property } = locate(tree, f.at);
  const related: RelatedSpan[] = [];
  for (const r of f.related ?? []) {
    const s = locate(tree, r.at).span;
    if (s) related.push({ span: s, message: r.message });
  }
  return {
    code: rule.id,
    severity: f.severity ?? rule.severity,
    message: f.message,
    ...(span ? { span } : {}),
    nodePath,
    ...(property !== undefined ? { property } : {}),
    ...(related.length ? { related } : {}),
    ...(f.notes?.length ? { notes: [...f.notes] } : {}),
    ...(f.hint ? { hint: f.hint } : {}),
  };
}

/** A place's span, node path and property name. */
export function locate(
  tree: DeviceTree,
  at: Place,
): { span: Span | undefined; nodePath: string; property: string | undefined } {
  if ('ref' in at)
    return { span: cellRefSpan(tree, at.ref), nodePath: at.ref.node.path, property: at.ref.property.name };
  const node = at.node;
  if (at.property === undefined)
    return { span: nodeSpan(tree, node), nodePath: node.path, property: undefined };
  const prop = node.prop(at.property);
  let span: Span | undefined;
  if (prop)
    span =
      at.cell !== undefined
        ? cellsSpan(tree, prop, at.cell, at.count ?? 1)
        : at.string !== undefined
          ? stringSpan(tree, prop, at.string)
          : propertySpan(tree, prop);
  return { span: span ?? nodeSpan(tree, node), nodePath: node.path, property: at.property };
}

function spanKey(s: Span | undefined): string {
  return s ? `${s.file}:${s.line}:${s.col}-${s.endLine}:${s.endCol}` : '';
}
