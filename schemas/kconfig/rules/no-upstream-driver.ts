import { defineKconfigRule } from './define.js';
import { board, cfg, SCMI_SHMEM_SRAM, scmiNode } from './support/examples.js';

export default defineKconfigRule({
  id: 'kconfig/no-upstream-driver',
  severity: 'error',
  summary: 'enabled nodes use compatibles that mainline Linux has a driver for',
  rationale: `Some compatibles circulate in vendor trees and mailing-list series but never reached mainline:
"arm,smc-mbox" / "arm,hvc-mbox" (the 2019 SMC mailbox series, whose ARM_SMC_MBOX symbol is still
selected by v6.12's ARCH_STM32 although it was never merged). No configuration can drive such a node.
The SCMI SMC transport ("arm,scmi-smc") replaced it.`,
  examples: {
    valid: [
      {
        title: 'SCMI over SMC instead of an SMC mailbox',
        dts: board(`
	firmware {${scmiNode('compatible = "arm,scmi-smc";', 'arm,smc-id = <0x82000010>;')}
	};${SCMI_SHMEM_SRAM}`),
        config: cfg('CONFIG_ARM_SCMI_PROTOCOL=y'),
        kernel: 'v6.12',
      },
    ],
    invalid: [
      {
        title: 'the never-merged SMC mailbox',
        dts: board(`
	firmware {
		smc_mbox: mailbox {
			compatible = "arm,smc-mbox";
			#mbox-cells = <1>;
			method = "smc";
		};
	};`),
        config: cfg('CONFIG_MAILBOX=y'),
        kernel: 'v6.12',
      },
    ],
  },
  check(ctx, report) {
    for (const d of ctx.drivers.all) {
      if (d.entry.eras.length > 0) continue;
      report({
        message: `no mainline driver matches "${d.compatible}"${d.entry.proposedSymbol ? ` (its ${d.entry.proposedSymbol} driver was proposed but never merged)` : ''}: nothing will bind this node`,
        at: { node: d.node, property: 'compatible', string: d.index },
        ...(d.entry.instead ? { hint: `use "${d.entry.instead}"` } : {}),
      });
    }
  },
});
