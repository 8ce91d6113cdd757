import type { Place } from './define.js';
import { defineRule } from './define.js';
import { board } from './support/examples.js';
import { channelName, type ScmiChannel, scmiAgents } from './support/scmi.js';

export default defineRule({
  id: 'wiring/scmi-optee-channel-id',
  severity: 'error',
  summary: "'linaro,optee-channel-id' is unique across OP-TEE SCMI channels",
  rationale: `Each OP-TEE SCMI channel (the agent node, and every protocol node with its own
'linaro,optee-channel-id') is opened by Linux with GET_CHANNEL for that id, and OP-TEE's scmi-msg server
hands back the channel id itself as the handle. Two Linux channels on one id share one server channel
(one SMT buffer and one busy flag) while each holds only its own mutex, so their messages collide and the
server answers "busy"; a protocol that repeats its agent's id gains nothing over sharing the base channel.`,
  examples: {
    valid: [
      {
        title: 'base channel 0, clock protocol on channel 1',
        dts: board(`
  firmware {
    optee {
      compatible = "linaro,optee-tz";
      method = "smc";
    };
    scmi {
      compatible = "linaro,scmi-optee";
      linaro,optee-channel-id = <0>;
      #address-cells = <1>;
      #size-cells = <0>;
      protocol@14 {
        reg = <0x14>;
        #clock-cells = <1>;
        linaro,optee-channel-id = <1>;
      };
    };
  };`),
      },
    ],
    invalid: [
      {
        title: 'a protocol repeats the base channel id',
        dts: board(`
  firmware {
    optee {
      compatible = "linaro,optee-tz";
      method = "smc";
    };
    scmi {
      compatible = "linaro,scmi-optee";
      linaro,optee-channel-id = <0>;
      #address-cells = <1>;
      #size-cells = <0>;
      protocol@14 {
        reg = <0x14>;
        #clock-cells = <1>;
        linaro,optee-channel-id = <0x0>;
      };
    };
  };`),
        expect: ['<[0x0]>'],
      },
    ],
  },
  check(view, report) {
    const seen = new Map<number, ScmiChannel>();
    for (const agent of scmiAgents(view)) {
      if (agent.transport !== 'optee') continue;
      for (const channel of agent.channels) {
        const id = channel.node.u32('linaro,optee-channel-id');
        if (id === undefined) continue;
        const at: Place = { node: channel.node.node, property: 'linaro,optee-channel-id', cell: 0 };
        const first = seen.get(id);
        if (!first) {
          seen.set(id, channel);
          continue;
        }
        report({
          message: `OP-TEE SCMI channel id ${id} is already used by ${channelName(first)}`,
          hint: 'give each dedicated channel its own id, or drop the property to share the base channel',
          at,
          related: [
            {
              at: { node: first.node.node, property: 'linaro,optee-channel-id', cell: 0 },
              message: 'first use of this channel id',
            },
          ],
        });
      }
    }
  },
});
