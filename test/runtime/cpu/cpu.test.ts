import { describe, expect, it } from 'vitest';
import { Scheduler } from '../../../runtime/core/scheduler.js';
import { Trace } from '../../../runtime/core/trace.js';
import { CpuCluster } from '../../../runtime/cpu/cpu.js';
import { GicV3 } from '../../../runtime/gic/gicv3.js';

function setup(cpus = 2) {
  const scheduler = new Scheduler();
  const trace = new Trace(() => scheduler.now);
  const gic = new GicV3({ trace, cpus });
  const cluster = new CpuCluster({ scheduler, trace, cpus });
  cluster.attach(gic);
  return { scheduler, trace, gic, cluster };
}

describe('CPU interrupt delivery', () => {
  it('an IRQ is taken as a scheduler event, not inside the GIC update', () => {
    const { scheduler, gic, cluster } = setup();
    const taken: string[] = [];
    cluster.setHandler('non-secure', (cpu, signal) => {
      const intid = gic.acknowledge(cpu, signal);
      taken.push(`${cpu}:${signal}:${intid}`);
      gic.endOfInterrupt(cpu, intid);
    });
    gic.configure(40, { trigger: 'edge', enabled: true });
    gic.setPending(40);
    expect(taken).toEqual([]);
    scheduler.run();
    expect(taken).toEqual(['0:irq:40']);
  });

  it('a FIQ while the normal world runs goes to EL3; while the secure world runs, to secure EL1', () => {
    const { scheduler, gic, cluster } = setup();
    const log: string[] = [];
    cluster.setEl3Handler((cpu) => {
      log.push(`el3 sees FIQ at EL${cluster.cpu(cpu)?.el}`);
      cluster.enterWorld(cpu, 'secure'); // the SPD enters the secure OS, where G1S is an IRQ
    });
    cluster.setHandler('secure', (cpu, signal) => {
      const intid = gic.acknowledge(cpu, signal);
      log.push(`secure ${signal} ${intid}`);
      gic.endOfInterrupt(cpu, intid);
      cluster.enterWorld(cpu, 'non-secure');
    });
    gic.configure(45, { group: 'g1s', trigger: 'edge', enabled: true });
    gic.setPending(45);
    scheduler.run();
    expect(log).toEqual(['el3 sees FIQ at EL3', 'secure irq 45']);
    expect(cluster.cpu(0)).toMatchObject({ secure: false, el: 1 });
  });

  it('a non-secure interrupt while in the secure world is a FIQ at secure EL1 (foreign interrupt)', () => {
    const { scheduler, gic, cluster } = setup();
    const log: string[] = [];
    cluster.setHandler('secure', (cpu, signal) => {
      log.push(`secure ${signal}`);
      cluster.enterWorld(cpu, 'non-secure'); // OP-TEE returns RPC FOREIGN_INTR
    });
    cluster.setHandler('non-secure', (cpu, signal) => {
      const intid = gic.acknowledge(cpu, signal);
      log.push(`linux ${signal} ${intid}`);
      gic.endOfInterrupt(cpu, intid);
    });
    cluster.enterWorld(0, 'secure');
    gic.configure(46, { group: 'g1ns', trigger: 'edge', enabled: true });
    gic.setPending(46);
    scheduler.run();
    expect(log).toEqual(['secure fiq', 'linux irq 46']);
  });

  it('masking defers delivery; unmasking delivers what is still signalled', () => {
    const { scheduler, gic, cluster } = setup();
    let taken = 0;
    cluster.setHandler('non-secure', (cpu, signal) => {
      taken++;
      gic.endOfInterrupt(cpu, gic.acknowledge(cpu, signal));
    });
    cluster.mask(0, 'irq', true);
    gic.configure(40, { trigger: 'edge', enabled: true });
    gic.setPending(40);
    scheduler.run();
    expect(taken).toBe(0);
    cluster.mask(0, 'irq', false);
    scheduler.run();
    expect(taken).toBe(1);
  });

  it('a CPU that is off takes nothing; it does when powered on', () => {
    const { scheduler, gic, cluster } = setup();
    const seen: number[] = [];
    cluster.setHandler('non-secure', (cpu, signal) => {
      seen.push(cpu);
      gic.endOfInterrupt(cpu, gic.acknowledge(cpu, signal));
    });
    gic.configure(40, { trigger: 'edge', enabled: true, targets: [1] });
    gic.setPending(40);
    scheduler.run();
    expect(seen).toEqual([]);
    cluster.setPower(1, 'on', { entry: 0x4000_0000n, contextId: 0n });
    scheduler.run();
    expect(seen).toEqual([1]);
  });

  it('no handler, or a handler that never acknowledges, is reported once instead of spinning', () => {
    const { scheduler, trace, gic, cluster } = setup();
    gic.configure(40, { trigger: 'level', enabled: true });
    gic.line(40).set(true);
    scheduler.run();
    expect(trace.ofKind('diag').map((e) => e.msg)).toHaveLength(1);
    let calls = 0;
    cluster.setHandler('non-secure', () => {
      calls++;
    });
    cluster.mask(0, 'irq', false); // re-check after registering
    const summary = scheduler.run({ maxEvents: 100 });
    expect(summary.stopped).toBe('idle');
    expect(calls).toBe(1);
    expect(trace.ofKind('diag')).toHaveLength(2);
  });

  it('finds CPUs by MPIDR affinity', () => {
    const scheduler = new Scheduler();
    const cluster = new CpuCluster({
      scheduler,
      trace: new Trace(() => 0),
      cpus: [{ mpidr: 0x0 }, { mpidr: 0x100 }],
    });
    expect(cluster.byMpidr(0x100n)?.index).toBe(1);
    expect(cluster.byMpidr(0x8000_0100n)?.index).toBe(1); // MPIDR bit 31 (RES1) is not affinity
    expect(cluster.byMpidr(0x1n)).toBeUndefined();
  });
});
