import { COMPATIBLES } from '../data/compatibles.js';
import { FAMILY_SYMBOLS } from '../data/family.js';
import { defineKconfigRule } from './define.js';
import { cfg, SCMI_OPTEE_BOARD } from './support/examples.js';

const FAMILY = new Set<string>([
  ...FAMILY_SYMBOLS,
  ...COMPATIBLES.flatMap((e) => (e.proposedSymbol ? [e.proposedSymbol] : [])),
]);

export default defineKconfigRule({
  id: 'kconfig/undefined-symbol',
  severity: 'error',
  summary: 'the configuration sets only symbols the kernel defines',
  rationale: `A fragment line for a symbol the kernel does not define is dropped without a word (only
merge_config.sh prints "Value requested … not in final .config" with an empty actual value):
CONFIG_ARM_SMC_MBOX=y (never merged), CONFIG_ARM_SCMI_TRANSPORT_OPTEE=y on v5.16 (added in v5.18). The
Kconfig tree itself can select undefined symbols too (v6.12's ARCH_STM32 selects ARM_SMC_MBOX): that
is reported as info. Undefined symbols outside our families (stale defconfig lines) are warnings.
With the built-in model, only symbols of our families can be judged; others are
not reported.`,
  examples: {
    valid: [
      {
        title: 'OP-TEE transport on v5.19',
        dts: SCMI_OPTEE_BOARD,
        config: cfg(
          'CONFIG_TEE=y',
          'CONFIG_OPTEE=y',
          'CONFIG_ARM_SCMI_PROTOCOL=y',
          'CONFIG_ARM_SCMI_TRANSPORT_OPTEE=y',
        ),
        kernel: 'v5.19',
      },
    ],
    invalid: [
      {
        title: 'the never-merged SMC mailbox symbol',
        dts: SCMI_OPTEE_BOARD,
        config: cfg('CONFIG_TEE=y', 'CONFIG_OPTEE=y', 'CONFIG_ARM_SCMI_PROTOCOL=y', 'CONFIG_ARM_SMC_MBOX=y'),
        kernel: 'v6.1',
      },
    ],
  },
  check(ctx, report) {
    for (const change of ctx.config.changes) {
      if (!change.reasons.some((r) => r.kind === 'unknown-symbol')) continue;
      if (!ctx.source.knowsAbsence(change.symbol)) continue;
      report({
        // A stale line elsewhere in a full defconfig is worth a warning, not a failed board.
        ...(FAMILY.has(change.symbol) ? {} : { severity: 'warning' as const }),
        message: `CONFIG_${change.symbol} is not defined by ${ctx.source.origin}: the request is dropped`,
        at: { fileLine: { file: change.file, line: change.line } },
        hint: 'remove the line, or use the symbol this kernel has for it',
      });
    }
    for (const u of ctx.source.undefinedSelects()) {
      report({
        severity: 'info',
        message: `the Kconfig tree selects ${u.name}, which no Kconfig file defines (the select does nothing)`,
        at: { fileLine: { file: u.file, line: u.line } },
      });
    }
  },
});
