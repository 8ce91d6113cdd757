import type { NodeView } from '../../../schemas/view/view.js';
import type { MailboxChannel, MailboxController } from '../../mailbox/controller.js';
import type { MhuDevice } from '../../mailbox/mhu.js';
import type { IrqHost } from '../../transports/transport.js';

/**
 * Linux's MHU drivers over the MHU model: `arm,mhu` (`arm_mhu.c`, `#mbox-cells = <1>`, the data
 * word is written to SET) and `arm,mhu-doorbell` (`arm_mhu_db.c`, `#mbox-cells = <2>`: channel and
 * doorbell bit; data is ignored). The receive interrupt of each channel reads STAT, hands the value
 * (or each set doorbell) to the client and clears it. Transmission is done when the platform has
 * cleared the a2p bits (TXDONE_BY_POLL), unless the client acknowledges itself.
 */
export function mhuController(node: NodeView, mhu: MhuDevice, irqs: IrqHost): MailboxController | string {
  const doorbell = node.compatible.includes('arm,mhu-doorbell');
  const cells = node.u32('#mbox-cells') ?? (doorbell ? 2 : 1);
  // rx handlers per channel: whole-word clients, or one per doorbell bit.
  const rx = new Map<number, Map<number, (data: number) => void>>();
  for (const irq of node.interrupts) {
    if (irq.decoded.kind !== 'gic' || irq.index >= mhu.channels) continue;
    const channel = irq.index;
    const err = irqs.request(irq.decoded.intid, `${node.path}:${channel}`, () => {
      const stat = mhu.p2aStatus(channel);
      if (stat === 0) return;
      const clients = rx.get(channel);
      if (doorbell) {
        for (let bit = 0; bit < 32; bit++) {
          if (!(stat & (1 << bit))) continue;
          mhu.p2aClear(channel, 1 << bit);
          clients?.get(bit)?.(0);
        }
      } else {
        mhu.p2aClear(channel, stat);
        clients?.get(-1)?.(stat);
      }
    });
    if (err) return err;
  }
  return {
    node: node.path,
    cells,
    xlate(args): MailboxChannel | string {
      const channel = args[0] ?? 0;
      const bit = doorbell ? (args[1] ?? 0) : -1;
      if (channel >= mhu.channels || bit > 31) return '-EINVAL';
      const label = doorbell
        ? `${node.path} channel ${channel} doorbell ${bit}`
        : `${node.path} channel ${channel}`;
      return {
        label,
        txdone: 'poll',
        startup(handler) {
          const clients = rx.get(channel) ?? new Map<number, (data: number) => void>();
          rx.set(channel, clients);
          if (clients.has(bit)) return '-EBUSY';
          clients.set(bit, handler);
          return undefined;
        },
        send(data) {
          mhu.a2pSet(channel, doorbell ? 1 << bit : data || 1);
          return undefined;
        },
        lastTxDone: () =>
          doorbell ? (mhu.a2pStatus(channel) & (1 << bit)) === 0 : mhu.a2pStatus(channel) === 0,
        shutdown() {
          rx.get(channel)?.delete(bit);
        },
      };
    },
  };
}
