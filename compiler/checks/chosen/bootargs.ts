import { defineCheck } from '../define-check.js';
import { isOneString } from '../values.js';

export const chosenNodeBootargs = defineCheck({
  id: 'chosen/bootargs',
  dtcName: 'chosen_node_bootargs',
  severity: 'warning',
  requires: [],
  summary: '`bootargs` in a chosen node that is not a single string.',
  examples: {
    valid: '/dts-v1/;\n/ { chosen { bootargs = "quiet"; }; };\n',
    invalid: '/dts-v1/;\n/ { chosen { bootargs = "a", "b"; }; };\n',
  },
  visitProperty: {
    name: 'bootargs',
    visit(node, prop, ctx) {
      if (node.name === 'chosen' && !isOneString(prop.value))
        ctx.report(node, prop, 'property is not a string');
    },
  },
});
