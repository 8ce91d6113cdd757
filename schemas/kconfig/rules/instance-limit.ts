import { defineKconfigRule } from './define.js';
import { board, cfg } from './support/examples.js';

const SECOND_GIC = board(`
	gic2: interrupt-controller@2d001000 {
		compatible = "arm,gic-400";
		#interrupt-cells = <3>;
		interrupt-controller;
		reg = <0 0x2d001000 0 0x1000>, <0 0x2d002000 0 0x2000>;
		interrupts = <0 99 4>;
	};`);

export default defineKconfigRule({
  id: 'kconfig/instance-limit',
  severity: 'error',
  summary: 'no more enabled instances than the driver is configured for',
  rationale: `Some drivers size static tables from an int symbol. The GICv2 driver keeps ARM_GIC_MAX_NR
controllers (1, or 2 on RealView; promptless, so no configuration can raise it): gic_of_init() warns
and returns -EINVAL for every GIC beyond that, and whatever is wired to the extra GIC gets no
interrupts.`,
  examples: {
    valid: [{ title: 'one GIC', dts: board(''), config: cfg(), kernel: 'v6.1' }],
    invalid: [{ title: 'a second GICv2 (cascaded)', dts: SECOND_GIC, config: cfg(), kernel: 'v6.1' }],
  },
  check(ctx, report) {
    const groups = new Map<string, typeof ctx.drivers.all>();
    for (const d of ctx.drivers.all) {
      const limit = d.entry.instanceLimit;
      if (!limit || d.built === 'n' || !d.node.prop('interrupt-controller')) continue;
      groups.set(limit, [...(groups.get(limit) ?? []), d]);
    }
    for (const [symbol, nodes] of groups) {
      const max = Number(ctx.config.value(symbol) ?? '0');
      if (!Number.isFinite(max) || nodes.length <= max) continue;
      for (const d of nodes.slice(max))
        report({
          message: `${nodes.length} enabled "${d.compatible}"-class controllers, but ${symbol} is ${max}: the driver refuses this one (-EINVAL)`,
          at: { node: d.node, property: 'compatible', string: d.index },
          hint: `disable the extra controller or use a kernel configuration whose ${symbol} allows it`,
          related: nodes.slice(0, max).map((n) => ({ at: { node: n.node }, message: 'accepted controller' })),
          symbols: [symbol],
        });
    }
  },
});
