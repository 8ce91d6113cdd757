import { defineCheck } from '../define-check.js';
import { cellAt } from '../values.js';

export const pciDeviceBusNum = defineCheck({
  id: 'bus/pci-device-bus-num',
  dtcName: 'pci_device_bus_num',
  severity: 'warning',
  requires: ['reg_format', 'pci_bridge'],
  summary: "A PCI device's bus number outside its bridge's `bus-range` (0-0 when absent).",
  examples: {
    valid:
      '/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>; pci@0 { device_type = "pci"; reg = <0 4>; ranges; #address-cells = <3>; #size-cells = <2>; bus-range = <0 1>; dev@0 { reg = <0x10000 0 0 0 0>; }; }; };\n',
    invalid:
      '/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>; pci@0 { device_type = "pci"; reg = <0 4>; ranges; #address-cells = <3>; #size-cells = <2>; dev@0 { reg = <0x10000 0 0 0 0>; }; }; };\n',
  },
  visitProperty: {
    name: 'reg',
    visit(node, reg, ctx) {
      const parent = node.parent;
      if (!parent || ctx.state.bus.get(parent) !== 'pci') return;
      const busNum = (cellAt(reg.value, 0) & 0x00ff0000) >>> 16;
      const range = parent.prop('bus-range');
      const min = range ? cellAt(range.value, 0) : 0;
      const max = range ? cellAt(range.value, 1) : 0;
      // dtc names the bridge's `bus-range` (with this node's path), or nothing when it is absent.
      if (busNum < min || busNum > max)
        ctx.report(node, range, `PCI bus number ${busNum} out of range, expected (${min} - ${max})`);
    },
  },
});
