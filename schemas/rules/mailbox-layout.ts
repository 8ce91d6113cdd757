import { MAILBOX_LAYOUTS } from '../bindings/firmware/scmi-protocols.js';
import { defineRule } from './define.js';
import { board, sram } from './support/examples.js';
import { channelName, scmiAgents } from './support/scmi.js';

export default defineRule({
  id: 'wiring/mailbox-layout',
  severity: 'error',
  summary: "a mailbox-transport channel's mboxes/shmem counts are one of the five layouts Linux accepts",
  rationale: `Linux's mailbox transport derives the channel topology from the counts alone
(mailbox_chan_validate): 1 mailbox/1 area (TX on one bidirectional channel), 2/2 (TX and RX, both
bidirectional), 2/1 (TX on two unidirectional channels), 3/2 (TX on two, RX on one unidirectional) and
4/2 (all unidirectional, RX completion included). Any other combination fails channel setup with
-EINVAL, and it is checked for every channel: the agent node and each protocol node with its own
'mboxes'. A protocol channel that lists 'mboxes' without 'shmem' (or the reverse) is reported by the
binding.`,
  supersedes: ['schema/firmware/arm,scmi/mbox-shmem-layout'],
  examples: {
    valid: [
      {
        title: 'i.MX95 style: 4 mailboxes, 2 areas',
        dts: board(`
  mu: mailbox@44220000 {
    reg = <0x44220000 0x10000>;
    #mbox-cells = <2>;
  };
${sram([
  ['tx', 0, 0x80],
  ['rx', 0x80, 0x80],
])}
  firmware {
    scmi {
      compatible = "arm,scmi";
      mboxes = <&mu 5 0>, <&mu 3 0>, <&mu 3 1>, <&mu 5 1>;
      shmem = <&tx>, <&rx>;
    };
  };`),
      },
    ],
    invalid: [
      {
        title: 'a protocol channel with 3 mailboxes on one area',
        dts: board(`
  mu: mailbox@44220000 {
    reg = <0x44220000 0x10000>;
    #mbox-cells = <2>;
  };
${sram([
  ['tx', 0, 0x80],
  ['rx', 0x80, 0x80],
  ['perf', 0x100, 0x80],
])}
  firmware {
    scmi {
      compatible = "arm,scmi";
      mboxes = <&mu 0 0>, <&mu 0 1>;
      shmem = <&tx>, <&rx>;
      #address-cells = <1>;
      #size-cells = <0>;
      protocol@13 {
        reg = <0x13>;
        #clock-cells = <1>;
        mboxes = <&mu 1 0>, <&mu 1 1>, <&mu 1 2>;
        shmem = <&perf>;
      };
    };
  };`),
        expect: ['mboxes = <[&mu 1 0>, <&mu 1 1>, <&mu 1 2]>'],
      },
    ],
  },
  check(view, report) {
    for (const agent of scmiAgents(view)) {
      if (agent.transport !== 'mailbox') continue;
      for (const channel of agent.channels) {
        const mboxes = channel.node.phandleArray('mboxes', '#mbox-cells');
        const shmem = channel.node.phandleArray('shmem', null);
        if (mboxes.issues.length || shmem.issues.length) continue;
        const m = mboxes.value.length;
        const s = shmem.value.length;
        if (m === 0 || s === 0 || MAILBOX_LAYOUTS[`${m}/${s}`]) continue;
        const first = mboxes.value[0]!.source;
        const last = mboxes.value[m - 1]!.source;
        report({
          message: `${m} mailbox(es) with ${s} shared-memory area(s) is not a channel layout Linux accepts (${channelName(channel)})`,
          hint: `valid mboxes/shmem: ${Object.entries(MAILBOX_LAYOUTS)
            .map(([k, v]) => `${k} (${v})`)
            .join('; ')}`,
          at: { ref: { ...first, count: last.cell + last.count - first.cell } },
          related: [{ at: { node: channel.node.node, property: 'shmem' }, message: `${s} area(s) here` }],
        });
      }
    }
  },
});
