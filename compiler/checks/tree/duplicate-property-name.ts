import { defineCheck } from '../define-check.js';
import { liveProps } from '../values.js';

export const duplicatePropertyName = defineCheck({
  id: 'tree/duplicate-property-name',
  dtcName: 'duplicate_property_names',
  severity: 'error',
  requires: [],
  summary: 'The same property defined twice in one block.',
  examples: {
    valid: '/dts-v1/;\n/ { a = <1>; b = <2>; };\n',
    invalid: '/dts-v1/;\n/ { a = <1>; a = <2>; };\n',
  },
  visit(node, ctx) {
    const props = liveProps(node);
    if (props.length < 2) return;
    if (props.length > 8) {
      // Large nodes: look for any repeated name first (there almost never is one).
      const seen = new Set<string>();
      for (const p of props) seen.add(p.name);
      if (seen.size === props.length) return;
    }
    // dtc reports the earlier of each pair, once per later duplicate.
    for (let i = 0; i < props.length; i++) {
      for (let j = i + 1; j < props.length; j++) {
        if (props[i]!.name === props[j]!.name) ctx.report(node, props[i], 'Duplicate property name');
      }
    }
  },
});
