import { z } from 'zod';
import { defineBinding } from '../../define.js';
import { t } from '../../types/dt.js';
import { board } from '../examples.js';
import { compatibleLists } from '../interrupt-controller/common.js';

/** Arm MHUv2 (`mailbox/arm,mhuv2.yaml`): one unidirectional block (sender or receiver) of up to 124 windows. */
const MAX_WINDOWS = 124;

export default defineBinding({
  id: 'mailbox/arm,mhuv2',
  summary: 'Arm MHUv2 sender/receiver block, channel windows grouped by transport protocol',
  compatible: ['arm,mhuv2-tx', 'arm,mhuv2-rx'],
  properties: z.strictObject({
    compatible: compatibleLists(['arm,mhuv2-tx', 'arm,primecell'], ['arm,mhuv2-rx', 'arm,primecell']),
    reg: t.reg().max(1),
    interrupts: t.interrupts().max(1).optional(),
    clocks: t.phandleArray('#clock-cells').max(1).optional(),
    'clock-names': t.stringList().max(1).optional(),
    'arm,mhuv2-protocols': t
      .matrix(2, z.tuple([z.union([z.literal(0), z.literal(1)]), z.number().min(0).max(MAX_WINDOWS)]))
      .min(1)
      .max(MAX_WINDOWS),
    '#mbox-cells': t.u32(z.literal(2)),
  }),
  rules: [
    {
      id: 'receiver-interrupt',
      severity: 'error',
      summary: 'a receiver block has its interrupt',
      check({ node, view, report }) {
        if (
          view.compatible.includes('arm,mhuv2-rx') &&
          !node.prop('interrupts') &&
          !node.prop('interrupts-extended')
        )
          report({ message: "an 'arm,mhuv2-rx' receiver requires 'interrupts'", property: 'interrupts' });
      },
    },
    {
      id: 'window-count',
      severity: 'error',
      summary: 'the protocol groups use at most 124 channel windows in total',
      check({ values, report }) {
        const rows = values['arm,mhuv2-protocols'];
        if (!Array.isArray(rows)) return;
        const total = (rows as number[][]).reduce((n, r) => n + (r[1] ?? 0), 0);
        if (total > MAX_WINDOWS)
          report({
            property: 'arm,mhuv2-protocols',
            message: `the protocol groups use ${total} channel windows; an MHUv2 has at most ${MAX_WINDOWS}`,
          });
      },
    },
  ],
  examples: [
    {
      title: 'sender with doorbell and data-transfer groups',
      valid: true,
      dts: board(`
  mailbox@2b1f0000 {
    compatible = "arm,mhuv2-tx", "arm,primecell";
    reg = <0x2b1f0000 0x1000>;
    #mbox-cells = <2>;
    arm,mhuv2-protocols = <0 2>, <1 1>, <1 5>;
  };`),
    },
    {
      title: 'receiver without interrupt, unknown protocol',
      valid: false,
      dts: board(`
  mailbox@2b1f0000 {
    compatible = "arm,mhuv2-rx", "arm,primecell";
    reg = <0x2b1f0000 0x1000>;
    #mbox-cells = <2>;
    arm,mhuv2-protocols = <2 1>;
  };`),
      expect: [
        'schema/mailbox/arm,mhuv2/receiver-interrupt',
        { code: 'schema/mailbox/arm,mhuv2/invalid-value', at: '<[2] 1>' },
      ],
    },
  ],
});
