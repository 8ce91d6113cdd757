import { defineCheck } from '../define-check.js';

export const obsoleteChosenInterruptController = defineCheck({
  id: 'chosen/obsolete-interrupt-controller',
  dtcName: 'obsolete_chosen_interrupt_controller',
  severity: 'warning',
  requires: [],
  summary: '`/chosen` carries the obsolete `interrupt-controller` property.',
  examples: {
    valid: '/dts-v1/;\n/ { chosen { }; };\n',
    invalid: '/dts-v1/;\n/ { chosen { interrupt-controller; }; };\n',
  },
  visit(node, ctx) {
    if (node !== ctx.tree.root) return;
    const prop = ctx.tree.nodeByPath('/chosen')?.prop('interrupt-controller');
    // dtc names the root node with the chosen node's property.
    if (prop) ctx.report(node, prop, '/chosen has obsolete "interrupt-controller" property');
  },
});
