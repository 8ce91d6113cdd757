import { defineCheck } from '../define-check.js';
import { firstOutside, NODE_CHARS } from './name-chars.js';

export const nodeNameChars = defineCheck({
  id: 'tree/node-name-chars',
  dtcName: 'node_name_chars',
  severity: 'error',
  requires: [],
  summary: 'Node name character outside A-Z a-z 0-9 , . _ + - @.',
  examples: {
    valid: '/dts-v1/;\n/ { node@1,a { }; };\n',
    invalid: '/dts-v1/;\n/ { node#1 { }; };\n',
  },
  visit(node, ctx) {
    const bad = firstOutside(node.name, NODE_CHARS);
    if (bad < node.name.length) ctx.report(node, undefined, `Bad character '${node.name[bad]}' in node name`);
  },
});
