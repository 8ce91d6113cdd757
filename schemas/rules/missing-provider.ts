import { isOverlayFixup } from '../types/overlay.js';
import { defineRule } from './define.js';
import { CONSUMER_PROPERTIES, providerEntries } from './support/consumers.js';
import { board } from './support/examples.js';
import { hex, isLive } from './support/nodes.js';

export default defineRule({
  id: 'wiring/missing-provider',
  severity: 'error',
  summary: 'every provider phandle of an enabled device names a node',
  rationale: `A phandle that names no node (a raw number, a provider deleted by an overlay or a
'/delete-node/', a DTB edited by hand) leaves the consumer waiting for a provider that can never
appear: Linux defers its probe forever, or fails it for 'interrupt-parent'. A source reference to a
missing label is a compile error; this catches what is left after compilation.`,
  supersedes: ['schema/type/unresolved-phandle'],
  examples: {
    valid: [
      {
        title: 'a clock from a live controller',
        dts: board(`
  cru: clock-controller@1000 {
    reg = <0x1000 0x100>;
    #clock-cells = <1>;
  };
  dev@2000 {
    reg = <0x2000 0x100>;
    clocks = <&cru 1>;
  };`),
      },
    ],
    invalid: [
      {
        title: 'a raw phandle to nothing; an interrupt parent that does not exist',
        dts: board(`
  dev@2000 {
    reg = <0x2000 0x100>;
    clocks = <0x7777 1>;
    interrupt-parent = <0x7778>;
  };`),
        expect: ['clocks = <[0x7777] 1>', 'interrupt-parent = <[0x7778]>'],
      },
    ],
  },
  check(view, report) {
    for (const node of view.tree.root.walk()) {
      if (!isLive(node)) continue;
      for (const cp of CONSUMER_PROPERTIES) {
        const prop = node.prop(cp.property);
        if (!prop) continue;
        // Phandle 0 is an explicit empty entry (`<0>`), not a dangling reference; nor is an overlay's
        // reference to a node of the base tree it will be applied to.
        for (const e of providerEntries(node, prop, cp, view.phandles))
          if (!e.provider && e.phandle !== 0 && !isOverlayFixup(view.tree, prop, e.phandleRef.cell))
            report({
              message: `'${cp.property}' refers to phandle ${hex(e.phandle)}, which names no node`,
              hint: `reference the ${cp.kind} provider by label (&label)`,
              at: { ref: e.phandleRef },
            });
      }
      const parent = node.prop('interrupt-parent');
      if (
        parent &&
        parent.value.length === 4 &&
        !view.phandles.get(parent.value.cell(0)) &&
        !isOverlayFixup(view.tree, parent, 0)
      )
        report({
          message: `'interrupt-parent' refers to phandle ${hex(parent.value.cell(0))}, which names no node`,
          hint: 'reference the interrupt controller by label (&label)',
          at: { node, property: 'interrupt-parent', cell: 0 },
        });
    }
  },
});
