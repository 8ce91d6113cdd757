import type { Node } from '../../../compiler/tree/tree.js';
import { type ScmiTransport, transportOf } from '../../bindings/firmware/scmi-protocols.js';
import { readU32 } from '../../types/cells.js';
import type { CellRef } from '../../types/source.js';
import type { NodeView, TreeView } from '../../view/view.js';
import { isLive, liveWith } from './nodes.js';

/**
 * SCMI agents and their channels as Linux builds them (`scmi_chan_setup`): the agent node is the base
 * protocol's channel; a protocol node with its own transport properties gets a dedicated channel, any
 * other protocol shares the base one.
 */
export const SCMI_COMPATIBLES = [
  'arm,scmi',
  'arm,scmi-smc',
  'arm,scmi-smc-param',
  'qcom,scmi-smc',
  'arm,scmi-virtio',
  'linaro,scmi-optee',
] as const;

export interface ScmiAgent {
  node: NodeView;
  transport: ScmiTransport;
  channels: ScmiChannel[];
}

export interface ScmiChannel {
  /** The node carrying the channel's transport properties (agent or protocol node). */
  node: NodeView;
  agent: ScmiAgent;
  /** The protocol id for a dedicated protocol channel; undefined for the agent's base channel. */
  protocol?: number;
}

/** Properties that give a protocol node a channel of its own, per transport (Linux `chan_available`). */
const CHANNEL_PROPS: Record<ScmiTransport, readonly string[]> = {
  mailbox: ['mboxes'],
  smc: ['arm,smc-id', 'shmem'],
  optee: ['linaro,optee-channel-id'],
  virtio: [],
};

const cache = new WeakMap<TreeView, ScmiAgent[]>();

/** Live SCMI agents in tree order. */
export function scmiAgents(view: TreeView): ScmiAgent[] {
  let agents = cache.get(view);
  if (agents) return agents;
  agents = [];
  for (const node of liveWith(view, ...SCMI_COMPATIBLES)) {
    const transport = transportOf(node.compatible);
    if (!transport) continue;
    const agent: ScmiAgent = { node, transport, channels: [] };
    agent.channels.push({ node, agent });
    for (const child of node.children) {
      if (!child.node.name.startsWith('protocol@') || !isLive(child.node)) continue;
      if (!CHANNEL_PROPS[transport].some((p) => child.node.prop(p) !== undefined)) continue;
      const protocol = readU32(child.node, 'reg');
      agent.channels.push({ node: child, agent, ...(protocol !== undefined ? { protocol } : {}) });
    }
    agents.push(agent);
  }
  cache.set(view, agents);
  return agents;
}

/** "the SCMI agent /firmware/scmi" or "protocol 0x14 of /firmware/scmi", for messages. */
export function channelName(channel: ScmiChannel): string {
  return channel.protocol === undefined
    ? `the base channel of ${channel.agent.node.path}`
    : `the protocol 0x${channel.protocol.toString(16)} channel of ${channel.agent.node.path}`;
}

export interface ShmemRef {
  channel: ScmiChannel;
  /** 0 = a2p/tx area, 1 = p2a/rx area. */
  index: number;
  target: Node;
  source: CellRef;
}

/** The `shmem` entries of every live SCMI channel, in tree order (undecodable properties are skipped). */
export function shmemRefs(view: TreeView): ShmemRef[] {
  const out: ShmemRef[] = [];
  for (const agent of scmiAgents(view))
    for (const channel of agent.channels) {
      const entries = channel.node.phandleArray('shmem', null);
      entries.value.forEach((e, index) => {
        if (e.provider) out.push({ channel, index, target: e.provider, source: e.source });
      });
    }
  return out;
}
