import type { Node } from '../../compiler/tree/tree.js';
import { defineRule } from './define.js';
import { board, sram } from './support/examples.js';
import { hex, liveWith } from './support/nodes.js';
import { channelName, type ShmemRef, shmemRefs } from './support/scmi.js';

export default defineRule({
  id: 'wiring/shmem-overlap',
  severity: 'error',
  summary: 'SCMI channels never share or overlap their shared-memory areas',
  rationale: `An SMT area is one channel's state: the channel-free bit, the length and the message header
belong to whichever side owns the channel at the moment. Two channels on one area (the TX and RX areas
of a mailbox agent being the same node, which Linux rejects outright, or two agents or protocols pointing
at one node) or on overlapping areas overwrite each other's messages and tokens, and a completion on one
is taken for the other. Every pair of live 'arm,scmi-shmem' areas is compared by CPU address, and every
'shmem' entry of every live SCMI channel by target node.`,
  examples: {
    valid: [
      {
        title: 'TX and RX areas side by side',
        dts: board(`
  mhu: mailbox@2b1f0000 {
    reg = <0x2b1f0000 0x1000>;
    #mbox-cells = <1>;
  };
${sram([
  ['tx', 0, 0x80],
  ['rx', 0x80, 0x80],
])}
  firmware {
    scmi {
      compatible = "arm,scmi";
      mboxes = <&mhu 0>, <&mhu 1>;
      shmem = <&tx>, <&rx>;
    };
  };`),
      },
    ],
    invalid: [
      {
        title: 'RX area is the TX area; another area overlaps the TX area',
        dts: board(`
  mhu: mailbox@2b1f0000 {
    reg = <0x2b1f0000 0x1000>;
    #mbox-cells = <1>;
  };
${sram([
  ['tx', 0, 0x80],
  ['other', 0x40, 0x80],
])}
  firmware {
    scmi {
      compatible = "arm,scmi";
      mboxes = <&mhu 0>, <&mhu 1>;
      shmem = <&tx>, <&tx>;
    };
  };`),
        expect: ['shmem = <&tx>, <[&tx]>', 'reg = <[0x0 0x80]>', 'reg = <[0x40 0x80]>'],
      },
    ],
  },
  check(view, report) {
    const first = new Map<Node, ShmemRef>();
    for (const ref of shmemRefs(view)) {
      const earlier = first.get(ref.target);
      if (!earlier) {
        first.set(ref.target, ref);
        continue;
      }
      const same = earlier.channel === ref.channel;
      report({
        message: same
          ? `the ${ref.index === 1 ? 'RX' : 'TX'} area of ${channelName(ref.channel)} is the same node as its ${earlier.index === 1 ? 'RX' : 'TX'} area`
          : `${ref.target.path} is already the shared memory of ${channelName(earlier.channel)}`,
        hint: 'give every channel direction its own arm,scmi-shmem area',
        at: { ref: ref.source },
        related: [{ at: { ref: earlier.source }, message: 'first use of this area' }],
      });
    }

    const areas = liveWith(view, 'arm,scmi-shmem')
      .map((v) => ({ v, r: v.reg[0] }))
      .filter((a) => a.r?.cpuAddress !== undefined && a.r.size !== undefined && a.r.size > 0n)
      .map((a) => ({ v: a.v, r: a.r!, start: a.r!.cpuAddress!, end: a.r!.cpuAddress! + a.r!.size! }))
      .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    for (let i = 0; i < areas.length; i++)
      for (let j = i + 1; j < areas.length && areas[j]!.start < areas[i]!.end; j++) {
        const a = areas[i]!;
        const b = areas[j]!;
        for (const [x, y] of [
          [a, b],
          [b, a],
        ] as const)
          report({
            message: `shared memory ${x.v.path} (${hex(x.start)}-${hex(x.end - 1n)}) overlaps ${y.v.path} (${hex(y.start)}-${hex(y.end - 1n)})`,
            hint: 'SMT areas must not overlap; move or shrink one of them',
            at: { ref: x.r.source },
            related: [{ at: { ref: y.r.source }, message: 'the overlapping area' }],
          });
      }
  },
});
