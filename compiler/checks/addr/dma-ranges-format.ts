import { defineCheck } from '../define-check.js';
import { checkRangesFormat } from './ranges.js';

export const dmaRangesFormat = defineCheck({
  id: 'addr/dma-ranges-format',
  dtcName: 'dma_ranges_format',
  severity: 'warning',
  requires: ['addr_size_cells'],
  summary: '`dma-ranges` on the root, empty while cell counts differ from the parent, or of a bad length.',
  examples: {
    valid:
      '/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>; bus { #address-cells = <1>; #size-cells = <1>; dma-ranges = <0 0 4>; }; };\n',
    invalid:
      '/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>; bus { #address-cells = <2>; #size-cells = <1>; dma-ranges; }; };\n',
  },
  visitProperty: {
    name: 'dma-ranges',
    visit: (node, prop, ctx) => checkRangesFormat(node, prop, ctx, 'dma-ranges'),
  },
});
