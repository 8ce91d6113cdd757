import { isLive } from '../../rules/support/nodes.js';
import { compatibleOf } from '../../types/status.js';
import { type Introduced, PROPERTY_GATES, supportOn } from '../data/compatibles.js';
import { defineKconfigRule } from './define.js';
import { board, cfg, SCMI_OPTEE_BOARD } from './support/examples.js';

const OPTEE_NOTIF = (cells: string) =>
  board(`
	firmware {
		optee {
			compatible = "linaro,optee-tz";
			method = "smc";
			interrupts = <${cells}>;
		};
	};`);

function bracket(i: Introduced): string {
  return i.absentIn ? `absent in ${i.absentIn}, present in ${i.presentIn}` : `first seen in ${i.presentIn}`;
}

export default defineKconfigRule({
  id: 'kconfig/kernel-version',
  severity: 'error',
  summary: 'compatibles and properties exist in the target kernel',
  rationale: `The tree may be written for a newer kernel than the one it boots: "linaro,scmi-optee" arrived
in v5.18, "arm,scmi-smc-param" in v6.6, "qcom,scmi-smc" in v6.8, "arm,mhuv3" by v6.11. On an older
kernel nothing matches the node (error). Properties have gates too: OP-TEE reads its notification
'interrupts' only from v5.17 (ignored before, warning), and accepts a per-CPU (PPI) notification
interrupt only from v6.4 — before that request_threaded_irq() refuses a per-CPU interrupt and the
OP-TEE probe fails when the secure world advertises asynchronous notifications (warning). Releases are
bracketed by sampled trees; a kernel between the brackets gets an info finding.`,
  examples: {
    valid: [
      {
        title: 'SCMI over OP-TEE on v5.19',
        dts: SCMI_OPTEE_BOARD,
        config: cfg('CONFIG_TEE=y', 'CONFIG_OPTEE=y', 'CONFIG_ARM_SCMI_PROTOCOL=y'),
        kernel: 'v5.19',
      },
      {
        title: 'an SPI notification interrupt on v6.1',
        dts: OPTEE_NOTIF('0 187 1'),
        config: cfg('CONFIG_TEE=y', 'CONFIG_OPTEE=y'),
        kernel: 'v6.1',
      },
      {
        title: 'a PPI notification interrupt on v6.12',
        dts: OPTEE_NOTIF('1 15 4'),
        config: cfg('CONFIG_TEE=y', 'CONFIG_OPTEE=y'),
        kernel: 'v6.12',
      },
    ],
    invalid: [
      {
        title: 'SCMI over OP-TEE on v5.16',
        dts: SCMI_OPTEE_BOARD,
        config: cfg('CONFIG_TEE=y', 'CONFIG_OPTEE=y', 'CONFIG_ARM_SCMI_PROTOCOL=y'),
        kernel: 'v5.16',
      },
      {
        title: 'OP-TEE notification interrupt on v5.16',
        dts: OPTEE_NOTIF('0 187 1'),
        config: cfg('CONFIG_TEE=y', 'CONFIG_OPTEE=y'),
        kernel: 'v5.16',
      },
      {
        title: 'a PPI notification interrupt on v6.1',
        dts: OPTEE_NOTIF('1 15 4'),
        config: cfg('CONFIG_TEE=y', 'CONFIG_OPTEE=y'),
        kernel: 'v6.1',
      },
    ],
  },
  check(ctx, report) {
    const kernel = ctx.source.kernel;
    for (const d of ctx.drivers.all) {
      if (d.support === 'yes' || !d.entry.introduced) continue;
      const other = compatibleOf(d.node)
        .slice(d.index + 1)
        .find((c) => c.length > 0);
      report({
        severity: d.support === 'no' ? 'error' : 'info',
        message:
          d.support === 'no'
            ? `"${d.compatible}" is not known to Linux ${kernel} (${bracket(d.entry.introduced)}): nothing will bind this node`
            : `"${d.compatible}" may be missing from Linux ${kernel} (${bracket(d.entry.introduced)}; not verified in between)`,
        at: { node: d.node, property: 'compatible', string: d.index },
        hint: `use a kernel ≥ ${d.entry.introduced.presentIn}${other ? '' : ' or a compatible the kernel knows'}`,
      });
    }
    for (const gate of PROPERTY_GATES) {
      const support = supportOn(gate.introduced, kernel);
      if (support === 'yes') continue;
      for (const nv of ctx.view.withCompatible(gate.compatible)) {
        if (!isLive(nv.node) || !nv.node.prop(gate.property)) continue;
        if (gate.applies === 'per-cpu-interrupt') {
          const ppi = nv.interrupts.find(
            (i) => i.decoded.kind === 'gic' && (i.decoded.type === 'ppi' || i.decoded.type === 'eppi'),
          );
          if (!ppi) continue;
          report({
            severity: support === 'no' ? 'warning' : 'info',
            message: `${gate.what} needs Linux ≥ ${gate.introduced.presentIn} (${bracket(gate.introduced)}); on ${kernel} the probe fails if the secure world advertises asynchronous notifications`,
            at: { ref: ppi.source },
            hint: 'use an SPI (edge-triggered) for the notification, or a newer kernel',
          });
          continue;
        }
        report({
          severity: support === 'no' ? 'warning' : 'info',
          message: `'${gate.property}' (${gate.what}) is read only from Linux ${gate.introduced.presentIn} (${bracket(gate.introduced)}); ${kernel} ${gate.older === 'ignored' ? 'ignores it' : 'fails the probe'}`,
          at: { node: nv.node, property: gate.property },
        });
      }
    }
  },
});
