import type { NodeView } from '../../schemas/view/view.js';
import { hex } from '../core/trace.js';
import { resolveShmem, SmtAgentArea } from './shmem.js';
import type {
  ChannelRequest,
  ScmiChannel,
  ScmiTransport,
  SetupResult,
  TransportEnv,
  Xfer,
} from './transport.js';

/**
 * `arm,scmi-smc`, `arm,scmi-smc-param` and `qcom,scmi-smc` (Linux `transports/smc.c`): an SMT area
 * plus a function id rung on the system SMCCC conduit. Only a0 == 0 is success; anything else is
 * -EOPNOTSUPP. Without an `a2p` interrupt the response is in place when the call returns; with one,
 * the core waits for it. `-param` passes the area's page and offset in a1/a2 (44-bit addresses);
 * `qcom` passes the capability id held in the area's last 8 bytes. There is no rx channel.
 */
export function smcTransport(env: TransportEnv): ScmiTransport {
  return {
    name: 'smc',
    compatible: ['arm,scmi-smc', 'arm,scmi-smc-param', 'qcom,scmi-smc'],
    limits: { maxMsgSize: 104, maxMsg: 20, maxRxTimeoutMs: 30, syncCmdsCompletedOnRet: true },
    available: (node, tx) => tx && node.flag('shmem'),
    setup: (request) => setupSmc(env, request),
  };
}

function setupSmc(env: TransportEnv, { node, tx, onRx }: ChannelRequest): SetupResult {
  if (!tx) return { kind: 'error', errno: '-ENODEV', reason: 'the SMC transport has no rx channel' };
  if (!env.smccc || env.smccc.conduit === 'none')
    return { kind: 'error', errno: '-EOPNOTSUPP', reason: 'no SMCCC v1.1 conduit' };
  const scmiNode = scmiRoot(node);
  const funcId = node.u32('arm,smc-id') ?? scmiNode.u32('arm,smc-id');
  if (funcId === undefined) return { kind: 'error', errno: '-EINVAL', reason: "no 'arm,smc-id'" };
  const area = resolveShmem(node, 0);
  if ('error' in area) return { kind: 'error', errno: '-EINVAL', reason: area.error };
  const compatible = scmiNode.compatible;
  const param = compatible.includes('arm,scmi-smc-param');
  const qcom = compatible.includes('qcom,scmi-smc');
  if (param && area.base >= 1n << 44n)
    return { kind: 'error', errno: '-EINVAL', reason: 'shmem above 44 bits cannot be passed as page/offset' };
  const smt = new SmtAgentArea(area, env.mem, env.trace, node.path);
  let capId = 0n;
  if (qcom) {
    const raw = env.mem.read(area.base + BigInt(area.size - 8), 8);
    if (!('fault' in raw)) capId = new DataView(raw.buffer).getBigUint64(0, true);
  }
  const a2p = scmiNode.interrupts.find((i) => i.name === 'a2p') ?? scmiNode.interrupts[0];
  let polling = true;
  if (a2p && a2p.decoded.kind === 'gic' && env.irqs) {
    const err = env.irqs.request(a2p.decoded.intid, `${scmiNode.path}:a2p`, () => onRx(smt.readHeader()));
    if (err)
      return { kind: 'error', errno: err, reason: `cannot request the a2p interrupt ${a2p.decoded.intid}` };
    polling = false;
  }
  const smccc = env.smccc;
  const a1 = param ? area.base >> 12n : qcom ? capId : 0n;
  const a2 = param ? area.base & 0xfffn : 0n;
  env.trace.emit('scmi', node.path, 'smc channel ready', {
    'smc-id': hex(funcId),
    shmem: area.node,
    address: hex(area.base),
    conduit: smccc.conduit,
    completion: polling ? 'on-return' : 'a2p-irq',
  });
  const channel: ScmiChannel = {
    owner: node.path,
    polling,
    send(xfer: Xfer) {
      if (!smt.txPrepare(xfer, polling)) return '-EIO';
      const res = smccc.invoke([funcId, a1, a2, 0, 0, 0, 0, 0]);
      const a0 = res.regs[0] ?? 0n;
      env.trace.emit('smc', node.path, `scmi doorbell ${hex(funcId)}`, { a0: hex(a0) });
      if (a0 !== 0n) {
        env.trace.emit(
          'diag',
          node.path,
          `SMC ${hex(funcId)} returned ${hex(a0)}: transport error -EOPNOTSUPP`,
          {
            'smc-id': hex(funcId),
            a0: hex(a0),
          },
        );
        return '-EOPNOTSUPP';
      }
      return undefined;
    },
    fetchResponse: (xfer) => smt.fetchResponse(xfer),
    poll: (xfer) => smt.pollDone(xfer),
  };
  return { kind: 'ok', channel };
}

/** The SCMI node a channel node belongs to (itself, or a protocol child's parent). */
export function scmiRoot(node: NodeView): NodeView {
  return node.u32('reg') !== undefined && node.parent ? node.parent : node;
}
