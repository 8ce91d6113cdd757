import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { CheckDefinition } from './define-check.js';
import { CHECKS, findCheck } from './registry.js';

/** dtc's two flags per check: print failures as warnings, and/or as errors (failing the build). */
export interface CheckLevel {
  readonly warn: boolean;
  readonly error: boolean;
}

/** The level of every check, keyed by dtc name. */
export interface CheckSettings {
  readonly levels: ReadonlyMap<string, CheckLevel>;
}

function levelOf(check: CheckDefinition): CheckLevel {
  return { warn: check.severity === 'warning', error: check.severity === 'error' };
}

export function defaultCheckSettings(): CheckSettings {
  return { levels: new Map(CHECKS.map((c) => [c.dtcName, levelOf(c)])) };
}

/** Raising a level raises the check's prerequisites too (dtc's `enable_warning_error`). */
function raise(levels: Map<string, CheckLevel>, check: CheckDefinition, warn: boolean, error: boolean): void {
  const cur = levels.get(check.dtcName) ?? levelOf(check);
  if ((warn && !cur.warn) || (error && !cur.error))
    for (const name of check.requires) {
      const prereq = findCheck(name);
      if (prereq) raise(levels, prereq, warn, error);
    }
  levels.set(check.dtcName, { warn: cur.warn || warn, error: cur.error || error });
}

/** Lowering a level lowers the checks that depend on it too (dtc's `disable_warning_error`). */
function lower(levels: Map<string, CheckLevel>, check: CheckDefinition, warn: boolean, error: boolean): void {
  const cur = levels.get(check.dtcName) ?? levelOf(check);
  if ((warn && cur.warn) || (error && cur.error))
    for (const dependent of CHECKS)
      if (dependent.requires.includes(check.dtcName)) lower(levels, dependent, warn, error);
  levels.set(check.dtcName, { warn: cur.warn && !warn, error: cur.error && !error });
}

const FLAG = /^(?:-(W|E)|--(warning|error)=?)(.*)$/;

/**
 * Applies dtc's check options in order: `-W<name>`/`-E<name>` (also `--warning=<name>`,
 * `--error=<name>`, or the name as the next element), with `no-` or `no_` before the name to lower
 * instead. Names are dtc's (`unit_address_vs_reg`) or our codes (`addr/unit-address-vs-reg`).
 */
export function parseCheckFlags(
  flags: readonly string[],
  base: CheckSettings = defaultCheckSettings(),
): { settings: CheckSettings; diagnostics: Diagnostic[] } {
  const levels = new Map(base.levels);
  const diagnostics: Diagnostic[] = [];
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i]!;
    const m = FLAG.exec(flag);
    if (!m) {
      diagnostics.push({
        code: 'usage/bad-check-flag',
        severity: 'error',
        message: `"${flag}" is not a check option`,
        hint: 'use -W<check>, -Wno-<check>, -E<check> or -Eno-<check>',
      });
      continue;
    }
    const kind = m[1] ?? (m[2] === 'warning' ? 'W' : 'E');
    let arg = m[3]!;
    if (arg === '') arg = flags[++i] ?? '';
    const negated = arg.startsWith('no-') || arg.startsWith('no_');
    const name = negated ? arg.slice(3) : arg;
    const check = findCheck(name);
    if (!check) {
      diagnostics.push({
        code: 'usage/unknown-check',
        severity: 'error',
        message: `Unrecognized check name "${name}"`,
        hint: 'check names are dtc names such as unit_address_vs_reg, or dtpc codes such as addr/unit-address-vs-reg',
      });
      continue;
    }
    const warn = kind === 'W';
    if (negated) lower(levels, check, warn, !warn);
    else raise(levels, check, warn, !warn);
  }
  return { settings: { levels }, diagnostics };
}
