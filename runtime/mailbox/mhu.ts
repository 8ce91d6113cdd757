import type { InterruptLine } from '../core/interrupts.js';
import type { Trace } from '../core/trace.js';

/**
 * An Arm MHU (v1, `arm,mhu` / `arm,mhu-doorbell`) as hardware: per channel, two 32-bit doorbell
 * registers — a2p (application processor → platform: SET by Linux, CLEARed by the platform) and
 * p2a (platform → application processor: SET by the platform, CLEARed by Linux's interrupt
 * handler). Each p2a register drives a level interrupt line to the GIC, asserted while any bit is
 * set; a2p writes notify the platform processor model directly (its own interrupt controller is
 * not modelled). Channel 0 is the low-priority, 1 the high-priority, 2 the secure one.
 */
export class MhuDevice {
  private readonly a2p: Uint32Array;
  private readonly p2a: Uint32Array;
  private readonly listeners: ((channel: number, bits: number) => void)[] = [];

  constructor(
    readonly name: string,
    readonly channels: number,
    private readonly lines: readonly (InterruptLine | undefined)[],
    private readonly trace?: Trace,
  ) {
    this.a2p = new Uint32Array(channels);
    this.p2a = new Uint32Array(channels);
  }

  private valid(channel: number): boolean {
    if (channel >= 0 && channel < this.channels) return true;
    this.trace?.emit('diag', this.name, `MHU has no channel ${channel}`, { channel });
    return false;
  }

  // Application-processor side (Linux's arm_mhu driver).
  a2pStatus(channel: number): number {
    return this.a2p[channel] ?? 0;
  }

  a2pSet(channel: number, bits: number): void {
    if (!this.valid(channel)) return;
    this.a2p[channel] = (this.a2p[channel]! | bits) >>> 0;
    this.trace?.emit('mbox', this.name, `a2p doorbell channel ${channel}`, { channel, bits });
    for (const l of this.listeners) l(channel, bits >>> 0);
  }

  p2aStatus(channel: number): number {
    return this.p2a[channel] ?? 0;
  }

  p2aClear(channel: number, bits: number): void {
    if (!this.valid(channel)) return;
    this.p2a[channel] = (this.p2a[channel]! & ~bits) >>> 0;
    if (this.p2a[channel] === 0) this.lines[channel]?.set(false);
  }

  // Platform side (the SCP model).
  onA2p(listener: (channel: number, bits: number) => void): void {
    this.listeners.push(listener);
  }

  a2pClear(channel: number, bits: number): void {
    if (!this.valid(channel)) return;
    this.a2p[channel] = (this.a2p[channel]! & ~bits) >>> 0;
  }

  p2aSet(channel: number, bits: number): void {
    if (!this.valid(channel)) return;
    this.p2a[channel] = (this.p2a[channel]! | bits) >>> 0;
    this.trace?.emit('mbox', this.name, `p2a doorbell channel ${channel}`, { channel, bits });
    if (this.p2a[channel] !== 0) this.lines[channel]?.set(true);
  }
}
