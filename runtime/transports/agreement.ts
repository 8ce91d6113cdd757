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
