/**
 * TF-A's OP-TEE dispatcher (`services/spd/opteed/opteed_main.c`) on the interrupt side: it registers
 * for S-EL1 interrupts (`register_interrupt_type_handler(INTR_TYPE_S_EL1, …)` with SCR_EL3.FIQ set
 * while the normal world runs), so a secure interrupt taken in the normal world traps to EL3.
 * `opteed_sel1_interrupt_handler` saves the non-secure context, enters OP-TEE at `fiq_entry` in the
 * secure world, and OP-TEE's TEESMC_OPTEED_RETURN_FIQ_DONE brings the CPU back to the normal world,
 * which resumes where it was interrupted.
 */
import type { Signal } from '../core/interrupts.js';
import type { Trace } from '../core/trace.js';
import type { CpuCluster } from '../cpu/cpu.js';

/** What opteed needs of OP-TEE: its FIQ vector. */
export interface OpteeFiqVector {
  fiqEntry(cpu: number): number;
}

export function installOpteedInterrupts(cluster: CpuCluster, optee: OpteeFiqVector, trace: Trace): void {
  cluster.setEl3Handler((cpu: number, signal: Signal) => {
    trace.emit('irq', 'el3', 'opteed: S-EL1 interrupt, entering OP-TEE fiq_entry', { cpu, signal });
    const el = cluster.cpu(cpu)?.el ?? 1;
    cluster.enterWorld(cpu, 'secure');
    const intid = optee.fiqEntry(cpu);
    trace.emit('irq', 'el3', 'opteed: RETURN_FIQ_DONE, resuming the normal world', { cpu, intid });
    cluster.enterWorld(cpu, 'non-secure', el === 3 ? undefined : el);
  });
}
