import { defineCheck } from '../define-check.js';
import { liveProps } from '../values.js';
import { firstOutside, STRICT_CHARS } from './name-chars.js';

export const propertyNameCharsStrict = defineCheck({
  id: 'tree/property-name-chars-strict',
  dtcName: 'property_name_chars_strict',
  severity: 'off',
  requires: [],
  summary:
    "Property name outside A-Z a-z 0-9 , - (a leading '#', after any vendor prefix, and device_type are allowed).",
  examples: {
    valid: '/dts-v1/;\n/ { vendor,#foo-cells = <1>; device_type = "cpu"; };\n',
    invalid: '/dts-v1/;\n/ { foo_bar = <1>; };\n',
  },
  visit(node, ctx) {
    for (const prop of liveProps(node)) {
      let name = prop.name;
      let n = firstOutside(name, STRICT_CHARS);
      if (n === name.length || name === 'device_type') continue;
      // '#' may start the name, or follow the vendor prefix's comma.
      if (name[n] === '#' && (n === 0 || name[n - 1] === ',')) {
        name = name.slice(n + 1);
        n = firstOutside(name, STRICT_CHARS);
      }
      if (n < name.length) ctx.report(node, prop, `Character '${name[n]}' not recommended in property name`);
    }
  },
});
