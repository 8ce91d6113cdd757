import { defineCheck } from '../define-check.js';

export const i2cBusBridge = defineCheck({
  id: 'bus/i2c-bus-bridge',
  dtcName: 'i2c_bus_bridge',
  severity: 'warning',
  requires: ['addr_size_cells'],
  summary:
    'An I2C bus (named i2c, i2c-bus or i2c-arb) with children must have 1 address cell and 0 size cells.',
  examples: {
    valid: '/dts-v1/;\n/ { i2c { #address-cells = <1>; #size-cells = <0>; dev@50 { reg = <0x50>; }; }; };\n',
    invalid:
      '/dts-v1/;\n/ { i2c { #address-cells = <1>; #size-cells = <1>; dev@50 { reg = <0x50 1>; }; }; };\n',
  },
  visit(node, ctx) {
    const base = node.basename;
    if (base === 'i2c') {
      // An i2c controller holding `i2c-bus` children is not itself the bus.
      if (ctx.children(node).some((c) => c.basename === 'i2c-bus')) return;
    } else if (base !== 'i2c-bus' && base !== 'i2c-arb') return;
    ctx.state.bus.set(node, 'i2c');
    // dtc tests its raw child list, so deleted children count here.
    if (node.children.length === 0) return;
    if (ctx.state.addrCellsOf(node) !== 1)
      ctx.report(node, undefined, 'incorrect #address-cells for I2C bus');
    if (ctx.state.sizeCellsOf(node) !== 0) ctx.report(node, undefined, 'incorrect #size-cells for I2C bus');
  },
});
