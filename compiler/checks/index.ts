/**
 * The structural checks of dtc 1.8.1 (checks.c), as read-only units: the registry in dtc's table
 * order, the runner, dtc's -W/-E option handling, and dtc's text form of their diagnostics.
 */
export type { CheckContext, CheckDefaultSeverity, CheckDefinition } from './define-check.js';
export { defineCheck } from './define-check.js';
export { dtcPosition, formatDtcDiagnostic, formatDtcPosition } from './format.js';
export { CHECKS, checkByDtcName, checkById, dtcNameOf, findCheck } from './registry.js';
export {
  ALSO_DEFINED_AT,
  type CheckRunResult,
  failedPrerequisite,
  NODE_DEFINED_HERE,
  PROPERTY_DEFINED_HERE,
  runChecks,
} from './run.js';
export { type CheckLevel, type CheckSettings, defaultCheckSettings, parseCheckFlags } from './settings.js';
