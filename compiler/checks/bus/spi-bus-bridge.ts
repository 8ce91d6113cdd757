import { defineCheck } from '../define-check.js';
import { liveProps } from '../values.js';

export const spiBusBridge = defineCheck({
  id: 'bus/spi-bus-bridge',
  dtcName: 'spi_bus_bridge',
  severity: 'warning',
  requires: ['addr_size_cells'],
  summary:
    "An SPI bus (named spi, or with spi-* child properties) needs 1/0 cells (0/0 with spi-slave) and the name 'spi'.",
  examples: {
    valid: '/dts-v1/;\n/ { spi { #address-cells = <1>; #size-cells = <0>; dev@0 { reg = <0>; }; }; };\n',
    invalid: '/dts-v1/;\n/ { spi { #address-cells = <2>; #size-cells = <0>; dev@0 { reg = <0 0>; }; }; };\n',
  },
  visit(node, ctx) {
    const { state } = ctx;
    if (node.basename === 'spi') {
      state.bus.set(node, 'spi');
    } else {
      // A bus not named "spi" is still one if 1/0 cells and some child has an `spi-*` property.
      if (state.addrCellsOf(node) !== 1 || state.sizeCellsOf(node) !== 0) return;
      if (ctx.children(node).some((c) => liveProps(c).some((p) => p.name.startsWith('spi-'))))
        state.bus.set(node, 'spi');
      if (state.bus.get(node) === 'spi' && node.prop('reg'))
        ctx.report(node, undefined, "node name for SPI buses should be 'spi'");
    }
    // dtc tests its raw child list, so deleted children count here.
    if (state.bus.get(node) !== 'spi' || node.children.length === 0) return;
    const addrCells = node.prop('spi-slave') ? 0 : 1;
    if (state.addrCellsOf(node) !== addrCells)
      ctx.report(node, undefined, 'incorrect #address-cells for SPI bus');
    if (state.sizeCellsOf(node) !== 0) ctx.report(node, undefined, 'incorrect #size-cells for SPI bus');
  },
});
