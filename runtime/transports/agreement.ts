import type { NodeView } from '../../schemas/view/view.js';
import { hex, type Trace } from '../core/trace.js';
import type { ScmiFirmware } from '../scmi/firmware.js';
import { resolveShmem } from './shmem.js';
import { scmiRoot } from './smc.js';

export interface Disagreement {
  node: string;
  channel: number;
  /** What the tree says. */
  dtAddress: bigint;
  /** What the firmware profile serves. */
  profileAddress: bigint | undefined;
}

/**
 * Does the firmware serve the channel at the address the tree gives Linux? For each channel node
 * (the SCMI node and protocol children with their own channel) the doorbell identifies the
 * profile's channel — `arm,smc-id` or `linaro,optee-channel-id` — and its shared memory must be the
 * node's `shmem`. A mismatch is what a real board does silently (the server answers in memory
 * Linux never reads); here it is a `diag` event naming the node and both addresses.
 */
export function checkShmemAgreement(
  scmiNode: NodeView,
  firmware: ScmiFirmware,
  trace: Trace,
): Disagreement[] {
  const out: Disagreement[] = [];
  const nodes = [scmiNode, ...scmiNode.children.filter((c) => c.flag('shmem'))];
  for (const node of nodes) {
    if (!node.flag('shmem')) continue;
    const area = resolveShmem(node, 0);
    if ('error' in area) continue;
    const root = scmiRoot(node);
    const smcId = node.u32('arm,smc-id') ?? root.u32('arm,smc-id');
    const opteeId = node.u32('linaro,optee-channel-id') ?? root.u32('linaro,optee-channel-id');
    const ch =
      mailboxChannel(node, firmware) ??
      (root.compatible.some((c) => c.includes('smc')) && smcId !== undefined
        ? firmware.channelBySmcId(smcId)
        : undefined) ??
      (root.compatible.includes('linaro,scmi-optee') && opteeId !== undefined
        ? firmware.channel(opteeId)
        : undefined) ??
      firmware.channelByShmem(area.base);
    if (!ch) continue;
    if (ch.shmem?.base === area.base) continue;
    const d = { node: node.path, channel: ch.id, dtAddress: area.base, profileAddress: ch.shmem?.base };
    out.push(d);
    trace.emit(
      'diag',
      node.path,
      `${node.path} uses shmem ${area.node} at ${hex(area.base)}, but the firmware profile serves channel ${ch.id} at ${
        ch.shmem ? hex(ch.shmem.base) : 'no shared memory'
      }: requests will never be answered where Linux looks`,
      {
        node: node.path,
        channel: ch.id,
        dt: hex(area.base),
        profile: ch.shmem ? hex(ch.shmem.base) : 'none',
      },
    );
  }
  return out;
}

/** The profile channel a mailbox doorbell reaches: MHU channel/doorbell, or an SMC mailbox's function id. */
function mailboxChannel(node: NodeView, firmware: ScmiFirmware) {
  const entry = node.phandleArray('mboxes', '#mbox-cells').value[0];
  if (!entry?.provider) return undefined;
  const provider = node.view.node(entry.provider);
  if (provider.compatible.some((c) => c === 'arm,smc-mbox' || c === 'arm,hvc-mbox')) {
    const ids = ['arm,func-id', 'arm,func-ids', 'arm,smc-func-ids'].flatMap((p) => {
      const prop = provider.node.prop(p);
      return prop ? Array.from({ length: prop.value.length >> 2 }, (_, i) => prop.value.cell(i)) : [];
    });
    const fid = ids[entry.args[0] ?? 0] ?? ids[0];
    return fid === undefined ? undefined : firmware.channelBySmcId(fid);
  }
  const [channel = 0, doorbell] = entry.args;
  return firmware.channels.find(
    (c) =>
      c.mailbox?.controller === provider.path &&
      c.mailbox.channel === channel &&
      (c.mailbox.doorbell === undefined || c.mailbox.doorbell === doorbell),
  );
}
