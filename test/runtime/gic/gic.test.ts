import { describe, expect, it } from 'vitest';
import { SPURIOUS_INTID } from '../../../runtime/core/interrupts.js';
import { Scheduler } from '../../../runtime/core/scheduler.js';
import { Trace } from '../../../runtime/core/trace.js';
import { GicV2 } from '../../../runtime/gic/gicv2.js';
import { GicV3, type GicV3Options } from '../../../runtime/gic/gicv3.js';

function v3(extra: Partial<GicV3Options> = {}) {
  const trace = new Trace(() => new Scheduler().now);
  const gic = new GicV3({ trace, cpus: 2, spiLimit: 256, ...extra });
  return { gic, trace };
}
function v2(cpus = 2) {
  const trace = new Trace(() => 0);
  return { gic: new GicV2({ trace, cpus, spiLimit: 256 }), trace };
}

describe('GIC edge vs level', () => {
  it('a level line deasserted before acknowledge clears pending', () => {
    const { gic } = v3();
    gic.configure(40, { trigger: 'level', enabled: true });
    const line = gic.line(40);
    line.set(true);
    expect(gic.snapshot(40)?.pending).toBe(true);
    expect(gic.signalled(0, 'irq')).toBe(true);
    line.set(false);
    expect(gic.snapshot(40)?.pending).toBe(false);
    expect(gic.signalled(0, 'irq')).toBe(false);
    expect(gic.acknowledge(0, 'irq')).toBe(SPURIOUS_INTID);
  });

  it('an edge stays pending after the line drops, and edges while pending coalesce', () => {
    const { gic } = v3();
    gic.configure(41, { trigger: 'edge', enabled: true });
    const line = gic.line(41);
    line.pulse();
    line.pulse();
    line.pulse();
    expect(gic.snapshot(41)?.pending).toBe(true);
    expect(gic.acknowledge(0, 'irq')).toBe(41);
    expect(gic.snapshot(41)).toMatchObject({ pending: false, active: true });
    gic.endOfInterrupt(0, 41);
    expect(gic.acknowledge(0, 'irq')).toBe(SPURIOUS_INTID);
  });

  it('an edge while active makes active+pending, delivered again after EOI', () => {
    const { gic } = v3();
    gic.configure(41, { trigger: 'edge', enabled: true });
    gic.line(41).pulse();
    expect(gic.acknowledge(0, 'irq')).toBe(41);
    gic.line(41).pulse();
    expect(gic.snapshot(41)).toMatchObject({ pending: true, active: true });
    expect(gic.signalled(0, 'irq')).toBe(false); // active+pending is not forwarded again
    gic.endOfInterrupt(0, 41);
    expect(gic.signalled(0, 'irq')).toBe(true);
    expect(gic.acknowledge(0, 'irq')).toBe(41);
  });

  it('a level line still high at acknowledge is active+pending and pending again after EOI', () => {
    const { gic } = v3();
    gic.configure(42, { trigger: 'level', enabled: true });
    gic.line(42).set(true);
    expect(gic.acknowledge(0, 'irq')).toBe(42);
    expect(gic.snapshot(42)).toMatchObject({ pending: true, active: true });
    gic.endOfInterrupt(0, 42);
    expect(gic.snapshot(42)).toMatchObject({ pending: true, active: false });
    gic.line(42).set(false);
    expect(gic.snapshot(42)?.pending).toBe(false);
  });
});

describe('GIC priority and preemption', () => {
  it('only a higher priority preempts the running priority', () => {
    const { gic } = v3();
    gic.configure(50, { trigger: 'edge', enabled: true, priority: 0xa0 });
    gic.configure(51, { trigger: 'edge', enabled: true, priority: 0xa0 });
    gic.configure(52, { trigger: 'edge', enabled: true, priority: 0x80 });
    gic.configure(53, { trigger: 'edge', enabled: true, priority: 0xc0 });
    gic.setPending(50);
    expect(gic.acknowledge(0, 'irq')).toBe(50);
    expect(gic.runningPriority(0)).toBe(0xa0);
    gic.setPending(51); // same priority: no preemption
    gic.setPending(53); // lower priority: no preemption
    expect(gic.signalled(0, 'irq')).toBe(false);
    expect(gic.acknowledge(0, 'irq')).toBe(SPURIOUS_INTID);
    gic.setPending(52); // higher priority preempts
    expect(gic.signalled(0, 'irq')).toBe(true);
    expect(gic.acknowledge(0, 'irq')).toBe(52);
    gic.endOfInterrupt(0, 52);
    gic.endOfInterrupt(0, 50);
    // Then the pending ones in priority order, lowest INTID first on a tie.
    expect(gic.acknowledge(0, 'irq')).toBe(51);
    gic.endOfInterrupt(0, 51);
    expect(gic.acknowledge(0, 'irq')).toBe(53);
  });

  it('the priority mask hides priorities at or below it', () => {
    const { gic } = v3();
    gic.configure(60, { trigger: 'edge', enabled: true, priority: 0xf0 });
    gic.setPriorityMask(0, 0xf0);
    gic.setPending(60);
    expect(gic.signalled(0, 'irq')).toBe(false);
    gic.setPriorityMask(0, 0xf8);
    expect(gic.signalled(0, 'irq')).toBe(true);
  });

  it('unimplemented priority bits read as zero', () => {
    const trace = new Trace(() => 0);
    const gic = new GicV2({ trace, cpus: 1, priorityBits: 5 });
    gic.configure(40, { priority: 0xa7 });
    expect(gic.snapshot(40)?.priority).toBe(0xa0);
  });
});

