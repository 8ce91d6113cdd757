import type { Node } from '../../compiler/tree/tree.js';
import type { CellRef } from '../types/source.js';
import { compatibleOf } from '../types/status.js';
import type { GicInterrupt } from '../view/specifiers.js';
import type { TreeView } from '../view/view.js';
import { defineRule } from './define.js';
import { board } from './support/examples.js';
import { isLive, liveWith } from './support/nodes.js';

const NAMES: Record<GicInterrupt['type'], string> = { spi: 'SPI', ppi: 'PPI', espi: 'ESPI', eppi: 'EPPI' };

export default defineRule({
  id: 'wiring/optee-notif-interrupt',
  severity: 'error',
  summary: 'the OP-TEE notification interrupt is a GIC edge-rising SPI or a PPI that nothing else uses',
  rationale: `OP-TEE signals asynchronous notifications by writing GICD_ISPENDR for the INTID it was built
with (CFG_CORE_ASYNC_NOTIF_GIC_INTID); it never drives a wire. So the interrupt must reach a GIC directly
(not a GPIO or other secondary controller), and be an SPI, which Linux requests as a threaded edge
interrupt, or a PPI, which Linux requests per CPU. A level-triggered SPI works on a GIC only because a
software pend latches, and the binding expects edge: warned. An ESPI/EPPI (GICv3.1 extended ranges) is
legal in the specifier, but nothing in a DT says whether the distributor implements the extended ranges
(GICD_TYPER.ESPI, per-redistributor GICR_TYPER.PPInum; '#redistributor-regions' only says how the
redistributor frames are laid out, not which INTIDs exist), so it is warned too. The number range per
type (SPI 0-987, i.e. INTID <= 1019 on GICv2; PPI 0-15) is checked by the interrupt decoder.
A DT cannot name an SGI: the GIC specifier's type cell only has SPI, PPI, ESPI and EPPI. SGIs (INTID
0-15) are software-generated inter-processor interrupts sent with ICC_SGI1R/GICD_SGIR, not peripheral
lines a device is wired to, and Linux keeps them for its own IPIs; using one for OP-TEE was proposed and
rejected in the async-notification review in favour of a platform SPI. Finally, the notification INTID
must be OP-TEE's alone: another device on the same line would make Linux's request_irq fail (neither
requests it shared) or turn that device's interrupts into spurious notifications.`,
  supersedes: ['schema/firmware/linaro,optee-tz/notification-trigger'],
  examples: {
    valid: [
      {
        title: 'edge-rising SPI 187 (INTID 219, QEMU virt)',
        dts: board(`
  firmware {
    optee {
      compatible = "linaro,optee-tz";
      method = "smc";
      interrupts = <0 187 1>;
    };
  };`),
      },
      {
        title: 'PPI 15, active-low (the ST boards)',
        dts: board(`
  firmware {
    optee {
      compatible = "linaro,optee-tz";
      method = "smc";
      interrupts = <1 15 0x108>;
    };
  };`),
      },
    ],
    invalid: [
      {
        title: 'level-high SPI',
        dts: board(`
  firmware {
    optee {
      compatible = "linaro,optee-tz";
      method = "smc";
      interrupts = <0 187 4>;
    };
  };`),
        expect: ['<0 187 [4]>'],
      },
      {
        title: 'routed to a GPIO controller instead of the GIC',
        dts: board(`
  gpio: gpio@1000 {
    reg = <0x1000 0x100>;
    interrupt-controller;
    #interrupt-cells = <2>;
  };
  firmware {
    optee {
      compatible = "linaro,optee-tz";
      method = "smc";
      interrupts-extended = <&gpio 3 1>;
    };
  };`),
        expect: ['<[&gpio 3 1]>'],
      },
      {
        title: 'the notification SPI is also a UART interrupt',
        dts: board(`
  uart@1000 {
    reg = <0x1000 0x100>;
    interrupts = <0 187 4>;
  };
  firmware {
    optee {
      compatible = "linaro,optee-tz";
      method = "smc";
      interrupts = <0 187 1>;
    };
  };`),
        expect: ['<[0 187 1]>'],
      },
    ],
  },
  check(view, report) {
    for (const optee of liveWith(view, 'linaro,optee-tz')) {
      for (const irq of optee.resolvedInterrupts().value) {
        const d = irq.decoded;
        if (d.kind !== 'gic') {
          // In an overlay, a controller without a compatible is a placeholder for the base tree's
          // (dt-schema gives one as the interrupt parent of every binding example): unknown, not wrong.
          if (view.tree.plugin && compatibleOf(irq.controller).length === 0) continue;
          report({
            message: `the OP-TEE notification interrupt goes to ${irq.controller.path}, which is not a GIC; OP-TEE raises it by setting it pending in the GIC distributor`,
            hint: 'use a GIC SPI (edge-rising) or PPI: interrupts-extended = <&gic GIC_SPI n IRQ_TYPE_EDGE_RISING>',
            at: { ref: irq.source },
            related: [{ at: { node: irq.controller }, message: 'the interrupt controller it reaches' }],
          });
          continue;
        }
        const flags = { ref: { ...irq.specifierSource, cell: irq.specifierSource.cell + 2, count: 1 } };
        if (
          (d.type === 'spi' || d.type === 'espi') &&
          (d.trigger === 'level-high' || d.trigger === 'level-low')
        )
          report({
            severity: 'warning',
            message: `the OP-TEE notification interrupt is a level-triggered ${NAMES[d.type]}; OP-TEE only pends it in software and Linux expects an edge`,
            hint: 'use IRQ_TYPE_EDGE_RISING (or a PPI)',
            at: flags,
          });
        if (d.type === 'espi' || d.type === 'eppi')
          report({
            severity: 'warning',
            message: `the OP-TEE notification interrupt is an ${NAMES[d.type]} (INTID ${d.intid}); the tree cannot show that the GIC implements the GICv3.1 extended range`,
            hint: 'prefer an SPI or PPI unless the distributor is known to implement extended INTIDs',
            at: { ref: { ...irq.specifierSource, cell: irq.specifierSource.cell, count: 1 } },
          });
        const other = sharer(view, optee.node, irq.controller, d.intid);
        if (other)
          report({
            message: `the OP-TEE notification interrupt (${NAMES[d.type]} ${d.number}, INTID ${d.intid}) is also used by ${other.node.path}`,
            hint: 'give OP-TEE an INTID no device is wired to',
            at: { ref: irq.source },
            related: [{ at: { ref: other.source }, message: 'the same interrupt, used here' }],
          });
      }
    }
  },
});

/** Another live node whose interrupts reach the same GIC INTID (one resolution pass per view). */
function sharer(view: TreeView, self: Node, controller: Node, intid: number): Use | undefined {
  return usersByIntid(view)
    .get(`${controller.path}#${intid}`)
    ?.find((u) => u.node !== self);
}

type Use = { node: Node; source: CellRef };
const cache = new WeakMap<TreeView, Map<string, Use[]>>();

function usersByIntid(view: TreeView): Map<string, Use[]> {
  let map = cache.get(view);
  if (map) return map;
  map = new Map();
  for (const node of view.tree.root.walk()) {
    if (!node.prop('interrupts') && !node.prop('interrupts-extended')) continue;
    if (!isLive(node)) continue;
    for (const irq of view.node(node).interrupts) {
      if (irq.decoded.kind !== 'gic') continue;
      const key = `${irq.controller.path}#${irq.decoded.intid}`;
      const list = map.get(key) ?? [];
      map.set(key, list);
      list.push({ node, source: irq.source });
    }
  }
  cache.set(view, map);
  return map;
}
