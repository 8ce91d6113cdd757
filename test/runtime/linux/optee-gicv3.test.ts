import { describe, expect, it } from 'vitest';
import { GIC_MODELS } from '../../../runtime/gic/index.js';
import { DriverCore } from '../../../runtime/linux/driver-core.js';
import { type Optee, opteeDriver } from '../../../runtime/linux/optee/driver.js';
import { GicLinuxIrqs } from '../../../runtime/linux/optee/irq.js';
import { defaultOpteeConfig } from '../../../runtime/optee/config.js';
import { OpteeOs } from '../../../runtime/optee/optee-os.js';
import { FakeMonitor, KERNEL_SHM_BASE, secureWorld } from '../optee/fakes.js';
import { NODE_PATH, opteeNode } from './platform.js';

/** The same flows with the GICv3 model instead of the fake GIC. */
function boot(dtIntid: number) {
  const w = secureWorld();
  const gic = GIC_MODELS.find((m) => m.id === 'gicv3')!.create({ trace: w.trace, cpus: 4 });
  const os = new OpteeOs(defaultOpteeConfig(), {
    memory: w.memory,
    gic,
    scheduler: w.scheduler,
    trace: w.trace,
  });
  const irqs = new GicLinuxIrqs(gic, w.scheduler, w.trace);
  const core = new DriverCore(w.trace);
  core.addDriver(
    opteeDriver({
      conduits: { smc: new FakeMonitor(os) },
      memory: w.memory,
      scheduler: w.scheduler,
      trace: w.trace,
      irqs,
      kernelMemory: { base: KERNEL_SHM_BASE, size: 0x40_0000 },
      cpus: 4,
    }),
  );
  core.addDevice(opteeNode({ interrupts: [{ intid: dtIntid, type: 'spi', trigger: 'edge' }] }));
  return { ...w, os, irqs, optee: core.bound<Optee>(NODE_PATH)! };
}

describe('OP-TEE notifications on the GICv3 model', () => {
  it('coalesces a burst into one IRQ and one bottom half', () => {
    const p = boot(219);
    p.os.notif.sendAsync(0);
    p.os.notif.sendAsync(0);
    p.scheduler.run();
    expect([p.irqs.handled, p.optee.bottomHalves(), p.os.notif.bottomHalves]).toEqual([1, 1, 1]);
  });

  it('delivers nothing when the DT INTID differs from the pended one', () => {
    const p = boot(47);
    p.os.notif.sendAsync(0);
    p.scheduler.run();
    expect([p.irqs.handled, p.os.notif.bottomHalves]).toEqual([0, 0]);
    expect(p.trace.ofKind('diag').some((e) => e.src === 'optee' && e.data?.intid === 219)).toBe(true);
  });
});
