import type { NodeView } from '../../schemas/view/view.js';
import type { MailboxFramework, MboxClientChannel } from '../linux/mailbox/framework.js';
import { resolveShmem, SmtAgentArea } from './shmem.js';
import { scmiRoot } from './smc.js';
import type { ChannelRequest, ScmiChannel, ScmiTransport, SetupResult, TransportEnv } from './transport.js';

/**
 * Channel layout decided by the counts of `mboxes` and `shmem` (Linux `mailbox_chan_validate`):
 * mailbox indices of each role, and whether an rx (p2a) channel exists.
 */
export interface MailboxLayout {
  key: string;
  tx: number;
  txReply?: number;
  rx?: number;
  rxReply?: number;
}

export const MAILBOX_LAYOUTS: Readonly<Record<string, MailboxLayout>> = {
  '1/1': { key: '1/1', tx: 0 },
  '2/2': { key: '2/2', tx: 0, rx: 1 },
  '2/1': { key: '2/1', tx: 0, txReply: 1 },
  '3/2': { key: '3/2', tx: 0, txReply: 1, rx: 2 },
  '4/2': { key: '4/2', tx: 0, txReply: 1, rx: 2, rxReply: 3 },
};

export function mailboxLayout(node: NodeView): MailboxLayout | undefined {
  const m = node.phandleArray('mboxes', '#mbox-cells').value.length;
  const s = node.phandleArray('shmem', null).value.length;
  const layout = MAILBOX_LAYOUTS[`${m}/${s}`];
  if (!layout) return undefined;
  // The tx and rx areas must be different nodes.
  if (s === 2) {
    const [a, b] = node.phandleArray('shmem', null).value;
    if (a?.provider && a.provider === b?.provider) return undefined;
  }
  return layout;
}

/**
 * `arm,scmi` over a mailbox (Linux `transports/mailbox.c`): the tx channel rings its doorbell after
 * writing the SMT area; the completion arrives on the same bidirectional channel or on `tx_reply`.
 * A completion while the area is not FREE is a spurious A2P interrupt and is ignored (the reply to
 * a timed-out message arriving late). `arm,no-completion-irq` makes the core poll instead.
 */
export function mailboxTransport(env: TransportEnv, mailboxes: MailboxFramework): ScmiTransport {
  return {
    name: 'mailbox',
    compatible: ['arm,scmi'],
    limits: { maxMsgSize: 104, maxMsg: 20, maxRxTimeoutMs: 30, syncCmdsCompletedOnRet: false },
    available(node, tx) {
      const layout = mailboxLayout(node);
      return layout !== undefined && (tx || layout.rx !== undefined);
    },
    setup: (request) => setupMailbox(env, mailboxes, request),
  };
}

function setupMailbox(env: TransportEnv, mailboxes: MailboxFramework, req: ChannelRequest): SetupResult {
  const { node, tx, onRx } = req;
  const layout = mailboxLayout(node);
  if (!layout) {
    const m = node.phandleArray('mboxes', '#mbox-cells').value.length;
    const s = node.phandleArray('shmem', null).value.length;
    return { kind: 'error', errno: '-EINVAL', reason: `invalid mboxes/shmem layout ${m}/${s}` };
  }
  const area = resolveShmem(node, tx ? 0 : 1);
  if ('error' in area) return { kind: 'error', errno: '-ENOMEM', reason: area.error };
  const smt = new SmtAgentArea(area, env.mem, env.trace, node.path);
  const polling = scmiRoot(node).flag('arm,no-completion-irq');
  const main = tx ? layout.tx : layout.rx;
  const reply = tx ? layout.txReply : layout.rxReply;
  if (main === undefined) return { kind: 'error', errno: '-ENODEV', reason: 'no rx channel in this layout' };

  const completion = (_data: number) => {
    if (tx) {
      if (!smt.channelFree()) {
        env.trace.emit('diag', node.path, 'Ignoring spurious A2P IRQ !', { header: smt.readHeader() });
        return;
      }
      onRx(smt.readHeader());
    } else {
      // A p2a notification or delayed response: hand it over, then give the area back.
      onRx(smt.readHeader());
      smt.markFree();
      if (replyChannel) replyChannel.send(0);
    }
  };
  const first = mailboxes.request(node, main, reply === undefined || !tx ? completion : () => {});
  if (first.kind !== 'ok') return first;
  let replyChannel: MboxClientChannel | undefined;
  if (reply !== undefined) {
    const second = mailboxes.request(node, reply, tx ? completion : () => {});
    if (second.kind !== 'ok') {
      first.channel.free();
      return second;
    }
    replyChannel = second.channel;
  }
  const doorbell = first.channel;
  env.trace.emit('scmi', node.path, `mailbox ${tx ? 'tx' : 'rx'} channel ready (${layout.key})`, {
    shmem: area.node,
    layout: layout.key,
    completion: polling ? 'polling' : reply !== undefined && tx ? 'tx_reply' : 'same-channel',
  });
  const channel: ScmiChannel = {
    owner: node.path,
    polling,
    send(xfer) {
      if (!smt.txPrepare(xfer, polling)) return '-EIO';
      return doorbell.send(0);
    },
    fetchResponse: (xfer) => smt.fetchResponse(xfer),
    poll: (xfer) => smt.pollDone(xfer),
  };
  return { kind: 'ok', channel };
}
