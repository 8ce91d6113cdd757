import { z } from 'zod';
import { defineBinding } from '../../define.js';
import { t } from '../../types/dt.js';
import { board } from '../examples.js';

/**
 * OP-TEE (`arm/firmware/linaro,optee-tz.yaml`): the conduit (`method`) and at most one interrupt for
 * asynchronous notifications from the secure world, which the binding expects to be per-CPU (a PPI) or
 * an edge-triggered SPI: a level SPI would keep firing until the normal world has run the bottom half.
 */
export default defineBinding({
  id: 'firmware/linaro,optee-tz',
  summary: 'OP-TEE trusted OS: SMC or HVC conduit, optional async-notification interrupt',
  compatible: ['linaro,optee-tz'],
  nodeName: 'optee',
  properties: z.strictObject({
    compatible: t.stringList(z.tuple([z.literal('linaro,optee-tz')])),
    method: t.string(z.enum(['smc', 'hvc'])),
    interrupts: t.interrupts().max(1).optional(),
  }),
  rules: [
    {
      id: 'notification-interrupt',
      severity: 'error',
      summary: 'at most one notification interrupt (interrupts-extended counts too)',
      check({ node, view, report }) {
        if (!node.prop('interrupts-extended') || node.prop('interrupts')) return;
        const irqs = view.interrupts;
        if (irqs.length > 1)
          report({
            rule: 'too-many',
            property: 'interrupts-extended',
            message: `OP-TEE takes one notification interrupt, not ${irqs.length}`,
            at: {
              ...irqs[1]!.source,
              count:
                irqs[irqs.length - 1]!.source.cell +
                irqs[irqs.length - 1]!.source.count -
                irqs[1]!.source.cell,
            },
          });
      },
    },
    {
      id: 'notification-trigger',
      severity: 'warning',
      summary: 'the notification interrupt is a PPI or an edge-triggered SPI',
      check({ view, report }) {
        for (const irq of view.interrupts) {
          const d = irq.decoded;
          if (d.kind !== 'gic' || d.type === 'ppi' || d.type === 'eppi') continue;
          if (d.trigger === 'level-high' || d.trigger === 'level-low')
            report({
              message: `the OP-TEE notification interrupt is a level-triggered ${d.type.toUpperCase()}; the binding expects a per-CPU interrupt or an edge-triggered SPI`,
              hint: 'use IRQ_TYPE_EDGE_RISING, or a PPI',
              at: { ...irq.specifierSource, cell: irq.specifierSource.cell + 2, count: 1 },
            });
        }
      },
    },
  ],
  examples: [
    {
      title: 'SMC conduit with an edge-triggered SPI for notifications',
      valid: true,
      dts: board(`
  firmware {
    optee {
      compatible = "linaro,optee-tz";
      method = "smc";
      interrupts = <0 187 1>;
    };
  };`),
    },
    {
      title: 'HVC conduit, PPI active-low (as ST boards do)',
      valid: true,
      dts: board(`
  firmware {
    optee {
      compatible = "linaro,optee-tz";
      method = "hvc";
      interrupts = <1 15 ((1 << 8) | 8)>;
    };
  };`),
    },
    {
      title: 'unknown conduit, two interrupts, stray property, wrong node name',
      valid: false,
      dts: board(`
  firmware {
    tee {
      compatible = "linaro,optee-tz";
      method = "svc";
      interrupts = <0 187 1>, <0 188 1>;
      arm,smc-id = <0x1>;
    };
  };`),
      expect: [
        { code: 'schema/firmware/linaro,optee-tz/node-name', at: 'tee' },
        { code: 'schema/firmware/linaro,optee-tz/invalid-value', at: '"svc"' },
        { code: 'schema/firmware/linaro,optee-tz/too-many', at: '<0 187 1>, <[0 188 1]>' },
        { code: 'schema/firmware/linaro,optee-tz/unknown-property', at: 'arm,smc-id' },
      ],
    },
    {
      title: 'method missing; level-triggered SPI',
      valid: false,
      dts: board(`
  firmware {
    optee {
      compatible = "linaro,optee-tz";
      interrupts = <0 187 4>;
    };
  };`),
      expect: [
        'schema/firmware/linaro,optee-tz/required',
        { code: 'schema/firmware/linaro,optee-tz/notification-trigger', at: '<0 187 [4]>' },
      ],
    },
  ],
});
