import { defineRule } from './define.js';
import { board } from './support/examples.js';
import { hex } from './support/nodes.js';
import { channelName, type ScmiChannel, scmiAgents } from './support/scmi.js';

/** Transports whose call also carries something that tells channels apart (shmem address, capability id). */
const DISAMBIGUATED = ['arm,scmi-smc-param', 'qcom,scmi-smc'];

export default defineRule({
  id: 'wiring/smc-id-unique',
  severity: 'error',
  summary: 'two SCMI SMC channels never share one function id',
  rationale: `With 'arm,scmi-smc' the call carries nothing but the function id (a1..a6 are zero), so the
firmware picks the agent and its shared memory by id alone: two channels (two agents, or an agent and a
protocol's dedicated channel) on one id land in the same server channel, and one agent's request is
processed from the other agent's buffer. 'arm,scmi-smc-param' passes the shmem address in a1/a2 and
'qcom,scmi-smc' a capability id read from the shmem, so those may share an id when both channels use one
of them.`,
  examples: {
    valid: [
      {
        title: 'two param-variant agents on one id, told apart by their shmem address',
        dts: board(`
  reserved-memory {
    #address-cells = <1>;
    #size-cells = <1>;
    ranges;
    shm0: shmem@10f000 {
      compatible = "arm,scmi-shmem";
      reg = <0x10f000 0x100>;
    };
    shm1: shmem@110000 {
      compatible = "arm,scmi-shmem";
      reg = <0x110000 0x100>;
    };
  };
  firmware {
    scmi-0 {
      compatible = "arm,scmi-smc-param";
      arm,smc-id = <0x82000010>;
      shmem = <&shm0>;
    };
    scmi-1 {
      compatible = "arm,scmi-smc-param";
      arm,smc-id = <0x82000010>;
      shmem = <&shm1>;
    };
  };`),
      },
    ],
    invalid: [
      {
        title: 'two plain SMC agents on one id',
        dts: board(`
  reserved-memory {
    #address-cells = <1>;
    #size-cells = <1>;
    ranges;
    shm0: shmem@10f000 {
      compatible = "arm,scmi-shmem";
      reg = <0x10f000 0x100>;
    };
    shm1: shmem@110000 {
      compatible = "arm,scmi-shmem";
      reg = <0x110000 0x100>;
    };
  };
  firmware {
    scmi-0 {
      compatible = "arm,scmi-smc";
      arm,smc-id = <0x82000010>;
      shmem = <&shm0>;
    };
    scmi-1 {
      compatible = "arm,scmi-smc";
      arm,smc-id = <0x82000010>;
      shmem = <&shm1>;
    };
  };`),
        expect: ['<[0x82000010]>;\n      shmem = <&shm1>'],
      },
    ],
  },
  check(view, report) {
    const seen = new Map<number, ScmiChannel[]>();
    for (const agent of scmiAgents(view)) {
      if (agent.transport !== 'smc') continue;
      const disambiguated = agent.node.compatible.some((c) => DISAMBIGUATED.includes(c));
      for (const channel of agent.channels) {
        const id = channel.node.u32('arm,smc-id');
        if (id === undefined) continue;
        const earlier = seen.get(id) ?? [];
        const clash = earlier.find(
          (c) => !disambiguated || !c.agent.node.compatible.some((x) => DISAMBIGUATED.includes(x)),
        );
        if (clash)
          report({
            message: `SMC function id ${hex(id)} is already used by ${channelName(clash)}; the firmware cannot tell the two channels apart`,
            hint: "give each channel its own SiP function id (or use 'arm,scmi-smc-param' on both)",
            at: { node: channel.node.node, property: 'arm,smc-id', cell: 0 },
            related: [
              {
                at: { node: clash.node.node, property: 'arm,smc-id', cell: 0 },
                message: 'the other channel on this id',
              },
            ],
          });
        earlier.push(channel);
        seen.set(id, earlier);
      }
    }
  },
});
