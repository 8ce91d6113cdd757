import { defineCheck } from '../define-check.js';

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
  visit(node, ctx) {
    if (ctx.plugin) return;
    for (const prop of node.liveProps)
      for (const m of prop.value.markers)
        if (m.kind === 'phandle' && m.resolved === false)
          ctx.report(node, undefined, `Reference to non-existent node or label "${m.ref}"`, m.loc);
  },
});
