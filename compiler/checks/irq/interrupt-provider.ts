import { defineCheck } from '../define-check.js';
import { isInterruptProvider } from './provider.js';

export const interruptProvider = defineCheck({
  id: 'irq/interrupt-provider',
  dtcName: 'interrupt_provider',
  severity: 'warning',
  requires: ['interrupts_extended_is_cell'],
  summary:
    'An interrupt provider without `#interrupt-cells`, or `#interrupt-cells` on a node that is not one.',
  examples: {
    valid: '/dts-v1/;\n/ { intc { interrupt-controller; #interrupt-cells = <1>; }; };\n',
    invalid: '/dts-v1/;\n/ { intc { interrupt-controller; }; };\n',
  },
  visit(node, ctx) {
    const provider = isInterruptProvider(node);
    const cells = node.prop('#interrupt-cells');
    if (provider && !cells) ctx.report(node, undefined, "Missing '#interrupt-cells' in interrupt provider");
    else if (!provider && cells)
      ctx.report(node, undefined, "'#interrupt-cells' found, but node is not an interrupt provider");
  },
});
