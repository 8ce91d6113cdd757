import { defineRule } from './define.js';
import { board } from './support/examples.js';
import { disabledBy, liveWith, nodesWith } from './support/nodes.js';

export default defineRule({
  id: 'wiring/scmi-optee-provider',
  severity: 'error',
  summary: "a 'linaro,scmi-optee' agent needs an enabled OP-TEE node",
  rationale: `The OP-TEE SCMI transport is not a device of its own: Linux finds the SCMI pseudo-TA on the
TEE bus, which exists only once the OP-TEE driver has probed an enabled 'linaro,optee-tz' node. Without
one (absent, or disabled itself or through an ancestor) the transport never registers and the SCMI agent
and every clock, reset and regulator consumer behind it wait forever (probe deferral).`,
  examples: {
    valid: [
      {
        title: 'SCMI over OP-TEE with OP-TEE enabled',
        dts: board(`
  firmware {
    optee {
      compatible = "linaro,optee-tz";
      method = "smc";
    };
    scmi {
      compatible = "linaro,scmi-optee";
      linaro,optee-channel-id = <0>;
    };
  };`),
      },
    ],
    invalid: [
      {
        title: 'OP-TEE disabled',
        dts: board(`
  firmware {
    optee {
      compatible = "linaro,optee-tz";
      method = "smc";
      status = "disabled";
    };
    scmi {
      compatible = "linaro,scmi-optee";
      linaro,optee-channel-id = <0>;
    };
  };`),
        expect: ['["linaro,scmi-optee"]'],
      },
      {
        title: 'no OP-TEE node at all',
        dts: board(`
  firmware {
    scmi {
      compatible = "linaro,scmi-optee";
      linaro,optee-channel-id = <0>;
    };
  };`),
        expect: ['["linaro,scmi-optee"]'],
      },
    ],
  },
  check(view, report) {
    const agents = liveWith(view, 'linaro,scmi-optee');
    if (agents.length === 0 || liveWith(view, 'linaro,optee-tz').length > 0) return;
    const candidates = nodesWith(view, 'linaro,optee-tz');
    // An overlay is applied onto a base tree we cannot see: its OP-TEE node may well be there.
    if (candidates.length === 0 && view.tree.plugin) return;
    for (const agent of agents) {
      const index = agent.compatible.indexOf('linaro,scmi-optee');
      const disabled = candidates[0];
      const by = disabled ? disabledBy(disabled) : undefined;
      report({
        message: disabled
          ? `SCMI over OP-TEE, but the OP-TEE node ${disabled.path} is disabled${by && by !== disabled ? ` (through ${by.path})` : ''}`
          : "SCMI over OP-TEE, but the tree has no 'linaro,optee-tz' node",
        hint: disabled
          ? `enable ${disabled.path}`
          : 'add /firmware/optee { compatible = "linaro,optee-tz"; method = "smc"; }',
        at: { node: agent.node, property: 'compatible', string: index },
        ...(disabled && by
          ? { related: [{ at: { node: by, property: 'status' }, message: 'disabled here' }] }
          : {}),
      });
    }
  },
});
