import { defineKconfigRule } from './define.js';
import { board, cfg } from './support/examples.js';

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
	firmware {
		scmi {
			compatible = "arm,scmi-smc";
			arm,smc-id = <0x82000010>;
			shmem = <&scmi_shm>;
			#address-cells = <1>;
			#size-cells = <0>;
		};
	};
	sram@2f000000 {
		compatible = "mmio-sram";
		reg = <0 0x2f000000 0 0x1000>;
		#address-cells = <1>;
		#size-cells = <1>;
		ranges = <0 0 0x2f000000 0x1000>;
		scmi_shm: scmi-sram@0 {
			compatible = "arm,scmi-shmem";
			reg = <0 0x80>;
		};
	};`),
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
