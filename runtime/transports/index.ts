import type { MailboxFramework } from '../linux/mailbox/framework.js';
import { mailboxTransport } from './mailbox.js';
import { type OpteeScmiClient, opteeTransport } from './optee.js';
import { smcTransport } from './smc.js';
import type { ScmiTransport, TransportEnv } from './transport.js';

export type * from './transport.js';

/** Everything the transports may need; a transport whose provider is missing is simply not offered. */
export interface TransportProviders {
  mailboxes?: MailboxFramework;
  optee?: OpteeScmiClient;
}

/**
 * The transports, keyed by the compatibles that select them (`arm,scmi-virtio` is not modelled).
 * A test keeps this list, the files and the binding's compatibles in step.
 */
export function transports(env: TransportEnv, providers: TransportProviders = {}): ScmiTransport[] {
  const list: ScmiTransport[] = [smcTransport(env)];
  if (providers.mailboxes) list.push(mailboxTransport(env, providers.mailboxes));
  if (providers.optee) list.push(opteeTransport(env, providers.optee));
  return list;
}

export const TRANSPORT_COMPATIBLES: Readonly<Record<string, string>> = {
  'arm,scmi': 'mailbox',
  'arm,scmi-smc': 'smc',
  'arm,scmi-smc-param': 'smc',
  'qcom,scmi-smc': 'smc',
  'linaro,scmi-optee': 'optee',
};

export function transportFor(
  list: readonly ScmiTransport[],
  compatible: readonly string[],
): ScmiTransport | undefined {
  return list.find((t) => t.compatible.some((c) => compatible.includes(c)));
}
