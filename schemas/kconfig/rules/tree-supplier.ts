import { disabledBy, isLive } from '../../rules/support/nodes.js';
import { nodeStatus } from '../../types/status.js';
import { defineKconfigRule } from './define.js';
import { board, cfg } from './support/examples.js';
import { supplierEdges } from './support/suppliers.js';

/**
 * Properties whose Linux lookup answers a disabled provider with an error instead of deferring: the
 * clock core (-ENOENT, also backported to stable), the PHY core and the IOMMU core (-ENODEV: the device
 * probes without them), DMA (drivers treat channels as optional and fall back to PIO). A missing
 * phandle is still reported for them.
 */
const LOOKUP_FAILS = new Set(['clocks', 'phys', 'iommus', 'dmas']);

const mhuBoard = (status: string) =>
  board(`
	mhu: mailbox@2b1f0000 {
		compatible = "arm,mhu", "arm,primecell";
		reg = <0 0x2b1f0000 0 0x1000>;
		#mbox-cells = <1>;
		status = "${status}";
	};
	firmware {
		scmi {
			compatible = "arm,scmi";
			mboxes = <&mhu 0>;
			#address-cells = <1>;
			#size-cells = <0>;
		};
	};`);

export default defineKconfigRule({
  id: 'kconfig/tree-supplier',
  severity: 'error',
  summary: 'every supplier an enabled device links to exists and is enabled',
  rationale: `The kernel turns phandle properties (clocks, resets, power domains, mailboxes, interrupt
parents, regulators' '-supply', GPIOs, pin control, PHYs, DMA, IOMMUs, …) into device links from the
consumer to each supplier (fw_devlink). A supplier node that is disabled, or a phandle that names no
node, leaves the consumer without a supplier device: its driver's resource lookups defer its probe
forever. This is the tree's own half of "no driver will bind": the configuration may be perfect and the
device still never probes. Clocks, PHYs, IOMMUs and DMA channels are left out for disabled
suppliers: their lookups fail instead of deferring (the driver decides). (dtpc lint's
wiring/disabled-provider covers the family properties; this rule follows the rest of what fw_devlink
follows.)`,
  examples: {
    valid: [
      {
        title: 'SCMI over an enabled MHU',
        dts: mhuBoard('okay'),
        config: cfg('CONFIG_MAILBOX=y', 'CONFIG_ARM_MHU=y', 'CONFIG_ARM_SCMI_PROTOCOL=y'),
        kernel: 'v6.1',
      },
    ],
    invalid: [
      {
        title: 'SCMI over a disabled MHU',
        dts: mhuBoard('disabled'),
        config: cfg('CONFIG_MAILBOX=y', 'CONFIG_ARM_MHU=y', 'CONFIG_ARM_SCMI_PROTOCOL=y'),
        kernel: 'v6.1',
      },
    ],
  },
  check(ctx, report) {
    for (const node of ctx.view.tree.root.walk()) {
      if (!isLive(node)) continue;
      for (const edge of supplierEdges(ctx.view, node)) {
        if (!edge.target) {
          report({
            message: `'${edge.property}' names phandle 0x${node.prop(edge.property)?.value.cell(edge.at.cell).toString(16)}, which no node has: this device waits for a supplier that does not exist`,
            at: { ref: edge.at },
          });
          continue;
        }
        if (isLive(edge.target) || LOOKUP_FAILS.has(edge.property)) continue;
        const by = disabledBy(edge.target)!;
        report({
          message: `'${edge.property}' uses ${edge.target.path}, which is ${by === edge.target ? `status "${nodeStatus(by)}"` : `under ${by.path} (status "${nodeStatus(by)}")`}: no device is created for it and this device's probe defers forever`,
          at: { ref: edge.at },
          hint: `enable ${by.path} or disable this node`,
          related: [{ at: { node: by, property: 'status' }, message: 'disabled here' }],
        });
      }
    }
  },
});
