import { defineCheck } from '../define-check.js';
import { isCompatible } from '../values.js';

/** Marks `simple-bus` nodes for `simple_bus_reg` and `unit_address_format`; never reports. */
export const simpleBusBridge = defineCheck({
  id: 'bus/simple-bus-bridge',
  dtcName: 'simple_bus_bridge',
  severity: 'warning',
  requires: ['addr_size_cells', 'compatible_is_string_list'],
  summary: 'Recognises simple-bus nodes for the checks that follow (reports nothing itself).',
  visit(node, ctx) {
    if (isCompatible(node, 'simple-bus')) ctx.state.bus.set(node, 'simple-bus');
  },
});
