import { defineCheck } from '../define-check.js';
import { checkRangesFormat } from './ranges.js';

export const rangesFormat = defineCheck({
  id: 'addr/ranges-format',
  dtcName: 'ranges_format',
  severity: 'warning',
  requires: ['addr_size_cells'],
  summary: '`ranges` on the root, empty while cell counts differ from the parent, or of a bad length.',
  examples: {
    valid:
      '/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>; bus@0 { #address-cells = <1>; #size-cells = <1>; ranges = <0 0 4>; }; };\n',
    invalid:
      '/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>; bus@0 { #address-cells = <1>; #size-cells = <1>; ranges = <0 0>; }; };\n',
  },
  visitProperty: {
    name: 'ranges',
    visit: (node, prop, ctx) => checkRangesFormat(node, prop, ctx, 'ranges'),
  },
});
