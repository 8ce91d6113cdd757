import { defineRule } from './define.js';
import { board, sram } from './support/examples.js';
import { channelName, shmemRefs } from './support/scmi.js';

export default defineRule({
  id: 'wiring/shmem-compatible',
  severity: 'error',
  summary: "every SCMI 'shmem' entry points at an 'arm,scmi-shmem' node",
  rationale: `Linux maps an SCMI channel's shared memory only after checking that the node 'shmem' points
at is compatible with 'arm,scmi-shmem' (anything else fails channel setup with -ENXIO, and the agent
with it). The compatible is also what tells the SRAM driver to leave the area alone, and what says the
area holds the SMT layout (status, flags, length, header, payload) rather than a vendor's own mailbox
format ('arm,scp-shmem' for SCPI, BPMP's or ACPM's areas).`,
  examples: {
    valid: [
      {
        title: 'mailbox transport on an scmi-shmem section',
        dts: board(`
  mhu: mailbox@2b1f0000 {
    reg = <0x2b1f0000 0x1000>;
    #mbox-cells = <1>;
  };
${sram([['tx', 0, 0x80]])}
  firmware {
    scmi {
      compatible = "arm,scmi";
      mboxes = <&mhu 0>;
      shmem = <&tx>;
    };
  };`),
      },
    ],
    invalid: [
      {
        title: 'shmem points at the mailbox controller',
        dts: board(`
  mhu: mailbox@2b1f0000 {
    reg = <0x2b1f0000 0x1000>;
    #mbox-cells = <1>;
  };
  firmware {
    scmi {
      compatible = "arm,scmi";
      mboxes = <&mhu 0>;
      shmem = <&mhu>;
    };
  };`),
        expect: ['shmem = <[&mhu]>'],
      },
    ],
  },
  check(view, report) {
    for (const ref of shmemRefs(view)) {
      const compatible = view.node(ref.target).compatible;
      if (compatible.includes('arm,scmi-shmem')) continue;
      report({
        message: `'shmem' of ${channelName(ref.channel)} points at ${ref.target.path}, which is not 'arm,scmi-shmem'${compatible.length ? ` (${compatible.join(', ')})` : ''}`,
        hint: 'point it at an SRAM section or reserved-memory region with compatible = "arm,scmi-shmem"',
        at: { ref: ref.source },
        related: [{ at: { node: ref.target }, message: 'the node it points at' }],
      });
    }
  },
});
