import { z } from 'zod';
import { defineBinding } from '../../define.js';
import { t } from '../../types/dt.js';
import { board } from '../examples.js';

/**
 * dt-schema's `interrupt-controller.yaml` dependencies, for every provider or nexus: the properties
 * that must come together, and the rows of `interrupt-map` (each sized by its parent's cells).
 */
export default defineBinding({
  id: 'core/interrupt-controller',
  summary: 'interrupt providers and nexuses: #interrupt-cells, interrupt-controller, interrupt-map',
  compatible: [],
  select: (node) =>
    node.prop('interrupt-controller') !== undefined ||
    node.prop('#interrupt-cells') !== undefined ||
    node.prop('interrupt-map') !== undefined ||
    node.prop('interrupt-map-mask') !== undefined,
  properties: z.object({
    'interrupt-controller': t.flag().optional(),
    '#interrupt-cells': t.u32().optional(),
    'interrupt-map': t.cells().optional(),
    'interrupt-map-mask': t.cells().optional(),
  }),
  rules: [
    {
      id: 'dependencies',
      severity: 'error',
      summary: 'interrupt-controller/interrupt-map need #interrupt-cells and the reverse; a mask needs a map',
      check({ node, report }) {
        const has = (n: string) => node.prop(n) !== undefined;
        if (has('interrupt-controller') && !has('#interrupt-cells'))
          report({
            property: 'interrupt-controller',
            message: "an interrupt controller needs '#interrupt-cells'",
          });
        if (has('interrupt-map') && !has('#interrupt-cells'))
          report({ property: 'interrupt-map', message: "an interrupt nexus needs '#interrupt-cells'" });
        if (has('interrupt-map-mask') && !has('interrupt-map'))
          report({ property: 'interrupt-map-mask', message: "'interrupt-map-mask' without 'interrupt-map'" });
        if (has('#interrupt-cells') && !has('interrupt-controller') && !has('interrupt-map'))
          report({
            property: '#interrupt-cells',
            message:
              "'#interrupt-cells' on a node that is neither 'interrupt-controller' nor has 'interrupt-map'",
          });
      },
    },
    {
      id: 'interrupt-map',
      severity: 'error',
      summary: 'every interrupt-map row can be sized and points at an interrupt parent',
      check({ node, tree, report }) {
        const map = tree.interruptResolver.interruptMap(node);
        for (const issue of map?.issues ?? [])
          report({ rule: issue.rule, message: issue.message, ...(issue.at ? { at: issue.at } : {}) });
      },
    },
  ],
  examples: [
    {
      title: 'a nexus mapping two lines onto GIC SPIs',
      valid: true,
      dts: board(`
  nexus: bridge {
    #address-cells = <0>;
    #interrupt-cells = <1>;
    interrupt-map-mask = <0xffffffff>;
    interrupt-map = <0 &gic 0 40 4>, <1 &gic 0 41 4>;
  };
  dev {
    interrupt-parent = <&nexus>;
    interrupts = <1>;
  };`),
    },
    {
      title: 'controller without #interrupt-cells; row pointing at a node that is no interrupt parent',
      valid: false,
      dts: board(`
  intc: intc {
    interrupt-controller;
  };
  other: other {
  };
  bridge {
    #address-cells = <0>;
    #interrupt-cells = <1>;
    interrupt-map = <0 &other 0 40 4>;
  };`),
      expect: [
        {
          code: 'schema/core/interrupt-controller/dependencies',
          at: '[interrupt-controller;]\n  };\n  other',
        },
        { code: 'schema/core/interrupt-controller/interrupt-map-parent-cells', at: '&other' },
      ],
    },
  ],
});
