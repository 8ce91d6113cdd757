import { defineCheck } from '../define-check.js';

export const chosenNodeIsRoot = defineCheck({
  id: 'chosen/node-is-root',
  dtcName: 'chosen_node_is_root',
  severity: 'warning',
  requires: [],
  summary: 'A `chosen` node that is not a child of the root.',
  examples: {
    valid: '/dts-v1/;\n/ { chosen { }; };\n',
    invalid: '/dts-v1/;\n/ { n { chosen { }; }; };\n',
  },
  visit(node, ctx) {
    if (node.name === 'chosen' && node.parent !== ctx.tree.root)
      ctx.report(node, undefined, 'chosen node must be at root node');
  },
});
