import { defineCheck } from '../define-check.js';

export const avoidUnnecessaryAddrSize = defineCheck({
  id: 'addr/avoid-unnecessary-addr-size',
  dtcName: 'avoid_unnecessary_addr_size',
  severity: 'warning',
  requires: ['avoid_default_addr_size'],
  summary: 'A node with children declares #address-cells/#size-cells but nothing uses them.',
  examples: {
    valid:
      '/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>; bus { #address-cells = <1>; #size-cells = <0>; c@1 { reg = <1>; }; }; };\n',
    invalid: '/dts-v1/;\n/ { bus { #address-cells = <1>; #size-cells = <0>; c { }; }; };\n',
  },
  visit(node, ctx) {
    const { state } = ctx;
    if (!node.parent || state.rawAddrCells(node) < 0 || state.rawSizeCells(node) < 0) return;
    // dtc tests its raw child list here, so deleted children still count as "having children".
    if (node.prop('ranges') || node.prop('dma-ranges') || node.children.length === 0) return;
    for (const child of ctx.children(node)) if (child.prop('reg') || child.prop('ranges')) return;
    ctx.report(
      node,
      undefined,
      'unnecessary #address-cells/#size-cells without "ranges", "dma-ranges" or child "reg" or "ranges" property',
    );
  },
});
