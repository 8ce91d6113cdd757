/**
 * Arm Architecture Service (OEN 0, fast calls; TF-A `services/arm_arch_svc`). SMCCC_VERSION returns
 * the configured version as (major << 16) | minor; a v1.0 firmware has neither SMCCC_VERSION nor
 * SMCCC_ARCH_FEATURES, so both are Unknown (−1), which is how Linux recognises v1.0.
 * SMCCC_ARCH_FEATURES answers, as TF-A does, only for the Arm architecture calls it implements
 * (VERSION, ARCH_FEATURES, SOC_ID when configured, and the workaround/feature ids the profile lists
 * with their answers); every other id, PSCI's included, is −1 (PSCI has PSCI_FEATURES).
 * SMC64 forms of these ids do not exist: Unknown.
 */
import {
  type FunctionId,
  OEN,
  reg,
  result,
  SMC_UNK,
  SMCCC_RET_INVALID_PARAMETER,
  type SmcCall,
  type SmcResult,
  type SmcService,
} from '../../core/smc.js';

export const SMCCC_VERSION = 0x8000_0000;
export const SMCCC_ARCH_FEATURES = 0x8000_0001;
export const SMCCC_ARCH_SOC_ID = 0x8000_0002;
export const SMCCC_ARCH_WORKAROUND_1 = 0x8000_8000;
export const SMCCC_ARCH_WORKAROUND_2 = 0x8000_7fff;
export const SMCCC_ARCH_WORKAROUND_3 = 0x8000_3fff;

export interface SmcccVersion {
  major: number;
  minor: number;
}

export interface ArchServiceOptions {
  /** SMCCC version the firmware implements; default 1.2. */
  version?: SmcccVersion;
  /** SMCCC_ARCH_SOC_ID answers (a1 = 0 version, 1 revision); absent = not implemented. */
  socId?: { version: number; revision: number };
  /**
   * Further OEN-0 ids and what ARCH_FEATURES answers for them (e.g. WORKAROUND_1 → 0 "mitigation
   * needed", 1 "not required"). Calling such an id returns 0 (the workaround ran).
   */
  features?: ReadonlyMap<number, number>;
}

export class ArchService implements SmcService {
  readonly name = 'arm-arch';
  readonly oenStart = OEN.ARM;
  readonly oenEnd = OEN.ARM;
  readonly callTypes = ['fast'] as const;
  readonly version: SmcccVersion;
  private readonly versionValue: bigint;
  private readonly socId: ArchServiceOptions['socId'];
  private readonly features: ReadonlyMap<number, number>;

  constructor(options: ArchServiceOptions = {}) {
    this.version = options.version ?? { major: 1, minor: 2 };
    this.versionValue = BigInt(((this.version.major & 0x7fff) << 16) | (this.version.minor & 0xffff));
    this.socId = options.socId;
    this.features = options.features ?? new Map();
  }

  /** SMCCC_VERSION exists from v1.1. */
  get hasVersionCall(): boolean {
    return this.version.major > 1 || (this.version.major === 1 && this.version.minor >= 1);
  }

  /** ARCH_FEATURES' answer for `fid`, or undefined when the id is not implemented. */
  featureOf(fid: number): number | undefined {
    if (!this.hasVersionCall) return undefined;
    if (fid === SMCCC_VERSION || fid === SMCCC_ARCH_FEATURES) return 0;
    if (fid === SMCCC_ARCH_SOC_ID) return this.socId ? 0 : undefined;
    return this.features.get(fid);
  }

  handle(fid: FunctionId, call: SmcCall): SmcResult {
    if (!this.hasVersionCall) return result(SMC_UNK);
    switch (fid.raw) {
      case SMCCC_VERSION:
        return { regs: [this.versionValue] };
      case SMCCC_ARCH_FEATURES: {
        const answer = this.featureOf(Number(reg(call, 1) & 0xffff_ffffn));
        return result(answer === undefined ? SMC_UNK : BigInt.asUintN(64, BigInt(answer)));
      }
      case SMCCC_ARCH_SOC_ID: {
        if (!this.socId) return result(SMC_UNK);
        const which = reg(call, 1);
        if (which === 0n) return result(this.socId.version >>> 0);
        if (which === 1n) return result(this.socId.revision >>> 0);
        return result(SMCCC_RET_INVALID_PARAMETER);
      }
      default:
        return this.features.has(fid.raw) ? result(0) : result(SMC_UNK);
    }
  }
}
