import { defineCheck } from '../define-check.js';
import { unitName } from '../values.js';

const HEX_DIGIT = /^[0-9a-fA-F]$/;

export const unitAddressFormat = defineCheck({
  id: 'addr/unit-address-format',
  dtcName: 'unit_address_format',
  severity: 'warning',
  requires: ['node_name_format', 'pci_bridge', 'simple_bus_bridge'],
  summary: 'Unit address with a leading `0x` or leading zeros (not checked on recognised buses).',
  examples: {
    valid: '/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>; n@10 { reg = <0x10 4>; }; };\n',
    invalid: '/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>; n@0x10 { reg = <0x10 4>; }; };\n',
  },
  visit(node, ctx) {
    // Only the buses whose bridge checks ran before this one (PCI, simple-bus) are exempt.
    if (node.parent && ctx.state.bus.has(node.parent)) return;
    let unit = unitName(node);
    if (!unit) return;
    if (unit.startsWith('0x')) {
      ctx.report(node, undefined, 'unit name should not have leading "0x"');
      unit = unit.slice(2);
    }
    if (unit[0] === '0' && HEX_DIGIT.test(unit[1] ?? ''))
      ctx.report(node, undefined, 'unit name should not have leading 0s');
  },
});
