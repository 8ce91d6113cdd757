import { z } from 'zod';
import { defineBinding } from '../../define.js';
import { t } from '../../types/dt.js';
import { board } from '../examples.js';

/** Resolution findings the consumer owns (the raw decoding ones are reported as `schema/type/…`). */
const RESOLUTION_RULES = /^(gic-|interrupt-map-no-match|interrupt-map-loop|not-interrupt-controller)/;

/**
 * dt-schema's `interrupts.yaml` (select: true): the consumer side of interrupts, on every node that
 * has any of these properties. Specifiers are split by the effective interrupt parent and resolved
 * through interrupt-map nexuses; what the controller's binding says about the cells is checked here.
 */
export default defineBinding({
  id: 'core/interrupts',
  summary: 'interrupt consumers: interrupts, interrupts-extended, interrupt-parent, interrupt-names',
  compatible: [],
  select: (node) =>
    node.prop('interrupts') !== undefined ||
    node.prop('interrupts-extended') !== undefined ||
    node.prop('interrupt-names') !== undefined ||
    node.prop('interrupt-parent') !== undefined,
  properties: z.object({
    'interrupt-parent': t.phandle().optional(),
    interrupts: t.interrupts().optional(),
    'interrupts-extended': t.phandleArray('#interrupt-cells').optional(),
    'interrupt-names': t.stringList().optional(),
  }),
  rules: [
    {
      id: 'names-without-interrupts',
      severity: 'error',
      summary: "'interrupt-names' needs 'interrupts' or 'interrupts-extended'",
      check({ node, report }) {
        if (node.prop('interrupt-names') && !node.prop('interrupts') && !node.prop('interrupts-extended'))
          report({
            property: 'interrupt-names',
            message: "'interrupt-names' without 'interrupts' or 'interrupts-extended'",
          });
      },
    },
    {
      id: 'names-count',
      severity: 'warning',
      summary: "'interrupt-names' names each interrupt once",
      check({ node, view, report }) {
        const names = view.strings('interrupt-names');
        const prop = node.prop('interrupts-extended') ?? node.prop('interrupts');
        if (!names || !prop) return;
        const resolved = view.resolvedInterrupts();
        if (resolved.issues.length > 0) return;
        if (names.length !== resolved.value.length)
          report({
            property: 'interrupt-names',
            message: `${names.length} interrupt name(s) for ${resolved.value.length} interrupt(s)`,
          });
      },
    },
    {
      id: 'both-forms',
      severity: 'warning',
      summary: "'interrupts-extended' overrides 'interrupts'",
      check({ node, report }) {
        if (node.prop('interrupts') && node.prop('interrupts-extended'))
          report({
            property: 'interrupts',
            message: "'interrupts' is ignored because 'interrupts-extended' is present",
            hint: 'keep only one of them',
          });
      },
    },
    {
      id: 'specifier',
      severity: 'error',
      summary: 'each interrupt resolves to a controller and its cells mean something to that controller',
      check({ view, report }) {
        for (const issue of view.resolvedInterrupts().issues) {
          if (!RESOLUTION_RULES.test(issue.rule)) continue;
          report({
            rule: issue.rule,
            message: issue.message,
            ...(issue.hint ? { hint: issue.hint } : {}),
            ...(issue.severity ? { severity: issue.severity } : {}),
            ...(issue.at ? { at: issue.at } : {}),
          });
        }
      },
    },
  ],
  examples: [
    {
      title: 'SPI and PPI on a GIC, with names',
      valid: true,
      dts: board(`
  dev@1000 {
    reg = <0x1000 0x100>;
    interrupts = <0 10 4>, <1 13 0xf08>;
    interrupt-names = "rx", "timer";
  };`),
    },
    {
      title: 'names without interrupts, SPI falling edge, PPI out of range',
      valid: false,
      dts: board(`
  dev@1000 {
    reg = <0x1000 0x100>;
    interrupt-names = "rx";
  };
  dev@2000 {
    reg = <0x2000 0x100>;
    interrupts = <0 10 2>, <1 16 4>;
  };`),
      expect: [
        { code: 'schema/core/interrupts/names-without-interrupts', at: '"rx"' },
        { code: 'schema/core/interrupts/gic-spi-trigger', at: '<0 10 [2]>' },
        { code: 'schema/core/interrupts/gic-number-range', at: '<1 [16] 4>' },
      ],
    },
    {
      title: 'specifier length does not fit #interrupt-cells',
      valid: false,
      dts: board(`
  dev@1000 {
    reg = <0x1000 0x100>;
    interrupts = <0 10>;
  };`),
      expect: ['schema/type/interrupts-length'],
    },
  ],
});
