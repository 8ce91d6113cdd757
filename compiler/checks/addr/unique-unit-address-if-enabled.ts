import { defineCheck } from '../define-check.js';
import { checkUniqueUnitAddress } from './unique-unit-address-common.js';

export const uniqueUnitAddressIfEnabled = defineCheck({
  id: 'addr/unique-unit-address-if-enabled',
  dtcName: 'unique_unit_address_if_enabled',
  severity: 'off',
  requires: ['avoid_default_addr_size'],
  summary: 'Two children with the same unit address, neither of them `status = "disabled"`.',
  examples: {
    valid:
      '/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>; a@0 { reg = <0 4>; }; b@0 { reg = <0 4>; status = "disabled"; }; };\n',
    invalid:
      '/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>; a@0 { reg = <0 4>; }; b@0 { reg = <0 4>; }; };\n',
  },
  visit(node, ctx) {
    checkUniqueUnitAddress(node, ctx, true);
  },
});
