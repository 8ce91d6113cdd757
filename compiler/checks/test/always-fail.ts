import { defineCheck } from '../define-check.js';

/** dtc's test hook: fails on every node. Off unless asked for with -Walways_fail. */
export const alwaysFail = defineCheck({
  id: 'test/always-fail',
  dtcName: 'always_fail',
  severity: 'off',
  requires: [],
  summary: 'Fails on every node (a hook for testing the check machinery).',
  visit(node, ctx) {
    ctx.report(node, undefined, 'always_fail check');
  },
});
