/**
 * The controller side of Linux's mailbox framework (`struct mbox_chan_ops` plus `of_xlate`): a
 * controller turns a consumer's `mboxes` specifier into a channel; a channel is started with the
 * client's receive callback and sends one word of data (a doorbell value, an SMC argument).
 */
export interface MailboxChannel {
  /** How the framework learns a send is finished. */
  readonly txdone: 'poll' | 'irq' | 'ack';
  startup(rx: (data: number) => void): string | undefined;
  send(data: number): string | undefined;
  /** TXDONE_BY_POLL: whether the remote side has consumed the last message. */
  lastTxDone?(): boolean;
  shutdown?(): void;
  /** For the trace: `mhu@2b1f0000 channel 0`. */
  readonly label: string;
}

export interface MailboxController {
  /** Provider node path (what `mboxes` phandles point at). */
  readonly node: string;
  /** `#mbox-cells` the controller expects. */
  readonly cells: number;
  /** Channel for a specifier's argument cells, or an errno. */
  xlate(args: readonly number[]): MailboxChannel | string;
}
