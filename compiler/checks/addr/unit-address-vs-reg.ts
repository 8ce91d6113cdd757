import { defineCheck } from '../define-check.js';
import { unitName } from '../values.js';

export const unitAddressVsReg = defineCheck({
  id: 'addr/unit-address-vs-reg',
  dtcName: 'unit_address_vs_reg',
  severity: 'warning',
  requires: [],
  summary: '`reg` or non-empty `ranges` without a unit address, or a unit address without them.',
  examples: {
    valid: '/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>; n@10 { reg = <0x10 4>; }; };\n',
    invalid: '/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>; n { reg = <0x10 4>; }; };\n',
  },
  visit(node, ctx) {
    // Overlay fragments hold `__overlay__` and follow their own rules.
    if (node.child('__overlay__')) return;
    let prop = node.prop('reg');
    if (!prop) {
      prop = node.prop('ranges');
      if (prop && prop.value.length === 0) prop = undefined;
    }
    const unit = unitName(node);
    if (prop && !unit) ctx.report(node, undefined, 'node has a reg or ranges property, but no unit name');
    else if (!prop && unit)
      ctx.report(node, undefined, 'node has a unit name, but no reg or ranges property');
  },
});
