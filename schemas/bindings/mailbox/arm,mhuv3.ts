import { z } from 'zod';
import { defineBinding } from '../../define.js';
import { t } from '../../types/dt.js';
import { board } from '../examples.js';

/**
 * Arm MHUv3 (`mailbox/arm,mhuv3.yaml`): a postbox or mailbox block with doorbell, fast-channel and FIFO
 * extensions; consumers name (extension, channel, flag) in three cells.
 */
const INTERRUPT_NAME =
  /^(combined|combined-ffch|ffch-(low-tide|high-tide|flush)-[0-9]+|mbx-(dbch|fch|fchgrp|ffch)-xfer-[0-9]+|pbx-(dbch|ffch)-xfer-ack-[0-9]+)$/;

export default defineBinding({
  id: 'mailbox/arm,mhuv3',
  summary: 'Arm MHUv3 postbox/mailbox block with its extension interrupts',
  compatible: ['arm,mhuv3'],
  properties: z.strictObject({
    compatible: t.stringList(z.tuple([z.literal('arm,mhuv3')])),
    reg: t.reg().max(1),
    interrupts: t.interrupts().min(1).max(74),
    'interrupt-names': t.stringList(z.array(z.string().regex(INTERRUPT_NAME)).min(1).max(74)),
    '#mbox-cells': t.u32(z.literal(3)),
    clocks: t.phandleArray('#clock-cells').max(1).optional(),
  }),
  examples: [
    {
      title: 'postbox with combined and doorbell-ack interrupts',
      valid: true,
      dts: board(`
  mailbox@2aaa0000 {
    compatible = "arm,mhuv3";
    reg = <0x2aaa0000 0x10000>;
    #mbox-cells = <3>;
    interrupt-names = "combined", "pbx-dbch-xfer-ack-1";
    interrupts = <0 36 4>, <0 37 4>;
  };`),
    },
    {
      title: 'two-cell specifiers, unknown interrupt name',
      valid: false,
      dts: board(`
  mailbox@2aaa0000 {
    compatible = "arm,mhuv3";
    reg = <0x2aaa0000 0x10000>;
    #mbox-cells = <2>;
    interrupt-names = "combined", "doorbell";
    interrupts = <0 36 4>, <0 37 4>;
  };`),
      expect: [
        { code: 'schema/mailbox/arm,mhuv3/invalid-value', at: '#mbox-cells = <[2]>' },
        { code: 'schema/mailbox/arm,mhuv3/invalid-value', at: '"doorbell"' },
      ],
    },
  ],
});
