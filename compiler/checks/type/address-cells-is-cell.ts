import { isCellCheck } from '../kinds.js';

export const addressCellsIsCell = isCellCheck({
  id: 'type/address-cells-is-cell',
  dtcName: 'address_cells_is_cell',
  severity: 'warning',
  property: '#address-cells',
  summary: '`#address-cells` that is not exactly one cell.',
  examples: {
    valid: '/dts-v1/;\n/ { #address-cells = <1>; };\n',
    invalid: '/dts-v1/;\n/ { #address-cells = <1 1>; };\n',
  },
});
