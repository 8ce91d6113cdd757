import { FAMILY_SYMBOLS } from '../data/family.js';
import { defineKconfigRule } from './define.js';
import { cfg, SCMI_OPTEE_BOARD } from './support/examples.js';
import { whyNot } from './support/explain.js';

const FAMILY = new Set<string>(FAMILY_SYMBOLS);

export default defineKconfigRule({
  id: 'kconfig/changed-request',
  severity: 'warning',
  summary: 'values the configuration asks for are the values it gets',
  rationale: `olddefconfig silently lowers or raises requested values: a y limited to m by a modular
dependency, a request dropped because a dependency is n, an m raised to y by a select (v6.12's
ARCH_STM32 selects ARM_SCMI_PROTOCOL). Only merge_config.sh and the opt-in KCONFIG_WARN_CHANGED_INPUT
notice. The finding points at the line of the fragment and says which dependency or select decided.
Symbols the Kconfig tree does not define are kconfig/undefined-symbol. Only symbols of our families or
of a node's driver are reported: other changes in a full defconfig are not about the device tree.`,
  examples: {
    valid: [
      {
        title: 'OP-TEE transport requested and kept',
        dts: SCMI_OPTEE_BOARD,
        config: cfg(
          'CONFIG_TEE=y',
          'CONFIG_OPTEE=y',
          'CONFIG_ARM_SCMI_PROTOCOL=y',
          'CONFIG_ARM_SCMI_TRANSPORT_OPTEE=y',
        ),
        kernel: 'v6.12',
      },
    ],
    invalid: [
      {
        title: 'v6.12: ARM_SCMI_TRANSPORT_OPTEE=y becomes m with OPTEE=m',
        dts: SCMI_OPTEE_BOARD,
        config: cfg(
          'CONFIG_TEE=y',
          'CONFIG_OPTEE=m',
          'CONFIG_ARM_SCMI_PROTOCOL=y',
          'CONFIG_ARM_SCMI_TRANSPORT_OPTEE=y',
        ),
        kernel: 'v6.12',
      },
    ],
  },
  check(ctx, report) {
    for (const change of ctx.config.changes) {
      if (change.reasons.some((r) => r.kind === 'unknown-symbol')) continue;
      if (ctx.source.isInternal(change.symbol)) continue;
      const nodes = ctx.drivers.all.filter((d) => d.era?.symbols.includes(change.symbol));
      // Changes elsewhere in a full defconfig are Kconfig housekeeping (merge_config.sh reports them).
      if (nodes.length === 0 && !FAMILY.has(change.symbol)) continue;
      const why = whyNot(ctx, change.symbol);
      report({
        message: why.text,
        at: { fileLine: { file: change.file, line: change.line } },
        related: nodes.map((d) => ({
          at: { node: d.node, property: 'compatible', string: d.index },
          message: `"${d.compatible}" depends on ${change.symbol}`,
        })),
        symbols: why.symbols,
      });
    }
  },
});
