/**
 * Linting one input: compile it (structural checks included), then bindings and wiring rules,
 * then the user's rule levels. Structural checks are switched through dtc's -W/-E semantics so
 * prerequisites behave as dtc's do; every other code is re-levelled or dropped afterwards.
 */

import { type CheckSettings, findCheck, parseCheckFlags } from '../compiler/checks/index.js';
import { type CompileOptions, compileFile } from '../compiler/compile.js';
import type { Diagnostic, Severity } from '../compiler/diagnostics/diagnostic.js';
import { appendAll } from '../compiler/diagnostics/diagnostic.js';
import { lintTree } from './lint.js';

export type RuleLevel = 'off' | 'warning' | 'error';

export interface LintOptions extends CompileOptions {
  /** Code (or dtc check name, or `prefix/*`) → level. */
  rules?: Readonly<Record<string, RuleLevel>>;
}

export interface LintResult {
  input: string;
  ok: boolean;
  diagnostics: Diagnostic[];
}

/** Splits rule levels into dtc check flags and post-hoc overrides of other codes. */
export function splitRuleLevels(rules: Readonly<Record<string, RuleLevel>>): {
  checkFlags: string[];
  overrides: [pattern: string, level: RuleLevel][];
} {
  const checkFlags: string[] = [];
  const overrides: [string, RuleLevel][] = [];
  for (const [code, level] of Object.entries(rules)) {
    const check = findCheck(code);
    if (check) {
      checkFlags.push(
        level === 'off'
          ? `-Wno-${check.dtcName}`
          : level === 'warning'
            ? `-W${check.dtcName}`
            : `-E${check.dtcName}`,
      );
    } else overrides.push([code, level]);
  }
  return { checkFlags, overrides };
}

function matches(pattern: string, code: string): boolean {
  return pattern.endsWith('/*') ? code.startsWith(pattern.slice(0, -1)) : pattern === code;
}

export function applyOverrides(
  diagnostics: Diagnostic[],
  overrides: readonly [string, RuleLevel][],
): Diagnostic[] {
  if (overrides.length === 0) return diagnostics;
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    let level: RuleLevel | undefined;
    for (const [pattern, l] of overrides) if (matches(pattern, d.code)) level = l;
    if (level === 'off') continue;
    out.push(level ? { ...d, severity: level as Severity } : d);
  }
  return out;
}

export function lintFile(input: string, options: LintOptions = {}): LintResult {
  const { checkFlags, overrides } = splitRuleLevels(options.rules ?? {});
  let checkSettings: CheckSettings | undefined = options.checkSettings;
  const extra: Diagnostic[] = [];
  if (checkFlags.length > 0) {
    const parsed = parseCheckFlags([...(options.checkFlags ?? []), ...checkFlags]);
    appendAll(extra, parsed.diagnostics);
    checkSettings = parsed.settings;
  }
  const compiled = compileFile(input, { ...options, ...(checkSettings ? { checkSettings } : {}) });
  const diagnostics = [...extra, ...compiled.diagnostics];
  // A tree that parsed and built is linted even when a structural check failed: more findings, one run.
  if (compiled.tree) appendAll(diagnostics, lintTree(compiled.tree));
  const kept = applyOverrides(diagnostics, overrides);
  return { input, ok: !kept.some((d) => d.severity === 'error'), diagnostics: kept };
}
