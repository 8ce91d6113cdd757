import { defineCheck } from '../define-check.js';
import { liveProps } from '../values.js';
import { firstOutside, PROP_CHARS } from './name-chars.js';

export const propertyNameChars = defineCheck({
  id: 'tree/property-name-chars',
  dtcName: 'property_name_chars',
  severity: 'error',
  requires: [],
  summary: 'Property name character outside A-Z a-z 0-9 , . _ + * # ? -.',
  examples: {
    valid: '/dts-v1/;\n/ { vendor,prop-name?; };\n',
    invalid: '/dts-v1/;\n/ { prop@name; };\n',
  },
  visit(node, ctx) {
    for (const prop of liveProps(node)) {
      const bad = firstOutside(prop.name, PROP_CHARS);
      if (bad < prop.name.length)
        ctx.report(node, prop, `Bad character '${prop.name[bad]}' in property name`);
    }
  },
});
