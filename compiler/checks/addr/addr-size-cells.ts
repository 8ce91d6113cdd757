import { defineCheck } from '../define-check.js';
import { firstCell } from '../values.js';

/** Records each node's `#address-cells`/`#size-cells` (-1 when absent) for the checks that follow. */
export const addrSizeCells = defineCheck({
  id: 'addr/addr-size-cells',
  dtcName: 'addr_size_cells',
  severity: 'warning',
  requires: ['address_cells_is_cell', 'size_cells_is_cell'],
  summary: 'Reads #address-cells/#size-cells for later checks; fails only through its prerequisites.',
  visit(node, ctx) {
    const a = node.prop('#address-cells');
    const s = node.prop('#size-cells');
    ctx.state.addrCells.set(node, a ? firstCell(a) : -1);
    ctx.state.sizeCells.set(node, s ? firstCell(s) : -1);
  },
});
