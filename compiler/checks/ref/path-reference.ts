import { defineCheck } from '../define-check.js';
import { unresolvedReferences } from './unresolved.js';

export const pathReference = defineCheck({
  id: 'ref/path-reference',
  dtcName: 'path_references',
  severity: 'error',
  requires: ['duplicate_node_names'],
  summary: 'A path reference `&x` in a value to a label or path that does not exist.',
  examples: {
    valid: '/dts-v1/;\n/ { a: a { }; b { p = &a; }; };\n',
    invalid: '/dts-v1/;\n/ { b { p = &missing; }; };\n',
  },
  visitTree(ctx) {
    for (const { node, marker: m } of unresolvedReferences(ctx))
      if (m.kind === 'path')
        ctx.report(node, undefined, `Reference to non-existent node or label "${m.ref}"`, m.loc);
  },
});
