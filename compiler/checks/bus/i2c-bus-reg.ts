import { defineCheck } from '../define-check.js';
import { cellAt, hex, unitName } from '../values.js';

const OWN_SLAVE_ADDRESS = 1 << 30;
const TEN_BIT_ADDRESS = 0x80000000;

export const i2cBusReg = defineCheck({
  id: 'bus/i2c-bus-reg',
  dtcName: 'i2c_bus_reg',
  severity: 'warning',
  requires: ['reg_format', 'i2c_bus_bridge'],
  summary: 'An I2C device without `reg`, with a unit address other than hex(reg), or an address too wide.',
  examples: {
    valid: '/dts-v1/;\n/ { i2c { #address-cells = <1>; #size-cells = <0>; dev@50 { reg = <0x50>; }; }; };\n',
    invalid:
      '/dts-v1/;\n/ { i2c { #address-cells = <1>; #size-cells = <0>; dev@50 { reg = <0x51>; }; }; };\n',
  },
  visit(node, ctx) {
    if (!node.parent || ctx.state.bus.get(node.parent) !== 'i2c') return;
    const prop = node.prop('reg');
    if (!prop || prop.value.length === 0) {
      ctx.report(node, undefined, 'missing or empty reg property');
      return;
    }
    const v = prop.value;
    const expected = hex((cellAt(v, 0) & ~OWN_SLAVE_ADDRESS) >>> 0);
    if (unitName(node) !== expected)
      ctx.report(node, undefined, `I2C bus unit address format error, expected "${expected}"`);
    for (let len = v.length, i = 0; len > 0; len -= 4, i++) {
      const reg = (cellAt(v, i) & ~OWN_SLAVE_ADDRESS) >>> 0;
      if (reg & TEN_BIT_ADDRESS) {
        if ((reg & ~TEN_BIT_ADDRESS) >>> 0 > 0x3ff)
          ctx.report(node, prop, `I2C address must be less than 10-bits, got "0x${hex(reg)}"`);
      } else if (reg > 0x7f) {
        ctx.report(
          node,
          prop,
          `I2C address must be less than 7-bits, got "0x${hex(reg)}". Set I2C_TEN_BIT_ADDRESS for 10 bit addresses or fix the property`,
        );
      }
    }
  },
});
