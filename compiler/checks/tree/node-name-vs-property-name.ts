import { defineCheck } from '../define-check.js';

export const nodeNameVsPropertyName = defineCheck({
  id: 'tree/node-name-vs-property-name',
  dtcName: 'node_name_vs_property_name',
  severity: 'warning',
  requires: ['node_name_chars'],
  summary: 'A child node with the same name as a property of its parent.',
  examples: {
    valid: '/dts-v1/;\n/ { foo = <1>; bar { }; };\n',
    invalid: '/dts-v1/;\n/ { foo = <1>; foo { }; };\n',
  },
  visit(node, ctx) {
    if (node.parent?.prop(node.name)) ctx.report(node, undefined, 'node name and property name conflict');
  },
});
