import { isFault } from '../core/memory.js';
import type { Scheduler } from '../core/scheduler.js';
import type { Trace } from '../core/trace.js';
import type { MhuDevice } from '../mailbox/mhu.js';
import type { ScmiFirmware } from '../scmi/firmware.js';
import { SMT, SMT_FLAGS } from '../scmi/smt.js';

/**
 * The platform processor's end of an MHU (an SCP running SCP-firmware): an a2p doorbell on a
 * channel the profile maps to an SCMI channel is served after `latencyNs` of virtual time; the
 * a2p bits are cleared (TX done for Linux), the SMT area processed, and — only when the agent set
 * INTR_ENABLED (flags bit0, as SCP-firmware's `smt` reads it) — the completion doorbell rung on the
 * same channel or on the `reply` one.
 */
export class ScmiMailboxEndpoint {
  constructor(
    readonly firmware: ScmiFirmware,
    readonly mhu: MhuDevice,
    private readonly scheduler: Scheduler,
    private readonly trace: Trace,
    private readonly latencyNs = 5000,
  ) {
    mhu.onA2p((channel, bits) => this.doorbell(channel, bits));
  }

  private doorbell(channel: number, bits: number): void {
    const targets = this.firmware.channels.filter(
      (c) =>
        c.mailbox?.controller === this.mhu.name &&
        c.mailbox.channel === channel &&
        (c.mailbox.doorbell === undefined || (bits & (1 << c.mailbox.doorbell)) !== 0),
    );
    if (targets.length === 0) {
      this.trace.emit(
        'diag',
        this.mhu.name,
        `doorbell on channel ${channel} serves no SCMI channel of the profile`,
        {
          channel,
          bits,
        },
      );
      return;
    }
    for (const ch of targets) {
      const mb = ch.mailbox!;
      this.scheduler.after(this.latencyNs, `scp channel ${ch.id}`, () => {
        this.mhu.a2pClear(channel, mb.doorbell === undefined ? bits : 1 << mb.doorbell);
        const flags = ch.shmem ? this.firmware.mem.readU32(ch.shmem.base + BigInt(SMT.FLAGS), true) : 0;
        const outcome = this.firmware.smtEntry(ch.id, 'interrupt');
        if (!outcome || isFault(flags) || !(flags & SMT_FLAGS.INTR_ENABLED)) return;
        const reply = mb.reply ?? { channel: mb.channel, doorbell: mb.doorbell };
        this.mhu.p2aSet(reply.channel, reply.doorbell === undefined ? 1 : 1 << reply.doorbell);
      });
    }
  }
}
