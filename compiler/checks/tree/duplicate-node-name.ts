import { defineCheck } from '../define-check.js';

export const duplicateNodeName = defineCheck({
  id: 'tree/duplicate-node-name',
  dtcName: 'duplicate_node_names',
  severity: 'error',
  requires: [],
  summary: 'Two child nodes with the same full name defined in one block.',
  examples: {
    valid: '/dts-v1/;\n/ { a { }; b { }; };\n',
    invalid: '/dts-v1/;\n/ { a { }; a { }; };\n',
  },
  visit(node, ctx) {
    const children = ctx.children(node);
    for (let i = 0; i < children.length; i++) {
      for (let j = i + 1; j < children.length; j++) {
        const later = children[j]!;
        if (children[i]!.name === later.name) ctx.report(later, undefined, 'Duplicate node name');
      }
    }
  },
});
