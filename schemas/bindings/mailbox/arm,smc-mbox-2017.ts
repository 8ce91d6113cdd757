import { z } from 'zod';
import { defineBinding } from '../../define.js';
import { t } from '../../types/dt.js';
import { isSmcMbox2017, notUpstream } from './smc-mbox-common.js';

/**
 * The 2017 proposal of an SMC-triggered mailbox (text binding `mailbox/arm-smc.txt`, v2, July 2017):
 * one `arm,smc-mbox` provider with `arm,num-chans` channels (`#mbox-cells = <1>`: channel index), the
 * conduit in `method`, and optionally one SMCCC function id per channel in `arm,func-ids`.
 */
export default defineBinding({
  id: 'mailbox/arm,smc-mbox-2017',
  summary: 'SMC/HVC mailbox, 2017 proposal (never merged): method, arm,num-chans, arm,func-ids',
  compatible: ['arm,smc-mbox'],
  select: isSmcMbox2017,
  properties: z.strictObject({
    compatible: t.stringList(z.tuple([z.literal('arm,smc-mbox')])),
    '#mbox-cells': t.u32(z.literal(1)),
    'arm,num-chans': t.u32().min(1),
    method: t.string(z.enum(['smc', 'hvc'])),
    'arm,func-ids': t.cells().optional(),
  }),
  rules: [
    notUpstream('arm,func-ids'),
    {
      id: 'func-ids-count',
      severity: 'error',
      summary: "'arm,func-ids' gives one function id per channel",
      check({ view, report }) {
        const n = view.u32('arm,num-chans');
        const ids = view.node.prop('arm,func-ids');
        if (n === undefined || !ids || ids.value.length % 4 !== 0) return;
        if (ids.value.cellCount !== n)
          report({
            property: 'arm,func-ids',
            message: `${ids.value.cellCount} function id(s) for ${n} channel(s)`,
          });
      },
    },
  ],
  examples: [
    {
      title: 'two channels with their function ids',
      valid: true,
      dts: '/dts-v1/;\n/ {\n  mailbox {\n    compatible = "arm,smc-mbox";\n    #mbox-cells = <1>;\n    arm,num-chans = <2>;\n    method = "smc";\n    arm,func-ids = <0x82000001 0x82000002>;\n  };\n};\n',
    },
    {
      title: 'missing channel count, one id short, SVC conduit',
      valid: false,
      dts: '/dts-v1/;\n/ {\n  mailbox {\n    compatible = "arm,smc-mbox";\n    #mbox-cells = <1>;\n    method = "svc";\n    arm,func-ids = <0x82000001>;\n  };\n};\n',
      expect: [
        'schema/mailbox/arm,smc-mbox-2017/required',
        { code: 'schema/mailbox/arm,smc-mbox-2017/invalid-value', at: '"svc"' },
      ],
    },
  ],
});
