import { defineCheck } from '../define-check.js';
import { cellAt, hex, unitName } from '../values.js';

export const pciDeviceReg = defineCheck({
  id: 'bus/pci-device-reg',
  dtcName: 'pci_device_reg',
  severity: 'warning',
  requires: ['reg_format', 'pci_bridge'],
  summary:
    'A PCI device whose `reg` is not a config-space address or whose unit address is not `dev[,func]`.',
  examples: {
    valid:
      '/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>; pci@0 { device_type = "pci"; reg = <0 4>; ranges; #address-cells = <3>; #size-cells = <2>; dev@1,2 { reg = <0x0a00 0 0 0 0>; }; }; };\n',
    invalid:
      '/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>; pci@0 { device_type = "pci"; reg = <0 4>; ranges; #address-cells = <3>; #size-cells = <2>; dev@3 { reg = <0x0a00 0 0 0 0>; }; }; };\n',
  },
  visitProperty: {
    name: 'reg',
    visit(node, prop, ctx) {
      if (!node.parent || ctx.state.bus.get(node.parent) !== 'pci') return;
      const v = prop.value;
      if (cellAt(v, 1) || cellAt(v, 2))
        ctx.report(node, prop, 'PCI reg config space address cells 2 and 3 must be 0');
      const reg = cellAt(v, 0);
      const dev = (reg & 0xf800) >>> 11;
      const func = (reg & 0x700) >>> 8;
      if (reg & 0xff000000) ctx.report(node, prop, 'PCI reg address is not configuration space');
      if (reg & 0xff) ctx.report(node, prop, 'PCI reg config space address register number must be 0');
      const unit = unitName(node);
      if (func === 0 && unit === hex(dev)) return;
      const expected = `${hex(dev)},${hex(func)}`;
      if (unit === expected) return;
      ctx.report(node, undefined, `PCI unit address format error, expected "${expected}"`);
    },
  },
});
