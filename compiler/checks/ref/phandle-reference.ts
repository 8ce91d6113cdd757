import { defineCheck } from '../define-check.js';
import { unresolvedReferences } from './unresolved.js';

export const phandleReference = defineCheck({
  id: 'ref/phandle-reference',
  dtcName: 'phandle_references',
  severity: 'error',
  requires: ['duplicate_node_names', 'explicit_phandles'],
  summary: 'A phandle reference `<&x>` to a label or path that does not exist (legal in /plugin/ overlays).',
  examples: {
    valid: '/dts-v1/;\n/ { a: a { }; b { p = <&a>; }; };\n',
    invalid: '/dts-v1/;\n/ { b { p = <&missing>; }; };\n',
  },
  visitTree(ctx) {
    if (ctx.plugin) return;
    for (const { node, marker: m } of unresolvedReferences(ctx))
      if (m.kind === 'phandle')
        ctx.report(node, undefined, `Reference to non-existent node or label "${m.ref}"`, m.loc);
  },
});
