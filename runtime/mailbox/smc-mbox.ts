import type { NodeView } from '../../schemas/view/view.js';
import type { SmcccInvoker } from '../core/smc.js';
import { hex, type Trace } from '../core/trace.js';
import type { IrqHost } from '../transports/transport.js';
import type { MailboxChannel, MailboxController } from './controller.js';

export type SmcMboxVariant = '2017' | '2019-v1' | '2019-v6';

/**
 * The SMC/HVC-triggered mailbox that was proposed for Linux and never merged (`arm,smc-mbox`,
 * `arm,hvc-mbox`; Andre Przywara 2017, Peng Fan 2019): sending on a channel issues one SMC or HVC
 * with that channel's function id. Three binding generations are accepted:
 * - 2017: `arm,smc-func-ids` (one per channel), `#mbox-cells = <1>`, optional `method`;
 * - 2019 v1-v5: `arm,func-ids`, `#mbox-cells = <1>`, required `method`, optional per-channel interrupts;
 * - 2019 v6+: one controller per channel, `arm,func-id`, `#mbox-cells = <0>`, conduit by compatible.
 * Without an interrupt the channel "receives" a0 as soon as the call returns (the firmware served
 * the message synchronously); with one, reception waits for the interrupt.
 */
export function smcMboxController(
  node: NodeView,
  invokers: { smc?: SmcccInvoker; hvc?: SmcccInvoker },
  trace: Trace,
  irqs?: IrqHost,
): MailboxController | string {
  const compatible = node.compatible;
  const hvcByCompatible = compatible.includes('arm,hvc-mbox');
  let variant: SmcMboxVariant;
  let ids: number[];
  const single = node.u32('arm,func-id');
  if (single !== undefined) {
    variant = '2019-v6';
    ids = [single];
  } else if (node.flag('arm,smc-func-ids')) {
    variant = '2017';
    ids = cellsOf(node, 'arm,smc-func-ids');
  } else if (node.flag('arm,func-ids')) {
    variant = '2019-v1';
    ids = cellsOf(node, 'arm,func-ids');
  } else {
    return '-EINVAL';
  }
  const method = node.string('method') ?? (hvcByCompatible ? 'hvc' : 'smc');
  if (variant === '2019-v1' && !node.flag('method')) return '-EINVAL';
  const invoker = method === 'hvc' ? invokers.hvc : invokers.smc;
  if (!invoker || invoker.conduit === 'none') return '-ENODEV';
  const cells = node.u32('#mbox-cells') ?? (variant === '2019-v6' ? 0 : 1);
  const irqByChannel = new Map<number, number>();
  for (const irq of node.interrupts)
    if (irq.decoded.kind === 'gic')
      irqByChannel.set(variant === '2019-v6' ? 0 : irq.index, irq.decoded.intid);
  trace.emit('mbox', node.path, `smc mailbox (${variant}) via ${method}`, {
    variant,
    method,
    ids: ids.map((i) => hex(i)),
  });

  return {
    node: node.path,
    cells,
    xlate(args): MailboxChannel | string {
      const index = cells === 0 ? 0 : (args[0] ?? 0);
      const fid = ids[index];
      if (fid === undefined) return '-EINVAL';
      const intid = irqByChannel.get(index);
      let rx: ((data: number) => void) | undefined;
      const label = `${node.path} channel ${index} (${hex(fid)})`;
      return {
        label,
        txdone: 'ack',
        startup(handler) {
          rx = handler;
          if (intid !== undefined) {
            if (!irqs) return '-ENODEV';
            return irqs.request(intid, label, () => rx?.(0));
          }
          return undefined;
        },
        send(data) {
          const res = invoker.invoke([fid, data >>> 0, 0, 0, 0, 0, 0, 0]);
          const a0 = res.regs[0] ?? 0n;
          trace.emit('smc', node.path, `mailbox ${method} ${hex(fid)}`, { a0: hex(a0) });
          if (intid === undefined) rx?.(Number(a0 & 0xffff_ffffn));
          return undefined;
        },
        shutdown() {
          rx = undefined;
        },
      };
    },
  };
}

function cellsOf(node: NodeView, name: string): number[] {
  const prop = node.node.prop(name);
  if (!prop || prop.value.length % 4 !== 0) return [];
  const out: number[] = [];
  for (let i = 0; i < prop.value.length / 4; i++) out.push(prop.value.cell(i));
  return out;
}
