import type { Node, Property } from '../../tree/tree.js';
import { defineCheck } from '../define-check.js';
import { firstCell, isValidPhandle } from '../values.js';
import { isInterruptProvider } from './provider.js';

export const interruptsProperty = defineCheck({
  id: 'irq/interrupts-property',
  dtcName: 'interrupts_property',
  severity: 'warning',
  requires: ['phandle_references'],
  summary:
    '`interrupts` without a reachable interrupt parent, with a bad `interrupt-parent`, or of a bad length.',
  examples: {
    valid:
      '/dts-v1/;\n/ { intc: intc { interrupt-controller; #interrupt-cells = <2>; }; dev { interrupt-parent = <&intc>; interrupts = <1 2>; }; };\n',
    invalid:
      '/dts-v1/;\n/ { intc: intc { interrupt-controller; #interrupt-cells = <2>; }; dev { interrupt-parent = <&intc>; interrupts = <1 2 3>; }; };\n',
  },
  visitProperty: {
    name: 'interrupts',
    visit(node, irqProp, ctx) {
      const len = irqProp.value.length;
      if (len % 4 !== 0) ctx.report(node, irqProp, `size (${len}) is invalid, expected multiple of 4`);

      // Walk up: an ancestor that is a provider, or the first `interrupt-parent` found, decides.
      let irqNode: Node | undefined;
      let parentProp: Property | undefined;
      for (let parent: Node | undefined = node; parent && !parentProp; parent = parent.parent) {
        if (parent !== node && isInterruptProvider(parent)) {
          irqNode = parent;
          break;
        }
        parentProp = parent.prop('interrupt-parent');
        if (!parentProp) continue;
        const phandle = firstCell(parentProp);
        if (!isValidPhandle(phandle)) {
          if (ctx.plugin) return;
          ctx.report(parent, parentProp, 'Invalid phandle');
          break;
        }
        irqNode = ctx.nodeByPhandle(phandle);
        if (!irqNode) {
          ctx.report(parent, parentProp, 'Bad phandle');
          return;
        }
        if (!isInterruptProvider(irqNode))
          ctx.report(irqNode, undefined, 'Missing interrupt-controller or interrupt-map property');
        break;
      }
      if (!irqNode) {
        ctx.report(node, undefined, 'Missing interrupt-parent');
        return;
      }
      // A provider without #interrupt-cells is interrupt_provider's to report.
      const cellsProp = irqNode.prop('#interrupt-cells');
      if (!cellsProp) return;
      const entry = (firstCell(cellsProp) * 4) | 0;
      const ok = entry === 0 ? len === 0 : len % entry === 0;
      // dtc names the provider's #interrupt-cells under this node's path; the span shows `interrupts`.
      if (!ok) ctx.report(node, cellsProp, `size is (${len}), expected multiple of ${entry}`, irqProp.loc);
    },
  },
});