describe('GIC groups route to IRQ or FIQ', () => {
  it('GICv3: G0 is FIQ; G1NS is IRQ for a non-secure CPU and FIQ for a secure one; G1S the reverse', () => {
    const { gic } = v3();
    const cases: [Parameters<typeof gic.configure>[1]['group'], boolean, 'irq' | 'fiq'][] = [
      ['g0', false, 'fiq'],
      ['g0', true, 'fiq'],
      ['g1ns', false, 'irq'],
      ['g1ns', true, 'fiq'],
      ['g1s', false, 'fiq'],
      ['g1s', true, 'irq'],
    ];
    for (const [group, secure, signal] of cases) {
      gic.setCpuSecurity(0, secure);
      gic.configure(70, { group, trigger: 'edge', enabled: true });
      gic.setPending(70);
      expect([
        group,
        secure,
        gic.signalled(0, signal),
        gic.signalled(0, signal === 'irq' ? 'fiq' : 'irq'),
      ]).toEqual([group, secure, true, false]);
      gic.clearPending(70);
    }
  });

  it('GICv3: IAR1 takes Group 1 of the current world, IAR0 takes Group 0', () => {
    const { gic } = v3();
    gic.configure(71, { group: 'g1s', trigger: 'edge', enabled: true });
    gic.setPending(71);
    expect(gic.acknowledge(0, 'irq')).toBe(SPURIOUS_INTID); // non-secure IAR1 cannot take G1S
    gic.setCpuSecurity(0, true);
    expect(gic.acknowledge(0, 'irq')).toBe(71);
    gic.endOfInterrupt(0, 71);
    gic.configure(72, { group: 'g0', trigger: 'edge', enabled: true });
    gic.setPending(72);
    expect(gic.acknowledge(0, 'irq')).toBe(SPURIOUS_INTID);
    expect(gic.acknowledge(0, 'fiq')).toBe(72);
  });

  it('GICv2: Group 0 is FIQ and Group 1 IRQ whatever the world; no Secure Group 1', () => {
    const { gic, trace } = v2();
    gic.configure(40, { group: 'g0', trigger: 'edge', enabled: true });
    gic.setPending(40);
    expect(gic.signalled(0, 'fiq')).toBe(true);
    gic.setCpuSecurity(0, true);
    expect(gic.signalled(0, 'fiq')).toBe(true);
    expect(gic.acknowledge(0, 'fiq')).toBe(40);
    gic.endOfInterrupt(0, 40);
    gic.configure(41, { group: 'g1s', trigger: 'edge', enabled: true });
    expect(gic.snapshot(41)?.group).toBe('g0');
    expect(trace.ofKind('diag')).toHaveLength(1);
    gic.configure(42, { group: 'g1ns', trigger: 'edge', enabled: true });
    gic.setPending(42);
    expect(gic.signalled(0, 'irq')).toBe(true);
  });

  it('a disabled group is not signalled', () => {
    const { gic } = v3();
    gic.configure(73, { group: 'g1ns', trigger: 'edge', enabled: true });
    gic.setGroupEnabled('g1ns', false);
    gic.setPending(73);
    expect(gic.signalled(0, 'irq')).toBe(false);
    gic.setGroupEnabled('g1ns', true);
    expect(gic.signalled(0, 'irq')).toBe(true);
  });
});

