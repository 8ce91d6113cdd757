/**
 * Test helpers for the structural checks: compile DTS text to a tree and run the checks on it.
 * Uses the real pipeline (`compileText`, no cpp) when the front end can read text; until then it
 * falls back to the schema tests' small DTS reader, which builds and resolves trees with the real
 * tree builder, so locations and phandles are genuine either way.
 */

import { checkById, parseCheckFlags, runChecks } from '../../compiler/checks/index.js';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import type { DeviceTree } from '../../compiler/tree/tree.js';
import { miniTree } from '../schemas/mini-dts.js';

type CompileText = typeof import('../../compiler/compile.js').compileText;

let realCompile: CompileText | undefined;
try {
  realCompile = (await import('../../compiler/compile.js')).compileText;
} catch {
  realCompile = undefined;
}

/** True when the tests run through the real front end. */
export const usingRealCompiler = realCompile !== undefined;

export interface CheckOutcome {
  diagnostics: Diagnostic[];
  tree: DeviceTree | undefined;
  failedErrors: boolean;
}

/** Compiles `text` (as dtc reads it, no C preprocessing) and returns only the check diagnostics. */
export function checkDts(text: string, flags: string[] = []): CheckOutcome {
  if (realCompile) {
    const result = realCompile('test.dts', text, { cpp: false, checkFlags: flags });
    const diagnostics = result.diagnostics.filter((d) => checkById(d.code) !== undefined);
    return {
      diagnostics,
      tree: result.tree,
      failedErrors: diagnostics.some((d) => d.severity === 'error'),
    };
  }
  const tree = miniTree(text, 'test.dts');
  const { settings } = parseCheckFlags(flags);
  const run = runChecks(tree, settings);
  return { diagnostics: run.diagnostics, tree, failedErrors: run.failedErrors };
}

/** The codes of diagnostics that point at a node (not "Failed prerequisite" lines). */
export function reportedCodes(outcome: CheckOutcome): string[] {
  return outcome.diagnostics.filter((d) => d.nodePath !== undefined).map((d) => d.code);
}
