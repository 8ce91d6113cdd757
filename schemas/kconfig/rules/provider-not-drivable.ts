import { isLive } from '../../rules/support/nodes.js';
import { defineKconfigRule } from './define.js';
import { board, cfg, SCMI_SHMEM_SRAM, scmiNode } from './support/examples.js';
import { whyNot } from './support/explain.js';
import { supplierEdges } from './support/suppliers.js';

const SCMI_OVER_MHU = board(`
	mhu: mailbox@2b1f0000 {
		compatible = "arm,mhu", "arm,primecell";
		reg = <0 0x2b1f0000 0 0x1000>;
		#mbox-cells = <1>;
	};
	firmware {${scmiNode('compatible = "arm,scmi";', 'mboxes = <&mhu 0>;')}
	};${SCMI_SHMEM_SRAM}`);

export default defineKconfigRule({
  id: 'kconfig/provider-not-drivable',
  severity: 'error',
  summary: 'the providers an enabled node uses through phandles have drivers too',
  rationale: `A consumer whose own driver is configured in still depends on the devices its phandles name:
the SCMI agent on its mailbox controller, any device on its interrupt controller, clocks, resets and
power domains. If the provider's driver is configured out, the consumer's probe defers forever (the
kernel's device links wait for a supplier that never appears). The finding points at the phandle and
names the symbol that keeps the provider's driver out.`,
  examples: {
    valid: [
      {
        title: 'SCMI over an MHU with the MHU driver enabled',
        dts: SCMI_OVER_MHU,
        config: cfg('CONFIG_ARM_SCMI_PROTOCOL=y', 'CONFIG_MAILBOX=y', 'CONFIG_ARM_MHU=y'),
        kernel: 'v6.1',
      },
    ],
    invalid: [
      {
        title: 'SCMI over an MHU whose driver is off',
        dts: SCMI_OVER_MHU,
        config: cfg('CONFIG_ARM_SCMI_PROTOCOL=y', 'CONFIG_MAILBOX=y', '# CONFIG_ARM_MHU is not set'),
        kernel: 'v6.1',
      },
    ],
  },
  check(ctx, report) {
    for (const node of ctx.view.tree.root.walk()) {
      if (!isLive(node)) continue;
      for (const edge of supplierEdges(ctx.view, node)) {
        if (!edge.supplier || !isLive(edge.supplier)) continue;
        const p = ctx.drivers.of(edge.supplier);
        if (!p?.era || p.built !== 'n' || p.era.mechanism === 'of-device-is-compatible') continue;
        const blocker = p.blockers[p.blockers.length - 1] ?? p.era.symbols[0]!;
        const why = whyNot(ctx, blocker);
        report({
          message: `'${edge.property}' uses ${edge.supplier.path} ("${p.compatible}"), which has no driver: ${why.text}; this device defers its probe forever`,
          at: { ref: edge.at },
          hint: `enable ${p.blockers.map((s) => `CONFIG_${s}`).join(', ')}`,
          related: [{ at: { node: p.node, property: 'compatible', string: p.index }, message: 'provider' }],
          symbols: [...new Set([...p.blockers, ...why.symbols])],
        });
      }
    }
  },
});