describe('GIC software pend, acknowledge, EOI and spurious', () => {
  it('software pend of a disabled-then-enabled edge SPI (the OP-TEE notification path)', () => {
    const { gic } = v3();
    gic.configure(219, { trigger: 'edge', group: 'g1ns' });
    gic.setPending(219);
    expect(gic.signalled(0, 'irq')).toBe(false);
    gic.configure(219, { enabled: true });
    expect(gic.signalled(0, 'irq')).toBe(true);
    gic.setPending(219); // a second notification before the ack coalesces
    expect(gic.acknowledge(0, 'irq')).toBe(219);
    gic.endOfInterrupt(0, 219);
    expect(gic.snapshot(219)).toMatchObject({ pending: false, active: false });
  });

  it('acknowledge with nothing pending is 1023; EOI of what is not active is ignored with a diag', () => {
    const { gic, trace } = v3();
    expect(gic.acknowledge(0, 'irq')).toBe(SPURIOUS_INTID);
    expect(gic.acknowledge(0, 'fiq')).toBe(SPURIOUS_INTID);
    gic.endOfInterrupt(0, SPURIOUS_INTID);
    expect(trace.ofKind('diag')).toHaveLength(0);
    gic.endOfInterrupt(0, 45);
    expect(trace.ofKind('diag')).toHaveLength(1);
  });

  it('ICPENDR clears a latch but not a level line that is still high', () => {
    const { gic } = v3();
    gic.configure(46, { trigger: 'level', enabled: true });
    gic.setPending(46);
    gic.clearPending(46);
    expect(gic.snapshot(46)?.pending).toBe(false);
    gic.line(46).set(true);
    gic.clearPending(46);
    expect(gic.snapshot(46)?.pending).toBe(true);
  });

  it('listeners hear each change of a CPU signal once', () => {
    const { gic } = v3();
    const heard: string[] = [];
    gic.onSignal((cpu, signal, asserted) => heard.push(`${cpu}${signal}${asserted ? '+' : '-'}`));
    gic.configure(47, { trigger: 'edge', enabled: true });
    gic.setPending(47);
    gic.setPending(47);
    gic.acknowledge(0, 'irq');
    gic.endOfInterrupt(0, 47);
    expect(heard).toEqual(['0irq+', '0irq-']);
  });
});

describe('GIC targeting', () => {
  it('GICv2 ITARGETSR: every CPU in the mask is signalled, the first to acknowledge wins', () => {
    const { gic } = v2();
    gic.configure(40, { trigger: 'edge', enabled: true, targets: [0, 1] });
    gic.setPending(40);
    expect([gic.signalled(0, 'irq'), gic.signalled(1, 'irq')]).toEqual([true, true]);
    expect(gic.acknowledge(1, 'irq')).toBe(40);
    expect(gic.signalled(0, 'irq')).toBe(false);
    expect(gic.acknowledge(0, 'irq')).toBe(SPURIOUS_INTID);
    gic.configure(41, { trigger: 'edge', enabled: true, targets: [1] });
    gic.setPending(41);
    expect(gic.signalled(0, 'irq')).toBe(false);
  });

  it('GICv3 affinity routing: one PE, or 1-of-N among participating PEs', () => {
    const { gic } = v3();
    gic.configure(40, { trigger: 'edge', enabled: true, targets: [1] });
    gic.setPending(40);
    expect([gic.signalled(0, 'irq'), gic.signalled(1, 'irq')]).toEqual([false, true]);
    gic.configure(40, { targets: [] });
    expect([gic.signalled(0, 'irq'), gic.signalled(1, 'irq')]).toEqual([true, true]);
    gic.setCpuParticipating(0, false);
    expect([gic.signalled(0, 'irq'), gic.signalled(1, 'irq')]).toEqual([false, true]);
  });

  it('PPIs and SGIs are banked per CPU', () => {
    const { gic } = v3();
    gic.configure(27, { trigger: 'level', enabled: true }); // every CPU's copy
    gic.line(27, 1).set(true);
    expect([gic.signalled(0, 'irq'), gic.signalled(1, 'irq')]).toEqual([false, true]);
    gic.configure(1, { enabled: true });
    gic.sendSgi(1, [0], 1);
    expect(gic.acknowledge(0, 'irq')).toBe(1);
  });
});

describe('GIC INTID ranges', () => {
  it('GICv3 ESPIs and EPPIs exist up to the configured counts', () => {
    const { gic, trace } = v3({ espis: 64, eppis: 32 });
    gic.configure(4096 + 63, { trigger: 'edge', enabled: true, priority: 0x10 });
    gic.setPending(4159);
    expect(gic.acknowledge(0, 'irq')).toBe(4159);
    gic.configure(1056 + 31, { trigger: 'level', enabled: true });
    gic.line(1087, 1).set(true);
    expect(gic.acknowledge(1, 'irq')).toBe(1087);
    expect(trace.ofKind('diag')).toHaveLength(0);
    gic.setPending(4160);
    gic.setPending(1088, 0);
    expect(trace.ofKind('diag')).toHaveLength(2);
  });

  it('GICv2 has no extended ranges and SPIs stop at spiLimit', () => {
    const { gic, trace } = v2();
    gic.setPending(4096);
    gic.configure(256, { enabled: true });
    gic.line(300).set(true); // one diag when wired, one when driven
    expect(trace.ofKind('diag')).toHaveLength(4);
  });

  it('unknown INTIDs and CPUs are ignored with a diag, never thrown', () => {
    const { gic, trace } = v3();
    expect(() => {
      gic.configure(1020, { enabled: true });
      gic.setPending(2000);
      gic.line(9000).pulse();
      gic.setPending(27); // banked, no CPU given: every bank
      gic.line(27).set(true); // banked, no CPU: a dead line
      gic.acknowledge(7, 'irq');
      gic.endOfInterrupt(-1, 40);
      gic.sendSgi(16, [0]);
    }).not.toThrow();
    expect(trace.ofKind('diag').length).toBeGreaterThanOrEqual(7);
  });
});
