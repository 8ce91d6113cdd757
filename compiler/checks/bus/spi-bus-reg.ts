import { defineCheck } from '../define-check.js';
import { cellAt, hex, unitName } from '../values.js';

export const spiBusReg = defineCheck({
  id: 'bus/spi-bus-reg',
  dtcName: 'spi_bus_reg',
  severity: 'warning',
  requires: ['reg_format', 'spi_bus_bridge'],
  summary: 'An SPI device without `reg`, or with a unit address other than hex(reg).',
  examples: {
    valid: '/dts-v1/;\n/ { spi { #address-cells = <1>; #size-cells = <0>; dev@1 { reg = <1>; }; }; };\n',
    invalid: '/dts-v1/;\n/ { spi { #address-cells = <1>; #size-cells = <0>; dev@1 { reg = <2>; }; }; };\n',
  },
  visit(node, ctx) {
    const parent = node.parent;
    if (!parent || ctx.state.bus.get(parent) !== 'spi') return;
    if (parent.prop('spi-slave')) return;
    const prop = node.prop('reg');
    if (!prop || prop.value.length === 0) {
      ctx.report(node, undefined, 'missing or empty reg property');
      return;
    }
    const expected = hex(cellAt(prop.value, 0));
    if (unitName(node) !== expected)
      ctx.report(node, undefined, `SPI bus unit address format error, expected "${expected}"`);
  },
});
