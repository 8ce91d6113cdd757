import { addressCells, sizeCells } from '../types/cells.js';
import { defineRule } from './define.js';
import { board, sram } from './support/examples.js';
import { hex } from './support/nodes.js';
import { channelName, shmemRefs } from './support/scmi.js';

/** Linux `SCMI_SHMEM_MAX_PAYLOAD_SIZE`: the default message size of shmem-based transports. */
export const LINUX_MAX_MSG_SIZE = 104;
/** Linux `SCMI_SHMEM_LAYOUT_OVERHEAD`: the SMT fields before the message header. */
export const SMT_OVERHEAD = 24;

export default defineRule({
  id: 'wiring/shmem-size',
  severity: 'error',
  summary: "each SCMI shared-memory area holds the SMT header plus the agent's largest message",
  rationale: `An SMT channel area starts with 0x1c bytes of header (reserved, channel status, reserved,
flags, length, message header) followed by the payload. Linux sizes messages per transport
(max_msg_size: 104 bytes by default for the mailbox, SMC and OP-TEE transports, or the agent's
'arm,max-msg-size') and refuses a channel whose area is smaller than that plus its 24 bytes of layout
overhead (shmem setup fails with -ENOSPC, "misconfigured SCMI shared memory"), so the common 0x80-byte
area is the minimum with the default. OP-TEE's and TF-A's servers accept at most 92 bytes of request
payload and use 128-byte slots, which the same minimum satisfies.`,
  supersedes: ['schema/sram/arm,scmi-shmem/too-small'],
  examples: {
    valid: [
      {
        title: '0x80 bytes, the usual size',
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
        title: '0x40 bytes',
        dts: board(`
  mhu: mailbox@2b1f0000 {
    reg = <0x2b1f0000 0x1000>;
    #mbox-cells = <1>;
  };
${sram([['tx', 0, 0x40]])}
  firmware {
    scmi {
      compatible = "arm,scmi";
      mboxes = <&mhu 0>;
      shmem = <&tx>;
    };
  };`),
        expect: ['reg = <0x0 [0x40]>'],
      },
    ],
  },
  check(view, report) {
    for (const ref of shmemRefs(view)) {
      const target = view.node(ref.target);
      if (!target.compatible.includes('arm,scmi-shmem')) continue;
      const [region] = target.reg;
      if (!region || region.size === undefined) continue;
      const maxMsg = ref.channel.agent.node.u32('arm,max-msg-size') ?? LINUX_MAX_MSG_SIZE;
      const need = BigInt(maxMsg + SMT_OVERHEAD);
      if (region.size >= need) continue;
      const ac = addressCells(ref.target.parent);
      const sc = sizeCells(ref.target.parent);
      report({
        message: `shared memory of ${hex(region.size)} bytes is too small for ${channelName(ref.channel)}: ${SMT_OVERHEAD} bytes of SMT layout + ${maxMsg}-byte messages need ${hex(need)}`,
        hint: `make the area at least ${hex(need)} bytes${maxMsg === LINUX_MAX_MSG_SIZE ? '' : " (or lower 'arm,max-msg-size')"}`,
        at: { ref: { ...region.source, cell: region.source.cell + ac, count: sc } },
        related: [{ at: { ref: ref.source }, message: 'used as a channel area here' }],
      });
    }
  },
});
