/**
 * Calls that do not come back. An SMC/HVC normally returns x0..x3, but some never return to the
 * caller: PSCI CPU_OFF and SYSTEM_OFF/RESET succeed by not returning, and an `hvc` with nothing at
 * EL2 is an undefined instruction the caller's kernel takes as an exception. Those are results with
 * no registers and a `noReturn` reason, so code that only knows `SmcResult` still type-checks and
 * code that cares asks `isNoReturn`.
 */
import type { NoReturnReason, SmcResult } from '../core/smc.js';

export type { NoReturnReason };

export interface NoReturnResult extends SmcResult {
  readonly noReturn: NoReturnReason;
}

export function noReturn(reason: NoReturnReason): NoReturnResult {
  return { regs: [], noReturn: reason };
}

export function isNoReturn(r: SmcResult): r is NoReturnResult {
  return (r as Partial<NoReturnResult>).noReturn !== undefined;
}

/** Sign-extends a 32-bit signed firmware status (PSCI's `int`) to the 64-bit x0 TF-A writes. */
export function status64(code: number): bigint {
  return BigInt.asUintN(64, BigInt(code | 0));
}
