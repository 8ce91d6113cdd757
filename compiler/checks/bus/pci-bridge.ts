import { defineCheck } from '../define-check.js';
import { cString } from '../values.js';

export const pciBridge = defineCheck({
  id: 'bus/pci-bridge',
  dtcName: 'pci_bridge',
  severity: 'warning',
  requires: ['device_type_is_string', 'addr_size_cells'],
  summary:
    'A `device_type = "pci"` bridge: name pci/pcie, has `ranges`, 3 address and 2 size cells, sane `bus-range`.',
  examples: {
    valid:
      '/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>; pci@0 { device_type = "pci"; reg = <0 4>; ranges; #address-cells = <3>; #size-cells = <2>; bus-range = <0 1>; }; };\n',
    invalid:
      '/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>; bridge@0 { device_type = "pci"; reg = <0 4>; #address-cells = <1>; #size-cells = <1>; }; };\n',
  },
  visitProperty: {
    name: 'device_type',
    visit(node, type, ctx) {
      if (cString(type.value) !== 'pci') return;
      ctx.state.bus.set(node, 'pci');
      if (node.basename !== 'pci' && node.basename !== 'pcie')
        ctx.report(node, undefined, 'node name is not "pci" or "pcie"');
      if (!node.prop('ranges'))
        ctx.report(node, undefined, 'missing ranges for PCI bridge (or not a bridge)');
      if (ctx.state.addrCellsOf(node) !== 3)
        ctx.report(node, undefined, 'incorrect #address-cells for PCI bridge');
      if (ctx.state.sizeCellsOf(node) !== 2)
        ctx.report(node, undefined, 'incorrect #size-cells for PCI bridge');
      const range = node.prop('bus-range');
      if (!range) return;
      if (range.value.length !== 8) {
        ctx.report(node, range, 'value must be 2 cells');
        return;
      }
      const [min, max] = [range.value.cell(0), range.value.cell(1)];
      if (min > max) ctx.report(node, range, '1st cell must be less than or equal to 2nd cell');
      if (max > 0xff) ctx.report(node, range, 'maximum bus number must be less than 256');
    },
  },
});
