import { compatibleOf } from '../../types/status.js';
import { defineKconfigRule } from './define.js';
import { board, cfg, SCMI_OPTEE_BOARD } from './support/examples.js';
import { whyNot } from './support/explain.js';

export default defineKconfigRule({
  id: 'kconfig/no-driver',
  severity: 'error',
  summary: 'every enabled node of our families has a driver in the configuration',
  rationale: `A node with status "okay" describes hardware or firmware the kernel is expected to use.
When every driver that matches its compatible is configured out — the driver's symbol, the subsystem
around it, or an #ifdef around its match-table entry (SCMI transports up to v6.11) — nothing binds
the node: no error is printed, and whatever depends on it waits forever. The finding names the symbol
that is n and why the resolver made it n. AMBA mailboxes (MHU) are also reported when the node lacks
"arm,primecell": then the platform bus, not the AMBA bus, creates the device and the driver never binds.`,
  examples: {
    valid: [
      {
        title: 'the SCMI mailbox transport is enabled',
        dts: board(`
	mhu: mailbox@2b1f0000 {
		compatible = "arm,mhu", "arm,primecell";
		reg = <0 0x2b1f0000 0 0x1000>;
		#mbox-cells = <1>;
	};`),
        config: cfg('CONFIG_MAILBOX=y', 'CONFIG_ARM_MHU=y'),
        kernel: 'v6.1',
      },
    ],
    invalid: [
      {
        title: 'an SCMI OP-TEE node while OP-TEE is off',
        dts: SCMI_OPTEE_BOARD,
        config: cfg('CONFIG_TEE=y', '# CONFIG_OPTEE is not set', 'CONFIG_ARM_SCMI_PROTOCOL=y'),
        kernel: 'v6.1',
      },
    ],
  },
  check(ctx, report) {
    for (const d of ctx.drivers.all) {
      if (!d.era || d.era.mechanism === 'of-device-is-compatible') continue;
      const at = { node: d.node, property: 'compatible', string: d.index } as const;
      if (d.built === 'n') {
        const blocker = d.blockers[d.blockers.length - 1] ?? d.era.symbols[0]!;
        const why = whyNot(ctx, blocker);
        const where = d.era.ifdef
          ? `its entry in ${d.era.driver} is compiled only with CONFIG_${d.era.ifdef}`
          : `${d.era.driver} is not built`;
        report({
          message: `no driver will bind "${d.compatible}": ${where}; ${why.text}`,
          at,
          hint: `enable ${d.blockers.map((s) => `CONFIG_${s}`).join(', ')} (see the fragment dtpc kconfig --write-fragment writes)`,
          symbols: [...new Set([...d.blockers, ...why.symbols])],
        });
        continue;
      }
      const needs = d.entry.alsoNeeds;
      if (needs && !compatibleOf(d.node).includes(needs))
        report({
          message: `"${d.compatible}" binds through the AMBA bus, but the node lacks "${needs}": the platform bus creates the device and ${d.era.driver} never binds`,
          at,
          hint: `add "${needs}" as the last compatible`,
          symbols: d.era.symbols.slice(-1),
        });
    }
  },
});
