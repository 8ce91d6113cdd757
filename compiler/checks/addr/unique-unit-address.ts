import { defineCheck } from '../define-check.js';
import { checkUniqueUnitAddress } from './unique-unit-address-common.js';

export const uniqueUnitAddress = defineCheck({
  id: 'addr/unique-unit-address',
  dtcName: 'unique_unit_address',
  severity: 'warning',
  requires: ['avoid_default_addr_size'],
  summary: 'Two children with the same unit address.',
  examples: {
    valid:
      '/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>; a@0 { reg = <0 4>; }; b@4 { reg = <4 4>; }; };\n',
    invalid:
      '/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>; a@0 { reg = <0 4>; }; b@0 { reg = <0 4>; }; };\n',
  },
  visit(node, ctx) {
    checkUniqueUnitAddress(node, ctx, false);
  },
});
