import { z } from 'zod';
import { defineBinding } from '../../define.js';
import { t } from '../../types/dt.js';
import { board } from '../examples.js';
import { compatibleLists } from '../interrupt-controller/common.js';

/**
 * NXP Messaging Unit (`mailbox/fsl,mu.yaml`): `#mbox-cells = <2>` (channel type 0-5, index). The
 * i.MX93 S4 variant has separate TX/RX interrupts; the i.MX95 MU may carry an SRAM child.
 */
const SINGLE = [
  'fsl,imx6sx-mu',
  'fsl,imx7ulp-mu',
  'fsl,imx8ulp-mu',
  'fsl,imx8-mu-scu',
  'fsl,imx8-mu-seco',
  'fsl,imx8ulp-mu-s4',
  'fsl,imx93-mu-s4',
  'fsl,imx95-mu',
  'fsl,imx95-mu-ele',
  'fsl,imx95-mu-v2x',
];
const ON_IMX6SX = [
  'fsl,imx7s-mu',
  'fsl,imx8mq-mu',
  'fsl,imx8mm-mu',
  'fsl,imx8mn-mu',
  'fsl,imx8mp-mu',
  'fsl,imx8qm-mu',
  'fsl,imx8qxp-mu',
];

export default defineBinding({
  id: 'mailbox/fsl,mu',
  summary: 'NXP i.MX Messaging Unit',
  compatible: [...SINGLE, 'fsl,imx93-mu', 'fsl,imx94-mu', ...ON_IMX6SX],
  properties: z.strictObject({
    compatible: compatibleLists(
      ...SINGLE.map((c) => [c]),
      ['fsl,imx93-mu', 'fsl,imx8ulp-mu'],
      ...ON_IMX6SX.map((c) => [c, 'fsl,imx6sx-mu']),
      ['fsl,imx8-mu-scu', 'fsl,imx8qm-mu', 'fsl,imx6sx-mu'],
      ['fsl,imx8-mu-scu', 'fsl,imx8qxp-mu', 'fsl,imx6sx-mu'],
      ['fsl,imx94-mu', 'fsl,imx95-mu'],
    ),
    reg: t.reg().max(1),
    interrupts: t.interrupts().min(1).max(2),
    'interrupt-names': t.stringList(z.array(z.string()).min(1).max(2)).optional(),
    '#mbox-cells': t.u32(z.literal(2)),
    clocks: t.phandleArray('#clock-cells').max(1).optional(),
    'fsl,mu-side-b': t.flag().optional(),
    'power-domains': t.phandleArray('#power-domain-cells').max(1).optional(),
    ranges: t.any().optional(),
    '#address-cells': t.u32(z.literal(1)).optional(),
    '#size-cells': t.u32(z.literal(1)).optional(),
  }),
  children: [{ name: /^sram@[a-f0-9]+/, schema: { properties: z.object({}), additionalChildren: true } }],
  rules: [
    {
      id: 'variant-interrupts',
      severity: 'error',
      summary: 'i.MX93 S4 MUs have named TX and RX interrupts; the others one unnamed interrupt',
      check({ view, report }) {
        const s4 = view.compatible.includes('fsl,imx93-mu-s4');
        const names = view.strings('interrupt-names');
        if (s4) {
          if (!names || names.length < 2)
            report({
              property: 'interrupt-names',
              message: 'an \'fsl,imx93-mu-s4\' names its interrupts "tx", "rx"',
            });
          return;
        }
        if (names)
          report({ property: 'interrupt-names', message: "only 'fsl,imx93-mu-s4' names its interrupts" });
        if (view.interrupts.length > 1)
          report({ property: 'interrupts', message: 'this MU has one interrupt' });
      },
    },
    {
      id: 'sram-child',
      severity: 'error',
      summary: 'only the i.MX95 MU carries an SRAM child',
      check({ node, view, report }) {
        if (view.compatible.includes('fsl,imx95-mu')) return;
        for (const c of node.liveChildren)
          if (c.name.startsWith('sram@'))
            report({ message: `'${c.name}' is only allowed in an 'fsl,imx95-mu'` });
      },
    },
  ],
  examples: [
    {
      title: 'i.MX8QXP MU',
      valid: true,
      dts: board(`
  mailbox@5d1b0000 {
    compatible = "fsl,imx8qxp-mu", "fsl,imx6sx-mu";
    reg = <0x5d1b0000 0x10000>;
    interrupts = <0 176 4>;
    #mbox-cells = <2>;
  };`),
    },
    {
      title: 'one-cell channels, named interrupt on a plain MU',
      valid: false,
      dts: board(`
  mailbox@5d1b0000 {
    compatible = "fsl,imx8mm-mu", "fsl,imx6sx-mu";
    reg = <0x5d1b0000 0x10000>;
    interrupts = <0 176 4>;
    interrupt-names = "tx";
    #mbox-cells = <1>;
  };`),
      expect: [
        { code: 'schema/mailbox/fsl,mu/invalid-value', at: '#mbox-cells = <[1]>' },
        { code: 'schema/mailbox/fsl,mu/variant-interrupts', at: '"tx"' },
      ],
    },
  ],
});
