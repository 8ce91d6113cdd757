import { describe, expect, it } from 'vitest';
import { result } from '../../../runtime/core/smc.js';
import { PSCI_FN } from '../../../runtime/firmware/services/psci.js';
import { GicV3 } from '../../../runtime/gic/gicv3.js';
import { platform } from './harness.js';

/** One small boot: secondary CPUs on, a SiP doorbell that pends an SPI, Linux taking the IRQs. */
function run(): string {
  const p = platform({ sip: { calls: [{ fid: 0x8200_0010 }] } });
  const gic = new GicV3({ trace: p.trace, cpus: 4, espis: 32 });
  p.cluster.attach(gic);
  gic.configure(219, { trigger: 'edge', enabled: true, targets: [] });
  p.sip?.bind(0x8200_0010, 'scmi', () => {
    p.scheduler.after(500, 'scmi a2p done', () => gic.setPending(219));
    return result(0);
  });
  p.cluster.setHandler('non-secure', (cpu, signal) => {
    const intid = gic.acknowledge(cpu, signal);
    if (intid !== 1023) gic.endOfInterrupt(cpu, intid);
  });
  for (let cpu = 1; cpu < 4; cpu++) p.smc.invoke([PSCI_FN.CPU_ON64, cpu, 0x4008_0000n, cpu]);
  p.scheduler.after(20_000, 'doorbells', () => {
    for (let cpu = 0; cpu < 4; cpu++) p.smc.invoke([0x8200_0010, cpu], cpu);
  });
  p.scheduler.run();
  return p.trace.toJsonLines();
}

describe('determinism', () => {
  it('the same inputs give the same trace, byte for byte', () => {
    const a = run();
    expect(a.split('\n').length).toBeGreaterThan(30);
    expect(run()).toBe(a);
  });
});
