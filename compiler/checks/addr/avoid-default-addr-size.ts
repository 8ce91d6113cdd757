import { defineCheck } from '../define-check.js';

export const avoidDefaultAddrSize = defineCheck({
  id: 'addr/avoid-default-addr-size',
  dtcName: 'avoid_default_addr_size',
  severity: 'warning',
  requires: ['addr_size_cells'],
  summary: 'A node with `reg` or `ranges` whose parent relies on default #address-cells/#size-cells.',
  examples: {
    valid: '/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>; n@0 { reg = <0 4>; }; };\n',
    invalid: '/dts-v1/;\n/ { n@0 { reg = <0 0 4>; }; };\n',
  },
  visit(node, ctx) {
    const parent = node.parent;
    if (!parent) return;
    if (!node.prop('reg') && !node.prop('ranges')) return;
    if (ctx.state.rawAddrCells(parent) === -1)
      ctx.report(node, undefined, 'Relying on default #address-cells value');
    if (ctx.state.rawSizeCells(parent) === -1)
      ctx.report(node, undefined, 'Relying on default #size-cells value');
  },
});
