/**
 * The scenario's `notify` as hardware delivers it (issue 4 gaps 3 and 4): a secure interrupt is
 * taken to EL3 while the normal world runs, opteed enters OP-TEE's fiq_entry, OP-TEE's handler sends
 * the notification and pends the non-secure notification interrupt, the CPU returns to the normal
 * world and takes that interrupt at non-secure EL1. A PPI notification is pended in the calling
 * CPU's bank only.
 */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeFileSystem } from '../../../compiler/source/file-system.js';
import type { TraceEvent } from '../../../runtime/core/trace.js';
import { GIC_MODELS } from '../../../runtime/gic/index.js';
import { defaultOpteeConfig } from '../../../runtime/optee/config.js';
import { OpteeOs } from '../../../runtime/optee/optee-os.js';
import { loadPlatform, simulationInput } from '../../../runtime/platform/load.js';
import { simulate } from '../../../runtime/platform/simulate.js';
import { secureWorld } from '../optee/fakes.js';
import { PLATFORMS } from './support.js';

function run(name: string): TraceEvent[] {
  const loaded = loadPlatform({ input: path.join(PLATFORMS, name), compile: {}, fs: new NodeFileSystem() });
  const sim = simulate(simulationInput(loaded)!, { scenario: loaded.scenario! });
  expect(sim.report.ok).toBe(true);
  return [...sim.platform.trace.events];
}

/** The events from the first secure interrupt raise up to the normal world's acknowledge of `notif`. */
function firstDelivery(events: TraceEvent[], notif: number): string[] {
  const start = events.findIndex((e) => e.msg.startsWith('secure interrupt 29 raised'));
  expect(start).toBeGreaterThanOrEqual(0);
  const out: string[] = [];
  for (const e of events.slice(start)) {
    const d = e.data ?? {};
    const line = `${e.src} ${e.msg}${d.cpu !== undefined && e.msg.startsWith('pend') ? ` cpu=${d.cpu}` : ''}`;
    out.push(line);
    if (e.msg === `ack ${notif}`) break;
  }
  return out;
}

/** `want` appears in `got` in this order (other events may sit between). */
function inOrder(got: string[], want: string[]): void {
  let i = 0;
  for (const g of got) if (i < want.length && g.includes(want[i]!)) i++;
  expect(want.slice(i), got.join('\n')).toEqual([]);
}

describe('secure interrupt path of a notification', () => {
  it('SPI (virt-optee, GICv3): FIQ at EL3 → opteed → OP-TEE → SPI pended → IRQ at non-secure EL1', () => {
    const events = run('virt-optee');
    const got = firstDelivery(events, 47);
    inOrder(got, [
      'secure-timer secure interrupt 29 raised',
      'cpu0 fiq asserted',
      'cpu0 take FIQ at EL3',
      'el3 opteed: S-EL1 interrupt, entering OP-TEE fiq_entry',
      'cpu0 enter secure EL1',
      '/firmware/optee fiq entry',
      'ack 29',
      '/firmware/optee notif send async',
      'pend 47 cpu=null',
      'eoi 29',
      'el3 opteed: RETURN_FIQ_DONE',
      'cpu0 enter non-secure EL1',
      'cpu0 take IRQ at non-secure EL1',
      'ack 47',
    ]);
    // Secure Group 1 while non-secure is a FIQ; OP-TEE acknowledges it as an IRQ from S-EL1.
    const ack = events.find((e) => e.msg === 'ack 29')!;
    expect(ack.data).toMatchObject({ cpu: 0, signal: 'irq' });
    const linuxAck = events.find((e) => e.msg === 'ack 47')!;
    expect(linuxAck.data).toMatchObject({ cpu: 0, signal: 'irq' });
  });

  it('PPI (scmi-optee-ppi, GICv2): Group 0 FIQ at EL3, the PPI pended on the calling CPU only', () => {
    const events = run('scmi-optee-ppi');
    const got = firstDelivery(events, 22);
    inOrder(got, [
      'secure-timer secure interrupt 29 raised',
      'cpu0 take FIQ at EL3',
      'el3 opteed: S-EL1 interrupt',
      '/firmware/optee fiq entry',
      'ack 29',
      'notif send async',
      'pend 22 cpu=0',
      'eoi 29',
      'el3 opteed: RETURN_FIQ_DONE',
      'cpu0 take IRQ at non-secure EL1',
      'ack 22',
    ]);
    const send = events.find((e) => e.msg === 'notif send async')!;
    expect(send.data).toMatchObject({ intid: 22, cpu: 0 });
  });

  it('a PPI notification sent from CPU 1 pends CPU 1 bank, not CPU 0 (redistributor state)', () => {
    const w = secureWorld();
    const gic = GIC_MODELS.find((m) => m.id === 'gicv3')!.create({ trace: w.trace, cpus: 2 });
    const config = { ...defaultOpteeConfig(), asyncNotif: { enabled: true, intid: 22 } };
    const os = new OpteeOs(config, { memory: w.memory, gic, scheduler: w.scheduler, trace: w.trace });
    os.notif.sendAsync(0, 1);
    expect(gic.snapshot(22, 1)?.pending).toBe(true);
    expect(gic.snapshot(22, 0)?.pending).toBe(false);
    // An SPI is one distributor state, whatever CPU sends.
    const spi = new OpteeOs(
      { ...defaultOpteeConfig(), asyncNotif: { enabled: true, intid: 47 } },
      { memory: w.memory, gic, scheduler: w.scheduler, trace: w.trace },
    );
    spi.notif.sendAsync(0, 1);
    expect(gic.snapshot(47)?.pending).toBe(true);
  });

  it('a secure interrupt handled by OP-TEE is acknowledged and ended in the secure world', () => {
    const w = secureWorld();
    const gic = GIC_MODELS.find((m) => m.id === 'gicv3')!.create({ trace: w.trace, cpus: 1 });
    const os = new OpteeOs(defaultOpteeConfig(), {
      memory: w.memory,
      gic,
      scheduler: w.scheduler,
      trace: w.trace,
    });
    const seen: number[] = [];
    os.itr.add(40, (intid, cpu) => seen.push(intid, cpu));
    gic.line(40).pulse();
    expect(gic.signalled(0, 'fiq')).toBe(true); // Secure Group 1 while non-secure
    gic.setCpuSecurity(0, true);
    expect(os.fiqEntry(0)).toBe(40);
    expect(seen).toEqual([40, 0]);
    expect(gic.snapshot(40)).toMatchObject({ pending: false, active: false });
  });
});
