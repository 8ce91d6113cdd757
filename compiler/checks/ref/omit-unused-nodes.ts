import { defineCheck } from '../define-check.js';

/**
 * In dtc this "check" deletes unreferenced `/omit-if-no-ref/` nodes. Reference resolution does that
 * here, so the check has nothing to visit; it stays in the table because its place in dtc's order
 * and its prerequisites decide what other checks see and print.
 */
export const omitUnusedNodes = defineCheck({
  id: 'ref/omit-unused-nodes',
  dtcName: 'omit_unused_nodes',
  severity: 'error',
  requires: ['phandle_references', 'path_references'],
  summary: 'Removes unreferenced /omit-if-no-ref/ nodes (never reports anything itself).',
});
