import { defineCheck } from '../define-check.js';

export const nodeNameNotEmpty = defineCheck({
  id: 'tree/node-name-not-empty',
  dtcName: 'node_name_not_empty',
  severity: 'error',
  requires: ['node_name_chars'],
  summary: 'A node other than the root whose base name is empty, such as `@0`.',
  examples: {
    valid: '/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <0>; n@0 { reg = <0>; }; };\n',
    invalid: '/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <0>; @0 { reg = <0>; }; };\n',
  },
  visit(node, ctx) {
    if (node.basename.length === 0 && node.parent) ctx.report(node, undefined, 'Empty node name');
  },
});
