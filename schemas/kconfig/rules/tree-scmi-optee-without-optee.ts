import { liveWith } from '../../rules/support/nodes.js';
import { defineKconfigRule } from './define.js';
import { cfg, SCMI_OPTEE_BOARD } from './support/examples.js';

export default defineKconfigRule({
  id: 'kconfig/tree-scmi-optee-without-optee',
  severity: 'error',
  summary: 'an SCMI-over-OP-TEE node comes with an enabled OP-TEE node',
  rationale: `The OP-TEE SCMI transport does not talk to the secure world itself: it opens a session on
the TEE bus, which exists only once the OP-TEE driver has probed the "linaro,optee-tz" node. Without an
enabled OP-TEE node the transport waits for a TEE device that never comes, and SCMI with every clock,
reset and power domain it provides stays deferred.`,
  examples: {
    valid: [
      {
        title: 'SCMI over OP-TEE with OP-TEE',
        dts: SCMI_OPTEE_BOARD,
        config: cfg('CONFIG_TEE=y', 'CONFIG_OPTEE=y', 'CONFIG_ARM_SCMI_PROTOCOL=y'),
        kernel: 'v6.1',
      },
    ],
    invalid: [
      {
        title: 'SCMI over OP-TEE, OP-TEE node disabled',
        dts: SCMI_OPTEE_BOARD.replace('method = "smc";', 'method = "smc";\n\t\t\tstatus = "disabled";'),
        config: cfg('CONFIG_TEE=y', 'CONFIG_OPTEE=y', 'CONFIG_ARM_SCMI_PROTOCOL=y'),
        kernel: 'v6.1',
      },
    ],
  },
  check(ctx, report) {
    if (liveWith(ctx.view, 'linaro,optee-tz').length > 0) return;
    for (const scmi of liveWith(ctx.view, 'linaro,scmi-optee')) {
      const optee = [...ctx.view.withCompatible('linaro,optee-tz')][0];
      report({
        message: `"linaro,scmi-optee" needs the OP-TEE driver, but ${optee ? `${optee.path} is not enabled` : 'the tree has no "linaro,optee-tz" node'}: the transport waits for the TEE bus forever`,
        at: { node: scmi.node, property: 'compatible' },
        hint: optee ? `enable ${optee.path}` : 'add a firmware/optee node with compatible "linaro,optee-tz"',
        ...(optee
          ? { related: [{ at: { node: optee.node, property: 'status' }, message: 'OP-TEE node' }] }
          : {}),
      });
    }
  },
});
