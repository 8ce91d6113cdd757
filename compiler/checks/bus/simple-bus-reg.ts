import { defineCheck } from '../define-check.js';
import { cellAt, hex, unitName } from '../values.js';

export const simpleBusReg = defineCheck({
  id: 'bus/simple-bus-reg',
  dtcName: 'simple_bus_reg',
  severity: 'warning',
  requires: ['reg_format', 'simple_bus_bridge'],
  summary:
    'A simple-bus child without `reg`/`ranges`, or whose unit address is not its first address in hex.',
  examples: {
    valid:
      '/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>; soc { compatible = "simple-bus"; #address-cells = <1>; #size-cells = <1>; ranges; d@1000 { reg = <0x1000 4>; }; }; };\n',
    invalid:
      '/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>; soc { compatible = "simple-bus"; #address-cells = <1>; #size-cells = <1>; ranges; d@2000 { reg = <0x1000 4>; }; }; };\n',
  },
  visit(node, ctx) {
    const parent = node.parent;
    const { state } = ctx;
    if (!parent || state.bus.get(parent) !== 'simple-bus') return;
    let value = node.prop('reg')?.value;
    let first = 0;
    if (!value) {
      const ranges = node.prop('ranges');
      // The parent-bus address follows the child address in each `ranges` entry.
      if (ranges && ranges.value.length > 0) {
        value = ranges.value;
        first = state.addrCellsOf(node);
      }
    }
    if (!value || value.length === 0) {
      if (parent.parent && state.bus.get(node) !== 'simple-bus')
        ctx.report(node, undefined, 'missing or empty reg/ranges property');
      return;
    }
    let reg = 0n;
    for (let i = 0; i < state.addrCellsOf(parent); i++)
      reg = ((reg << 32n) | BigInt(cellAt(value, first + i))) & 0xffffffffffffffffn;
    const expected = hex(reg);
    if (unitName(node) !== expected)
      ctx.report(node, undefined, `simple-bus unit address format error, expected "${expected}"`);
  },
});
