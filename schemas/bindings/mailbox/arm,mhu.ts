import { z } from 'zod';
import { defineBinding } from '../../define.js';
import { t } from '../../types/dt.js';
import { board } from '../examples.js';
import { compatibleLists } from '../interrupt-controller/common.js';

/**
 * Arm MHU v1 (`mailbox/arm,mhu.yaml`): three links (low-priority NS, high-priority NS, secure), in data
 * mode (`#mbox-cells = <1>`: link) or doorbell mode (`<2>`: link, doorbell bit).
 */
export default defineBinding({
  id: 'mailbox/arm,mhu',
  summary: 'Arm MHUv1 mailbox, data-transfer or doorbell mode',
  compatible: ['arm,mhu', 'arm,mhu-doorbell'],
  properties: z.strictObject({
    compatible: compatibleLists(['arm,mhu', 'arm,primecell'], ['arm,mhu-doorbell', 'arm,primecell']),
    reg: t.reg().max(1),
    interrupts: t.interrupts().min(2).max(3),
    clocks: t.phandleArray('#clock-cells').max(1).optional(),
    'clock-names': t.stringList(z.tuple([z.literal('apb_pclk')])).optional(),
    '#mbox-cells': t.u32(z.union([z.literal(1), z.literal(2)])),
  }),
  rules: [
    {
      id: 'mode-cells',
      severity: 'error',
      summary: "'#mbox-cells' is 1 in data mode and 2 in doorbell mode",
      check({ view, report }) {
        const cells = view.u32('#mbox-cells');
        if (cells === undefined) return;
        const doorbell = view.compatible.includes('arm,mhu-doorbell');
        const want = doorbell ? 2 : 1;
        if (cells !== want)
          report({
            property: '#mbox-cells',
            cell: 0,
            message: `${doorbell ? 'doorbell' : 'data-transfer'} mode takes #mbox-cells = <${want}>, not <${cells}>`,
          });
      },
    },
  ],
  examples: [
    {
      title: 'doorbell mode',
      valid: true,
      dts: board(`
  mailbox@2b2f0000 {
    compatible = "arm,mhu-doorbell", "arm,primecell";
    reg = <0x2b2f0000 0x1000>;
    interrupts = <0 36 4>, <0 35 4>, <0 37 4>;
    #mbox-cells = <2>;
  };`),
    },
    {
      title: 'data mode with doorbell cells and a single interrupt',
      valid: false,
      dts: board(`
  mailbox@2b1f0000 {
    compatible = "arm,mhu", "arm,primecell";
    reg = <0x2b1f0000 0x1000>;
    interrupts = <0 36 4>;
    #mbox-cells = <2>;
  };`),
      expect: [
        { code: 'schema/mailbox/arm,mhu/too-few', at: '<0 36 4>' },
        { code: 'schema/mailbox/arm,mhu/mode-cells', at: '#mbox-cells = <[2]>' },
      ],
    },
  ],
});
