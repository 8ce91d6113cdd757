import { defineCheck } from '../define-check.js';
import { firstOutside, STRICT_CHARS } from './name-chars.js';

export const nodeNameCharsStrict = defineCheck({
  id: 'tree/node-name-chars-strict',
  dtcName: 'node_name_chars_strict',
  severity: 'off',
  requires: [],
  summary: 'Node base name outside A-Z a-z 0-9 , -.',
  examples: {
    valid: '/dts-v1/;\n/ { my-node { }; };\n',
    invalid: '/dts-v1/;\n/ { my_node { }; };\n',
  },
  visit(node, ctx) {
    const bad = firstOutside(node.name, STRICT_CHARS);
    if (bad < node.basename.length)
      ctx.report(node, undefined, `Character '${node.name[bad]}' not recommended in node name`);
  },
});
