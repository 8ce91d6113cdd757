import { defineCheck } from '../define-check.js';
import { endsWith, isStringList, liveProps } from '../values.js';

export const namesIsStringList = defineCheck({
  id: 'type/names-is-string-list',
  dtcName: 'names_is_string_list',
  severity: 'warning',
  requires: [],
  summary: 'A `*-names` property that is not a list of NUL-terminated strings.',
  examples: {
    valid: '/dts-v1/;\n/ { clock-names = "a", "b"; };\n',
    invalid: '/dts-v1/;\n/ { clock-names = <1>; };\n',
  },
  visit(node, ctx) {
    for (const prop of liveProps(node)) {
      if (!endsWith(prop.name, '-names')) continue;
      // dtc re-reads the property by name: with duplicates in one block, the first one is tested.
      const first = node.prop(prop.name);
      if (first && !isStringList(first.value)) ctx.report(node, first, 'property is not a string list');
    }
  },
});
