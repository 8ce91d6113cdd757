import { defineRule } from './define.js';
import { board } from './support/examples.js';
import { liveWith } from './support/nodes.js';

export default defineRule({
  id: 'wiring/optee-single',
  severity: 'error',
  summary: 'at most one enabled OP-TEE node',
  rationale: `There is one secure world and one trusted OS behind the SMC conduit. Linux's OP-TEE driver
probes every enabled 'linaro,optee-tz' node; a second one talks to the same OP-TEE, registers a second
pair of TEE devices and enables notifications twice, and OP-TEE itself supports a single normal-world
driver instance (its shared-memory cache and notification state are global). A board that wants to
describe an alternative must disable all but one.`,
  examples: {
    valid: [
      {
        title: 'one OP-TEE node, a second one disabled',
        dts: board(`
  firmware {
    optee {
      compatible = "linaro,optee-tz";
      method = "smc";
    };
  };
  secure-firmware {
    optee {
      compatible = "linaro,optee-tz";
      method = "smc";
      status = "disabled";
    };
  };`),
      },
    ],
    invalid: [
      {
        title: 'two enabled OP-TEE nodes',
        dts: board(`
  firmware {
    optee {
      compatible = "linaro,optee-tz";
      method = "smc";
    };
  };
  optee {
    compatible = "linaro,optee-tz";
    method = "smc";
  };`),
        expect: ['[optee] {\n    compatible'],
      },
    ],
  },
  check(view, report) {
    const [first, ...others] = liveWith(view, 'linaro,optee-tz');
    if (!first) return;
    for (const other of others)
      report({
        message: `a second enabled OP-TEE node; ${first.path} already describes the trusted OS`,
        hint: 'keep one OP-TEE node enabled (status = "disabled" on the others)',
        at: { node: other.node },
        related: [{ at: { node: first.node }, message: 'the first OP-TEE node' }],
      });
  },
});
