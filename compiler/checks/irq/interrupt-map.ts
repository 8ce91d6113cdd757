import { defineCheck } from '../define-check.js';
import { cellLoc } from '../locate.js';
import { firstCell, isValidPhandle } from '../values.js';

export const interruptMap = defineCheck({
  id: 'irq/interrupt-map',
  dtcName: 'interrupt_map',
  severity: 'warning',
  requires: ['phandle_references', 'addr_size_cells', 'interrupt_provider'],
  summary:
    '`interrupt-map` entries that do not match the child and parent cell counts, or name a bad parent.',
  examples: {
    valid:
      '/dts-v1/;\n/ { intc: intc { interrupt-controller; #interrupt-cells = <1>; #address-cells = <0>; }; bridge { #address-cells = <1>; #interrupt-cells = <1>; interrupt-map-mask = <0 7>; interrupt-map = <0 1 &intc 5>; }; };\n',
    invalid:
      '/dts-v1/;\n/ { intc: intc { interrupt-controller; #interrupt-cells = <1>; #address-cells = <0>; }; bridge { #address-cells = <1>; #interrupt-cells = <1>; interrupt-map = <0 1 &intc>; }; };\n',
  },
  visitProperty: {
    name: 'interrupt-map',
    visit(node, map, ctx) {
      const { state } = ctx;
      if (state.rawAddrCells(node) < 0) {
        ctx.report(node, undefined, "Missing '#address-cells' in interrupt-map provider");
        return;
      }
      const ownCells = node.prop('#interrupt-cells');
      const childCells = state.addrCellsOf(node) + (ownCells ? firstCell(ownCells) : 0);
      const mask = node.prop('interrupt-map-mask');
      if (mask && mask.value.length !== childCells * 4)
        ctx.report(node, mask, `property size (${mask.value.length}) is invalid, expected ${childCells * 4}`);
      const len = map.value.length;
      if (len % 4 !== 0) {
        ctx.report(node, map, `property size (${len}) is invalid, expected multiple of 4`);
        return;
      }
      const mapCells = len / 4;
      for (let cell = 0; cell < mapCells; ) {
        if (cell + childCells >= mapCells) {
          ctx.report(node, map, `property size (${len}) too small, expected > ${(cell + childCells) * 4}`);
          break;
        }
        cell += childCells;
        const phandle = map.value.cell(cell);
        if (!isValidPhandle(phandle)) {
          // In an overlay this may be an unresolved external reference.
          if (!ctx.plugin)
            ctx.report(node, map, `Cell ${cell} is not a phandle(${phandle | 0})`, cellLoc(map, cell));
          break;
        }
        const parent = ctx.nodeByPhandle(phandle);
        if (!parent) {
          ctx.report(
            node,
            map,
            `Could not get phandle(${phandle | 0}) node for (cell ${cell})`,
            cellLoc(map, cell),
          );
          break;
        }
        const irqCells = parent.prop('#interrupt-cells');
        if (!irqCells) {
          ctx.report(
            node,
            undefined,
            `Missing property '#interrupt-cells' in node ${parent.path} or bad phandle (referred from interrupt-map[${cell}])`,
            cellLoc(map, cell),
          );
          break;
        }
        let parentCells = firstCell(irqCells);
        const addrCells = parent.prop('#address-cells');
        if (addrCells) parentCells += firstCell(addrCells);
        else
          ctx.report(
            node,
            map,
            `Missing property '#address-cells' in node ${parent.path}, using 0 as fallback`,
            cellLoc(map, cell),
          );
        cell += 1 + parentCells;
        if (cell > mapCells) ctx.report(node, map, `property size (${len}) mismatch, expected ${cell * 4}`);
      }
    },
  },
});
