import { defineCheck } from '../define-check.js';
import { cString } from '../values.js';

export const nameProperty = defineCheck({
  id: 'tree/name-property',
  dtcName: 'name_properties',
  severity: 'error',
  requires: ['name_is_string'],
  summary: 'A `name` property that differs from the node base name (a matching one is dropped).',
  examples: {
    valid: '/dts-v1/;\n/ { node { name = "node"; }; };\n',
    invalid: '/dts-v1/;\n/ { node { name = "other"; }; };\n',
  },
  visitProperty: {
    name: 'name',
    visit(node, prop, ctx) {
      // Reference resolution already dropped a `name` equal to the base name; any left is wrong
      // unless it matches (it may survive when an earlier error stopped dtc before this check).
      const v = prop.value;
      const base = node.basename;
      const matches = v.length === base.length + 1 && cString(v).slice(0, base.length) === base;
      if (!matches)
        ctx.report(
          node,
          undefined,
          `"name" property is incorrect ("${cString(v)}" instead of base node name)`,
        );
    },
  },
});
