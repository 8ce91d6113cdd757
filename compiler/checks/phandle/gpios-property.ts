import { defineCheck } from '../define-check.js';
import { liveProps } from '../values.js';
import { isGpioProperty } from './gpio-names.js';
import { checkPhandleArgs } from './phandle-args.js';

const GPIO_CELLS = { cellsProperty: '#gpio-cells', optional: false };

export const gpiosProperty = defineCheck({
  id: 'phandle/gpios-property',
  dtcName: 'gpios_property',
  severity: 'warning',
  requires: ['phandle_references'],
  summary:
    '`gpios`/`*-gpios` entries must be a phandle to a node with `#gpio-cells` followed by that many cells.',
  examples: {
    valid: '/dts-v1/;\n/ { g: gpio { #gpio-cells = <2>; }; led { gpios = <&g 1 0>; }; };\n',
    invalid: '/dts-v1/;\n/ { g: gpio { #gpio-cells = <2>; }; led { gpios = <&g 1>; }; };\n',
  },
  visit(node, ctx) {
    // GPIO hogs have a `gpios` property of their own shape.
    if (node.prop('gpio-hog')) return;
    for (const prop of liveProps(node))
      if (isGpioProperty(prop.name)) checkPhandleArgs(node, prop, GPIO_CELLS, ctx);
  },
});
