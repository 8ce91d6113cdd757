import { defineKconfigRule } from './define.js';
import { board, cfg } from './support/examples.js';

const MHU_BOARD = board(`
	mhu: mailbox@2b1f0000 {
		compatible = "arm,mhu", "arm,primecell";
		reg = <0 0x2b1f0000 0 0x1000>;
		#mbox-cells = <1>;
	};`);

/** A small Kconfig tree where a platform selects the MHU driver (no family model has such a select). */
const PLATFORM_SELECTS_MHU = `config MODULES
	bool "modules"
	modules
	default y
config ARCH_FOO
	bool "Foo platform"
	select ARM_MHU
config MAILBOX
	bool "Mailbox support"
config ARM_AMBA
	def_bool y
config ARM_MHU
	tristate "ARM MHU"
	depends on MAILBOX && ARM_AMBA
`;

export default defineKconfigRule({
  id: 'kconfig/select-unmet-dependency',
  severity: 'warning',
  summary: 'select does not force a symbol whose own dependencies are unmet',
  rationale: `'select' raises a symbol regardless of its 'depends on': the kernel's conf prints "WARNING:
unmet direct dependencies detected" and builds code whose prerequisites are missing — link errors, or
a driver that probes without its bus. Reported with the selecting symbols; when the symbol gates a
node's driver, the finding points at the node.`,
  examples: {
    valid: [
      {
        title: 'the platform selects the MHU driver and the mailbox framework is on',
        dts: MHU_BOARD,
        config: cfg('CONFIG_ARCH_FOO=y', 'CONFIG_MAILBOX=y'),
        kernel: 'v6.1',
        kconfig: PLATFORM_SELECTS_MHU,
      },
    ],
    invalid: [
      {
        title: 'the platform selects the MHU driver without the mailbox framework',
        dts: MHU_BOARD,
        config: cfg('CONFIG_ARCH_FOO=y', '# CONFIG_MAILBOX is not set'),
        kernel: 'v6.1',
        kconfig: PLATFORM_SELECTS_MHU,
      },
    ],
  },
  check(ctx, report) {
    for (const w of ctx.config.warnings) {
      const symbol = /for (\S+)$/.exec(w.message)?.[1];
      if (!symbol || ctx.source.isInternal(symbol)) continue;
      const node = ctx.drivers.all.find((d) => d.era?.symbols.includes(symbol));
      const where = ctx.source.definition(symbol);
      report({
        message: `${symbol} is selected although its direct dependencies are unmet`,
        at: node
          ? { node: node.node, property: 'compatible', string: node.index }
          : where
            ? { fileLine: where }
            : { node: ctx.view.tree.root },
        notes: w.notes ?? [],
        symbols: [symbol],
      });
    }
  },
});
