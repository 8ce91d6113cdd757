import { defineRule } from './define.js';
import { board } from './support/examples.js';
import { liveWith } from './support/nodes.js';
import { scmiAgents } from './support/scmi.js';

const SMC = ['arm,scmi-smc', 'arm,scmi-smc-param', 'qcom,scmi-smc'];

export default defineRule({
  id: 'wiring/scmi-smc-conduit',
  severity: 'error',
  summary: 'SCMI over SMC needs the system SMCCC 1.1 conduit, i.e. a PSCI 0.2+ node',
  rationale: `The SCMI SMC transport has no 'method': Linux invokes 'arm,smc-id' with
arm_smccc_1_1_invoke(), which uses the system SMCCC conduit, and that conduit is discovered through PSCI:
psci_probe() asks PSCI_FEATURES for SMCCC_VERSION, and only a PSCI 1.0+ firmware reached through a
PSCI 0.2+ node gets SMCCC 1.1 recorded. With no enabled PSCI node, or a PSCI 0.1 node ('arm,psci' only,
which Linux drives through the legacy path that never probes SMCCC), the conduit stays NONE and every
SCMI call returns NOT_SUPPORTED. PSCI's method is then also SCMI's conduit: with method = "hvc" the SCMI
calls go to EL2 and must be forwarded by the hypervisor (see wiring/conduit-el2).`,
  examples: {
    valid: [
      {
        title: 'SCMI over SMC with PSCI 1.0',
        dts: board(`
  reserved-memory {
    #address-cells = <1>;
    #size-cells = <1>;
    ranges;
    shm: shmem@10f000 {
      compatible = "arm,scmi-shmem";
      reg = <0x10f000 0x100>;
    };
  };
  firmware {
    scmi {
      compatible = "arm,scmi-smc";
      arm,smc-id = <0x82000010>;
      shmem = <&shm>;
    };
  };`),
      },
    ],
    invalid: [
      {
        title: 'SCMI over SMC, no PSCI',
        dts: board(
          `
  reserved-memory {
    #address-cells = <1>;
    #size-cells = <1>;
    ranges;
    shm: shmem@10f000 {
      compatible = "arm,scmi-shmem";
      reg = <0x10f000 0x100>;
    };
  };
  firmware {
    scmi {
      compatible = "arm,scmi-smc";
      arm,smc-id = <0x82000010>;
      shmem = <&shm>;
    };
  };`,
          { psci: false },
        ),
        expect: ['["arm,scmi-smc"]'],
      },
    ],
  },
  check(view, report) {
    const agents = scmiAgents(view).filter((a) => a.transport === 'smc');
    if (agents.length === 0) return;
    const psci = liveWith(view, 'arm,psci', 'arm,psci-0.2', 'arm,psci-1.0');
    // An overlay is applied onto a base tree we cannot see: its PSCI node may well be there.
    if (psci.length === 0 && view.tree.plugin) return;
    const modern = psci.find((p) => p.compatible.some((c) => c === 'arm,psci-0.2' || c === 'arm,psci-1.0'));
    if (modern) return;
    for (const agent of agents) {
      const index = agent.node.compatible.findIndex((c) => SMC.includes(c));
      const legacy = psci[0];
      report({
        message: legacy
          ? `SCMI over SMC, but ${legacy.path} is PSCI 0.1 ('arm,psci' only): Linux never discovers an SMCCC 1.1 conduit, so every SCMI call fails`
          : 'SCMI over SMC, but the tree has no enabled PSCI node: Linux has no SMCCC conduit to issue the call on',
        hint: legacy
          ? 'add "arm,psci-1.0", "arm,psci-0.2" to the PSCI compatible if the firmware implements them'
          : 'describe the firmware\'s PSCI: psci { compatible = "arm,psci-1.0", "arm,psci-0.2"; method = "smc"; }',
        at: { node: agent.node.node, property: 'compatible', string: Math.max(index, 0) },
        ...(legacy
          ? { related: [{ at: { node: legacy.node, property: 'compatible' }, message: 'PSCI 0.1 here' }] }
          : {}),
      });
    }
  },
});
