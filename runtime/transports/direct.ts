import type { InterruptLine } from '../core/interrupts.js';
import type { Scheduler } from '../core/scheduler.js';
import {
  type Conduit,
  decodeFunctionId,
  result,
  SMC_UNK,
  type SmcccInvoker,
  type SmcService,
} from '../core/smc.js';
import type { Trace } from '../core/trace.js';
import type { ScmiFirmware } from '../scmi/firmware.js';
import type { OpteeScmiClient } from './optee.js';
import type { IrqHost } from './transport.js';

/**
 * Direct wiring for running SCMI without the monitor, GIC and OP-TEE models (unit tests, the
 * benchmark, boards whose profile has only an SCMI server): an invoker that dispatches to SMC
 * services by OEN as the monitor would, interrupt lines delivered straight to Linux handlers, and
 * an OP-TEE client that reaches the firmware as the SCMI PTA would. Each keeps the semantics the
 * full models have (unknown function ⇒ SMC_UNK, REE-kernel login only, threaded channels).
 */
export function directInvoker(
  services: readonly SmcService[],
  conduit: Conduit = 'smc',
  cpu = 0,
): SmcccInvoker {
  return {
    conduit,
    invoke(regs, callCpu = cpu) {
      const r = regs.map((x) => BigInt.asUintN(64, BigInt(x)));
      const fid = decodeFunctionId(r[0] ?? 0n);
      const service = services.find(
        (s) => fid.oen >= s.oenStart && fid.oen <= s.oenEnd && s.callTypes.includes(fid.type),
      );
      if (!service || (fid.type === 'fast' && fid.reserved !== 0)) return result(SMC_UNK);
      return service.handle(fid, { conduit, regs: r, cpu: callCpu, secure: false });
    },
  };
}

/** Interrupt lines whose assertion runs the Linux handler requested for the same INTID (next event). */
export class DirectIrqs implements IrqHost {
  private readonly handlers = new Map<number, () => void>();
  private readonly levels = new Map<number, boolean>();

  constructor(
    private readonly scheduler: Scheduler,
    private readonly trace?: Trace,
  ) {}

  request(intid: number, name: string, handler: () => void): string | undefined {
    if (this.handlers.has(intid)) return '-EBUSY';
    this.handlers.set(intid, handler);
    this.trace?.emit('irq', name, `request_irq ${intid}`, { intid });
    return undefined;
  }

  line(intid: number): InterruptLine {
    const fire = () => {
      const h = this.handlers.get(intid);
      if (!h) {
        this.trace?.emit('diag', 'irq', `interrupt ${intid} has no handler`, { intid });
        return;
      }
      this.trace?.emit('irq', 'irq', `irq ${intid}`, { intid });
      h();
      // A level line still asserted after the handler fires again, as the GIC would re-signal it.
      if (this.levels.get(intid)) this.scheduler.after(0, `irq ${intid}`, fire);
    };
    return {
      set: (asserted) => {
        const was = this.levels.get(intid) ?? false;
        this.levels.set(intid, asserted);
        if (asserted && !was) this.scheduler.after(0, `irq ${intid}`, fire);
      },
      pulse: () => {
        this.scheduler.after(0, `irq ${intid}`, fire);
      },
    };
  }
}

/** The SCMI PTA reached without the OP-TEE model: state is what the OP-TEE driver would report. */
export function directOpteeClient(
  firmware: ScmiFirmware,
  state: () => ReturnType<OpteeScmiClient['state']> = () => ({ kind: 'ready' }),
  caps = 3,
): OpteeScmiClient {
  let sessions = 0;
  return {
    state,
    openSession: (login) =>
      login === 0x8000_0000 ? { ret: 0, session: ++sessions } : { ret: 0xffff0001, session: 0 },
    capabilities: () => ({ ret: 0, caps }),
    getChannel(_session, channelId, wanted) {
      if (wanted & ~3) return { ret: 0xffff0006, handle: 0 };
      if (!(wanted & caps)) return { ret: 0xffff000a, handle: 0 };
      if (!firmware.channel(channelId)) return { ret: 0xffff0006, handle: 0 };
      firmware.markThreaded(channelId);
      return { ret: 0, handle: channelId };
    },
    processSmtChannel(_session, handle) {
      if (!firmware.channel(handle)?.shmem) return 0xffff0006;
      firmware.smtEntry(handle, 'threaded');
      return 0;
    },
    processMsgChannel(_session, handle, request, outSize) {
      const out = firmware.msgEntry(handle, request, outSize);
      if (!out?.ok) return { ret: 0xffff0006 };
      return { ret: 0, response: out.response };
    },
  };
}
