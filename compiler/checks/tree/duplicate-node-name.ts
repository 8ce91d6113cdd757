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
    // dtc compares every pair; grouping by name gives the same reports, in the same order, in
    // linear time for the usual case of no duplicates.
    const children = ctx.children(node);
    if (children.length < 2) return;
    const byName = new Map<string, number[]>();
    children.forEach((child, i) => {
      const list = byName.get(child.name);
      if (list) list.push(i);
      else byName.set(child.name, [i]);
    });
    children.forEach((child, i) => {
      const same = byName.get(child.name)!;
      if (same.length > 1)
        for (const j of same) if (j > i) ctx.report(children[j]!, undefined, 'Duplicate node name');
    });
  },
});
