/**
 * Interrupt contracts between devices, the GIC model and the CPUs' software (secure world and
 * Linux models). Devices drive lines; the GIC tracks state per INTID and signals IRQ/FIQ to CPU
 * interfaces; software acknowledges and ends interrupts through the CPU interface, as Linux's
 * gic driver and OP-TEE's do.
 */

export type Trigger = 'edge-rising' | 'edge-falling' | 'level-high' | 'level-low';

/** INTID ranges (GICv3 §2.2): SGI 0-15, PPI 16-31, SPI 32-1019, special 1020-1023, EPPI 1056-1119, ESPI 4096-5119. */
export type IntidKind = 'sgi' | 'ppi' | 'spi' | 'special' | 'eppi' | 'espi' | 'lpi' | 'reserved';

export function intidKind(intid: number): IntidKind {
  if (intid < 16) return 'sgi';
  if (intid < 32) return 'ppi';
  if (intid < 1020) return 'spi';
  if (intid < 1024) return 'special';
  if (intid >= 1056 && intid < 1120) return 'eppi';
  if (intid >= 4096 && intid < 5120) return 'espi';
  if (intid >= 8192) return 'lpi';
  return 'reserved';
}

/** The INTID the GIC reports when nothing is pending. */
export const SPURIOUS_INTID = 1023;

/** A device's interrupt output, wired to one GIC input (SPI) or one per-CPU input (PPI). */
export interface InterruptLine {
  /** Level-sensitive devices hold the line; edge devices pulse it. */
  set(asserted: boolean): void;
  pulse(): void;
}

/** Group 0 = secure FIQ (EL3), group 1S = secure, group 1NS = non-secure IRQ (Linux). */
export type InterruptGroup = 'g0' | 'g1s' | 'g1ns';

export interface InterruptConfig {
  group: InterruptGroup;
  trigger: 'edge' | 'level';
  priority: number;
  enabled: boolean;
  /** SPIs: target CPUs (GICv2 ITARGETSR mask as CPU indices; GICv3 affinity routing to one CPU). */
  targets?: number[];
}

/** Which exception a CPU interface signals. */
export type Signal = 'irq' | 'fiq';

export interface InterruptController {
  readonly version: 2 | 3;
  /** Highest SPI INTID + 1 the distributor implements (from the platform; GICD_TYPER.ITLinesNumber). */
  readonly spiLimit: number;
  configure(intid: number, config: Partial<InterruptConfig>, cpu?: number): void;
  /** The line a device drives: SPIs are global, PPIs per CPU. */
  line(intid: number, cpu?: number): InterruptLine;
  /** Software pend (GICD_ISPENDR): how OP-TEE raises its notification SPI. */
  setPending(intid: number, cpu?: number): void;
  /** CPU interface acknowledge (IAR/ICC_IAR1_EL1 or IAR0): returns the INTID or SPURIOUS_INTID. */
  acknowledge(cpu: number, signal: Signal): number;
  /** End of interrupt (EOIR): priority drop and deactivation. */
  endOfInterrupt(cpu: number, intid: number): void;
  /** Called when a CPU's IRQ or FIQ signal changes. */
  onSignal(listener: (cpu: number, signal: Signal, asserted: boolean) => void): void;
}
