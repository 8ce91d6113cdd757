/** A secure world plus the Linux side (IRQ core, driver core, OP-TEE driver) for the driver tests. */

import { DriverCore } from '../../../runtime/linux/driver-core.js';
import { type OpteeDriverEnv, type OpteeDtNode, opteeDriver } from '../../../runtime/linux/optee/driver.js';
import { GicLinuxIrqs } from '../../../runtime/linux/optee/irq.js';
import type { OpteeConfig } from '../../../runtime/optee/config.js';
import { FakeMonitor, KERNEL_SHM_BASE, secureWorld } from '../optee/fakes.js';

export const NODE_PATH = '/firmware/optee';

export function opteeNode(overrides: Partial<OpteeDtNode> = {}): OpteeDtNode {
  return {
    path: NODE_PATH,
    compatible: ['linaro,optee-tz'],
    method: 'smc',
    interrupts: [{ intid: 219, type: 'spi', trigger: 'edge' }],
    ...overrides,
  };
}

export function linuxPlatform(config: Partial<OpteeConfig> = {}, cpus = 4) {
  const w = secureWorld(config);
  const irqs = new GicLinuxIrqs(w.gic, w.scheduler, w.trace);
  const env: OpteeDriverEnv = {
    conduits: { smc: w.monitor, hvc: new FakeMonitor(w.os, 'hvc') },
    memory: w.memory,
    scheduler: w.scheduler,
    trace: w.trace,
    irqs,
    kernelMemory: { base: KERNEL_SHM_BASE, size: 0x40_0000 },
    cpus,
  };
  const core = new DriverCore(w.trace);
  core.addDriver(opteeDriver(env));
  return { ...w, irqs, env, core };
}
