import { defineCheck } from '../define-check.js';
import { isMultipleOf } from './multiple.js';

export const regFormat = defineCheck({
  id: 'addr/reg-format',
  dtcName: 'reg_format',
  severity: 'warning',
  requires: ['addr_size_cells'],
  summary: '`reg` on the root, empty, or not a whole number of (#address-cells + #size-cells) entries.',
  examples: {
    valid: '/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>; n@0 { reg = <0 4>; }; };\n',
    invalid: '/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>; n@0 { reg = <0 4 8>; }; };\n',
  },
  visitProperty: {
    name: 'reg',
    visit(node, prop, ctx) {
      if (!node.parent) {
        ctx.report(node, undefined, 'Root node has a "reg" property');
        return;
      }
      const len = prop.value.length;
      if (len === 0) ctx.report(node, prop, 'property is empty');
      const a = ctx.state.addrCellsOf(node.parent);
      const s = ctx.state.sizeCellsOf(node.parent);
      if (!isMultipleOf(len, (a + s) * 4))
        ctx.report(
          node,
          prop,
          `property has invalid length (${len} bytes) (#address-cells == ${a}, #size-cells == ${s})`,
        );
    },
  },
});
