import { defineCheck } from '../define-check.js';
import { unitName } from '../values.js';

export const nodeNameFormat = defineCheck({
  id: 'tree/node-name-format',
  dtcName: 'node_name_format',
  severity: 'error',
  requires: ['node_name_chars'],
  summary: "More than one '@' in a node name.",
  examples: {
    valid: '/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <0>; n@1 { reg = <1>; }; };\n',
    invalid: '/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <0>; n@1@2 { reg = <1>; }; };\n',
  },
  visit(node, ctx) {
    if (unitName(node).includes('@')) ctx.report(node, undefined, "multiple '@' characters in node name");
  },
});
