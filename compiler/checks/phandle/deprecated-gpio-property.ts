import { defineCheck } from '../define-check.js';
import { endsWith, liveProps } from '../values.js';
import { isGpioProperty } from './gpio-names.js';

export const deprecatedGpioProperty = defineCheck({
  id: 'phandle/deprecated-gpio-property',
  dtcName: 'deprecated_gpio_property',
  severity: 'off',
  requires: [],
  summary: 'The singular `gpio`/`*-gpio` property names are deprecated in favour of `*-gpios`.',
  examples: {
    valid: '/dts-v1/;\n/ { g: gpio { #gpio-cells = <1>; }; led { enable-gpios = <&g 1>; }; };\n',
    invalid: '/dts-v1/;\n/ { g: gpio { #gpio-cells = <1>; }; led { enable-gpio = <&g 1>; }; };\n',
  },
  visit(node, ctx) {
    for (const prop of liveProps(node))
      if (isGpioProperty(prop.name) && endsWith(prop.name, 'gpio'))
        ctx.report(node, prop, "'[*-]gpio' is deprecated, use '[*-]gpios' instead");
  },
});
