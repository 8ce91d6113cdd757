import type { Node } from '../../compiler/tree/tree.js';
import type { CellRef } from '../types/source.js';
import { nodeStatus } from '../types/status.js';
import { defineRule, type RelatedPlace } from './define.js';
import { CONSUMER_PROPERTIES, providerEntries } from './support/consumers.js';
import { board } from './support/examples.js';
import { disabledBy, isLive } from './support/nodes.js';
import { scmiProtocol } from './support/provider-kind.js';

/** What Linux does with the entry, where it is not "defers forever". */
const CONSEQUENCE: Record<string, string> = {
  clocks:
    ": Linux's clock core answers -ENOENT for it, which fails the probe if the driver requires this clock and is ignored if it is optional",
  shmem: ': SCMI maps it anyway (it does not look at the status), but the tree contradicts itself',
};

export default defineRule({
  id: 'wiring/disabled-provider',
  severity: 'error',
  summary: 'an enabled device does not depend on a disabled provider',
  rationale: `Linux creates no device for a node whose status is not "okay", nor for anything under such a
node, so a provider that is disabled (itself, or through an ancestor such as a disabled SCMI agent
above its protocol nodes) never registers. An enabled consumer of its clocks, resets, power domains,
mailboxes or interrupts then defers its probe forever. Clocks are the softer case: recent kernels
(backported to stable) make the clock core answer -ENOENT for a disabled provider instead of
deferring, so a required clock fails the probe while an optional one is silently dropped (the rk3588
VOP's HDMI PHY PLL inputs and Qualcomm clock controllers' PHY inputs rely on that). A DT does not say
which clocks a driver treats as optional, and a disabled clock source is a common idiom, so clocks are
only followed into the families this linter owns (SCMI clock and performance protocols), as a warning.
The interrupt parent counts too, whether named by
'interrupt-parent', inherited, reached through an interrupt-map, or given in 'interrupts-extended'.
Shared memory is the exception that proves the rule: SCMI maps a 'shmem' area directly without
looking at its status, so a disabled area still works but says the opposite of what the board does:
warned. The OP-TEE node behind 'linaro,scmi-optee' is checked by wiring/scmi-optee-provider.`,
  examples: {
    valid: [
      {
        title: 'a disabled consumer of a disabled provider',
        dts: board(`
  cru: clock-controller@1000 {
    reg = <0x1000 0x100>;
    #clock-cells = <1>;
    status = "disabled";
  };
  dev@2000 {
    reg = <0x2000 0x100>;
    clocks = <&cru 1>;
    status = "disabled";
  };`),
      },
    ],
    invalid: [
      {
        title: 'a reset from a disabled controller; an interrupt through a disabled controller',
        dts: board(`
  cru: clock-controller@1000 {
    reg = <0x1000 0x100>;
    #reset-cells = <1>;
    status = "disabled";
  };
  gpio: gpio@3000 {
    reg = <0x3000 0x100>;
    interrupt-controller;
    #interrupt-cells = <2>;
    status = "disabled";
  };
  dev@2000 {
    reg = <0x2000 0x100>;
    resets = <&cru 1>;
    interrupt-parent = <&gpio>;
    interrupts = <5 1>;
  };`),
        expect: ['resets = <[&cru 1]>', 'interrupt-parent = <[&gpio]>'],
      },
    ],
  },
  check(view, report) {
    for (const node of view.tree.root.walk()) {
      if (!isLive(node)) continue;
      for (const cp of CONSUMER_PROPERTIES) {
        const prop = node.prop(cp.property);
        if (!prop) continue;
        for (const e of providerEntries(node, prop, cp, view.phandles))
          if (
            e.provider &&
            !isLive(e.provider) &&
            (cp.property !== 'clocks' || scmiProtocol(e.provider) !== undefined)
          )
            report({
              severity: cp.property === 'shmem' || cp.property === 'clocks' ? 'warning' : 'error',
              message: `'${cp.property}' uses ${e.provider.path}, which is ${why(e.provider)}${CONSEQUENCE[cp.property] ?? ''}`,
              hint: `enable ${disabledBy(e.provider)?.path ?? e.provider.path} or disable this node`,
              at: { ref: e.source },
              related: statusOf(e.provider),
            });
      }
      if (node.prop('interrupts-extended') || !node.prop('interrupts')) continue;
      const parentProp = node.prop('interrupt-parent');
      const reported = new Set<Node>();
      for (const irq of view.node(node).interrupts) {
        const hops = [...irq.via.map((s) => s.nexus), irq.controller];
        const off = hops.find((h) => !isLive(h));
        if (!off || reported.has(off)) continue;
        reported.add(off);
        const direct = parentProp && view.phandles.get(parentProp.value.cell(0)) === off;
        const at: CellRef = direct ? { node, property: parentProp, cell: 0, count: 1 } : irq.source;
        report({
          message: `interrupts go to ${off.path}, which is ${why(off)}`,
          hint: `enable ${disabledBy(off)?.path ?? off.path} or route the interrupt elsewhere`,
          at: { ref: at },
          related: statusOf(off),
        });
      }
    }
  },
});

function why(provider: Node): string {
  const by = disabledBy(provider);
  if (!by) return 'enabled';
  const status = nodeStatus(by);
  return by === provider ? `status "${status}"` : `under ${by.path} (status "${status}")`;
}

function statusOf(provider: Node): RelatedPlace[] {
  const by = disabledBy(provider);
  return by ? [{ at: { node: by, property: 'status' }, message: 'disabled here' }] : [];
}
