/**
 * `npm run build && node dist/bench/runtime-optee.js`: throughput of the OP-TEE model on one core,
 * with the GICv3 model and Linux's OP-TEE driver model in the loop. Prints
 *   - notifications per second: OP-TEE pends value 0, Linux takes the IRQ, runs the top half
 *     (GET_ASYNC_NOTIF_VALUE) and the bottom half (a DO_BOTTOM_HALF yielding call);
 *   - CALL_WITH_ARG round trips per second, raw (an SMC with a prepared argument) and through the
 *     Linux client (argument allocation, the call loop, reading the result back).
 * A benchmark, not a test: wall time is read here only, never inside the runtime.
 */
import { PhysicalMemory } from '../runtime/core/memory.js';
import { Scheduler } from '../runtime/core/scheduler.js';
import { decodeFunctionId, SMC_UNK, type SmcccInvoker } from '../runtime/core/smc.js';
import { Trace } from '../runtime/core/trace.js';
import { GIC_MODELS } from '../runtime/gic/index.js';
import { DriverCore } from '../runtime/linux/driver-core.js';
import { type Optee, opteeDriver } from '../runtime/linux/optee/driver.js';
import { GicLinuxIrqs } from '../runtime/linux/optee/irq.js';
import { LOGIN, MSG_CMD, OPTEE_SMC, regPair, TEE } from '../runtime/optee/abi.js';
import { defaultOpteeConfig } from '../runtime/optee/config.js';
import { newMsgArg, writeMsgArg } from '../runtime/optee/msg-arg.js';
import { OpteeOs } from '../runtime/optee/optee-os.js';

const NULL_UUID = '0d0d0d0d-0000-4000-8000-000000000000';

function platform() {
  const scheduler = new Scheduler();
  // Every event is still emitted and kept. (A small `limit` makes core Trace drop with
  // Array.shift, O(limit) per event, which then dominates: measured 2-3x slower at limit 4096.)
  const trace = new Trace(() => scheduler.now);
  const memory = new PhysicalMemory();
  memory.map({ name: 'dram', base: 0x4000_0000n, size: 0x0100_0000 });
  const gicv3 = GIC_MODELS.find((m) => m.id === 'gicv3')!;
  const gic = gicv3.create({ trace, cpus: 1 });
  const os = new OpteeOs(defaultOpteeConfig(), { memory, gic, scheduler, trace, src: '/firmware/optee' });
  os.ptas.register({ uuid: NULL_UUID, name: 'null.pta', deviceEnum: false, invoke: () => TEE.SUCCESS });
  const monitor: SmcccInvoker = {
    conduit: 'smc',
    invoke(regs, cpu = 0) {
      const r = regs.map((x) => BigInt(x));
      const fid = decodeFunctionId(r[0] ?? 0n);
      if (fid.oen < os.oenStart || fid.oen > os.oenEnd) return { regs: [SMC_UNK] };
      return os.handle(fid, { conduit: 'smc', regs: r, cpu, secure: false });
    },
  };
  const irqs = new GicLinuxIrqs(gic, scheduler, trace);
  const core = new DriverCore(trace);
  core.addDriver(
    opteeDriver({
      conduits: { smc: monitor },
      memory,
      scheduler,
      trace,
      irqs,
      kernelMemory: { base: 0x4080_0000n, size: 0x40_0000 },
      cpus: 1,
    }),
  );
  core.addDevice({
    path: '/firmware/optee',
    compatible: ['linaro,optee-tz'],
    method: 'smc',
    interrupts: [{ intid: 219, type: 'spi', trigger: 'edge' }],
  } as Parameters<typeof core.addDevice>[0]);
  const optee = core.bound<Optee>('/firmware/optee');
  if (!optee) throw new Error(`OP-TEE driver did not bind: ${core.why('/firmware/optee')?.reason}`);
  return { scheduler, trace, memory, os, monitor, optee, irqs };
}

function rate(label: string, n: number, body: (i: number) => void): number {
  for (let i = 0; i < Math.min(1000, n); i++) body(i); // warm-up
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) body(i);
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const perSecond = n / s;
  process.stdout.write(
    `${label.padEnd(46)} ${Math.round(perSecond).toLocaleString('en-US').padStart(12)} /s  (${n} in ${s.toFixed(3)} s)\n`,
  );
  return perSecond;
}

export function benchRuntimeOptee(iterations = 50_000): Record<string, number> {
  const p = platform();
  const before = p.os.notif.bottomHalves;
  const notifications = rate('notifications (IRQ + top half + bottom half)', iterations, () => {
    p.os.notif.sendAsync(0);
    p.scheduler.run();
  });
  const delivered = p.os.notif.bottomHalves - before;
  if (delivered < iterations) throw new Error(`only ${delivered} of ${iterations} bottom halves ran`);

  const q = platform();
  const at = 0x4000_0000n + 0x1000n;
  const open = q.optee.client.openSession(NULL_UUID, LOGIN.PUBLIC)!;
  const arg = newMsgArg(MSG_CMD.INVOKE_COMMAND, [], { session: open.session });
  const [hi, lo] = regPair(at);
  const raw = rate('CALL_WITH_ARG round trips (raw SMC)', iterations, () => {
    writeMsgArg(q.memory, at, arg);
    q.monitor.invoke([OPTEE_SMC.CALL_WITH_ARG, hi, lo]);
  });
  const client = rate('CALL_WITH_RPC_ARG round trips (Linux client)', iterations, () => {
    q.optee.client.invoke(open.session, 0, []);
  });
  return { notifications, raw, client };
}

benchRuntimeOptee(Number(process.argv[2] ?? 50_000));
