/**
 * SMC Calling Convention contracts shared by the monitor, the hypervisor, the secure-world
 * services and the normal-world drivers. Registers are 64-bit (bigint). A call is synchronous
 * from the caller's point of view, as an SMC instruction is; anything asynchronous (interrupts,
 * bottom halves, RPCs the caller must resume) goes through the scheduler or the return codes.
 */

/** The instruction a caller uses: `smc #0` traps to EL3, `hvc #0` to EL2. */
export type Conduit = 'smc' | 'hvc';

export type CallType = 'fast' | 'yield';

export interface SmcCall {
  conduit: Conduit;
  /** x0..x7 (x0 = function id, x7 = client id); missing registers read as 0. */
  regs: readonly bigint[];
  /** Calling CPU (MPIDR-style linear index). */
  cpu: number;
  /** Caller's security state (SCR_EL3.NS == 0). */
  secure: boolean;
}

/** Why a call did not come back to its caller (PSCI power-down, or an `hvc` nothing at EL2 takes). */
export type NoReturnReason = 'cpu-off' | 'system-off' | 'system-reset' | 'undefined-instruction';

/** x0..x3 (more for SMCCC ≥ 1.2 services that return them). */
export interface SmcResult {
  regs: bigint[];
  /** Set when the call never returned; `regs` is then empty. */
  readonly noReturn?: NoReturnReason;
}

/** A decoded function id (SMCCC §2.5; TF-A include/lib/smccc.h). */
export interface FunctionId {
  raw: number;
  type: CallType;
  smc64: boolean;
  oen: number;
  /** Bits 23:17, must be zero for fast calls. */
  reserved: number;
  sveHint: boolean;
  number: number;
}

export const SMCCC_RET_SUCCESS = 0n;
/** "Unknown function": TF-A writes 64-bit −1 in x0. */
export const SMC_UNK = 0xffff_ffff_ffff_ffffn;
export const SMCCC_RET_NOT_SUPPORTED = SMC_UNK;
export const SMCCC_RET_NOT_REQUIRED = 0xffff_ffff_ffff_fffen;
export const SMCCC_RET_INVALID_PARAMETER = 0xffff_ffff_ffff_fffdn;

/** Owning entity numbers (TF-A include/lib/smccc.h). */
export const OEN = {
  ARM: 0,
  CPU: 1,
  SIP: 2,
  OEM: 3,
  STD: 4,
  STD_HYP: 5,
  VEN_HYP: 6,
  VEN_EL3: 7,
  TAP_START: 48,
  TAP_END: 49,
  TOS_START: 50,
  TOS_END: 63,
} as const;

export function decodeFunctionId(fid: number | bigint): FunctionId {
  const raw = Number(BigInt(fid) & 0xffff_ffffn) >>> 0;
  return {
    raw,
    type: raw & 0x8000_0000 ? 'fast' : 'yield',
    smc64: (raw & 0x4000_0000) !== 0,
    oen: (raw >>> 24) & 0x3f,
    reserved: (raw >>> 17) & 0x7f,
    sveHint: (raw & 0x1_0000) !== 0,
    number: raw & 0xffff,
  };
}

export function encodeFunctionId(f: {
  type: CallType;
  smc64?: boolean;
  oen: number;
  number: number;
}): number {
  return (
    ((f.type === 'fast' ? 0x8000_0000 : 0) |
      (f.smc64 ? 0x4000_0000 : 0) |
      ((f.oen & 0x3f) << 24) |
      (f.number & 0xffff)) >>>
    0
  );
}

/** Register i of a call, 0 when absent. */
export function reg(call: SmcCall, i: number): bigint {
  return call.regs[i] ?? 0n;
}

/** Builds a result from up to 4 (or more) register values. */
export function result(...regs: (bigint | number)[]): SmcResult {
  return { regs: regs.map((r) => BigInt.asUintN(64, BigInt(r))) };
}

/**
 * A runtime service, TF-A style: declares the OEN range and call types it owns; the monitor
 * builds its dispatch table from these and refuses overlaps.
 */
export interface SmcService {
  readonly name: string;
  readonly oenStart: number;
  readonly oenEnd: number;
  readonly callTypes: readonly CallType[];
  handle(fid: FunctionId, call: SmcCall): SmcResult;
}

/** What a normal-world driver holds: "issue an SMC/HVC with these registers" (Linux arm_smccc_1_1_invoke). */
export interface SmcccInvoker {
  readonly conduit: Conduit | 'none';
  invoke(regs: readonly (bigint | number)[], cpu?: number): SmcResult;
}
