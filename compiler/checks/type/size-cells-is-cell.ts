import { isCellCheck } from '../kinds.js';

export const sizeCellsIsCell = isCellCheck({
  id: 'type/size-cells-is-cell',
  dtcName: 'size_cells_is_cell',
  severity: 'warning',
  property: '#size-cells',
  summary: '`#size-cells` that is not exactly one cell.',
  examples: {
    valid: '/dts-v1/;\n/ { #size-cells = <1>; };\n',
    invalid: '/dts-v1/;\n/ { #size-cells = <1 1>; };\n',
  },
});
