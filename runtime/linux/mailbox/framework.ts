import type { NodeView } from '../../../schemas/view/view.js';
import type { Trace } from '../../core/trace.js';
import type { MailboxController } from '../../mailbox/controller.js';

/** What a client holds after `mbox_request_channel`. */
export interface MboxClientChannel {
  readonly label: string;
  send(data: number): string | undefined;
  /** The client's own txdone (`mbox_client_txdone`), for clients that know when a message is done. */
  txDone(): void;
  free(): void;
}

export type MboxRequest =
  | { kind: 'ok'; channel: MboxClientChannel }
  | { kind: 'defer'; reason: string }
  | { kind: 'error'; errno: string; reason: string };

/**
 * Linux's mailbox framework (`drivers/mailbox/mailbox.c`), as much as SCMI uses: controllers
 * register under their DT node; `request` resolves a consumer's `mboxes` entry by index, defers
 * while the controller is not registered (-EPROBE_DEFER), translates the specifier and starts the
 * channel. Every step is an `mbox` trace event.
 */
export class MailboxFramework {
  private readonly controllers = new Map<string, MailboxController>();

  constructor(private readonly trace: Trace) {}

  register(controller: MailboxController): void {
    this.controllers.set(controller.node, controller);
    this.trace.emit('mbox', controller.node, 'mailbox controller registered', { cells: controller.cells });
  }

  request(consumer: NodeView, index: number, rx: (data: number) => void): MboxRequest {
    const entries = consumer.phandleArray('mboxes', '#mbox-cells');
    const entry = entries.value[index];
    if (!entry?.provider) return { kind: 'error', errno: '-ENODEV', reason: `no 'mboxes' entry ${index}` };
    const providerPath = entry.provider.path;
    const controller = this.controllers.get(providerPath);
    if (!controller) {
      this.trace.emit('mbox', consumer.path, `mbox ${index}: controller ${providerPath} not registered yet`, {
        index,
        controller: providerPath,
      });
      return { kind: 'defer', reason: `mailbox controller ${providerPath} not probed` };
    }
    const chan = controller.xlate(entry.args);
    if (typeof chan === 'string')
      return {
        kind: 'error',
        errno: chan,
        reason: `${providerPath} refuses specifier <${entry.args.join(' ')}>`,
      };
    const err = chan.startup(rx);
    if (err) return { kind: 'error', errno: err, reason: `${chan.label}: startup failed` };
    const trace = this.trace;
    trace.emit(
      'mbox',
      consumer.path,
      `mbox ${index}${entry.name ? ` (${entry.name})` : ''} -> ${chan.label}`,
      {
        index,
        controller: providerPath,
        args: entry.args,
      },
    );
    return {
      kind: 'ok',
      channel: {
        label: chan.label,
        send(data) {
          trace.emit('mbox', consumer.path, `send on ${chan.label}`, { data });
          return chan.send(data);
        },
        txDone() {},
        free: () => chan.shutdown?.(),
      },
    };
  }
}
