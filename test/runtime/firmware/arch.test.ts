import { describe, expect, it } from 'vitest';
import { SMC_UNK, SMCCC_RET_INVALID_PARAMETER } from '../../../runtime/core/smc.js';
import { SMCCC_ARCH_WORKAROUND_1 } from '../../../runtime/firmware/services/arch.js';
import { platform } from './harness.js';

describe('Arm architecture service', () => {
  it('SMCCC_VERSION returns the configured version', () => {
    const { smc } = platform({ smccc: { version: { major: 1, minor: 5 } } });
    expect(smc.invoke([0x8000_0000]).regs[0]).toBe(0x10005n);
  });

  it('an SMCCC v1.0 firmware has neither SMCCC_VERSION nor ARCH_FEATURES', () => {
    const { smc } = platform({ smccc: { version: { major: 1, minor: 0 } } });
    expect(smc.invoke([0x8000_0000]).regs[0]).toBe(SMC_UNK);
    expect(smc.invoke([0x8000_0001, 0x8000_0000]).regs[0]).toBe(SMC_UNK);
  });

  it('SMCCC_ARCH_FEATURES answers for the Arm-architecture ids the firmware implements, −1 otherwise', () => {
    const { smc } = platform({
      smccc: {
        socId: { version: 0x3b00_0001, revision: 2 },
        features: [{ fid: SMCCC_ARCH_WORKAROUND_1, answer: 1 }],
      },
    });
    const features = (fid: number) => smc.invoke([0x8000_0001, fid]).regs[0];
    expect(features(0x8000_0000)).toBe(0n);
    expect(features(0x8000_0001)).toBe(0n);
    expect(features(0x8000_0002)).toBe(0n);
    expect(features(SMCCC_ARCH_WORKAROUND_1)).toBe(1n);
    expect(features(0x8000_7fff)).toBe(SMC_UNK); // WORKAROUND_2 not listed
    expect(features(0x8400_0000)).toBe(SMC_UNK); // PSCI ids: ask PSCI_FEATURES
    expect(smc.invoke([SMCCC_ARCH_WORKAROUND_1]).regs[0]).toBe(0n);
  });

  it('SMCCC_ARCH_SOC_ID answers version and revision, invalid parameter otherwise', () => {
    const { smc } = platform({ smccc: { socId: { version: 0x3b00_0001, revision: 2 } } });
    expect(smc.invoke([0x8000_0002, 0]).regs[0]).toBe(0x3b00_0001n);
    expect(smc.invoke([0x8000_0002, 1]).regs[0]).toBe(2n);
    expect(smc.invoke([0x8000_0002, 7]).regs[0]).toBe(SMCCC_RET_INVALID_PARAMETER);
    expect(platform().smc.invoke([0x8000_0002, 0]).regs[0]).toBe(SMC_UNK);
  });

  it('SMC64 forms of the architecture ids are Unknown', () => {
    const { smc } = platform();
    expect(smc.invoke([0xc000_0000]).regs[0]).toBe(SMC_UNK);
  });
});
