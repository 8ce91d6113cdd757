import { describe, expect, it } from 'vitest';
import { SMC_UNK } from '../../../runtime/core/smc.js';
import { isNoReturn, status64 } from '../../../runtime/firmware/outcome.js';
import { AFF_STATE, PSCI_E, PSCI_FN } from '../../../runtime/firmware/services/psci.js';
import { platform } from './harness.js';

const ENTRY = 0x4008_0000n;

describe('PSCI discovery', () => {
  it('PSCI_VERSION, MIGRATE_INFO_TYPE and PSCI_FEATURES as Linux probes them', () => {
    const { smc } = platform();
    expect(smc.invoke([PSCI_FN.VERSION]).regs[0]).toBe(0x10001n);
    expect(smc.invoke([PSCI_FN.MIGRATE_INFO_TYPE]).regs[0]).toBe(2n);
    expect(smc.invoke([PSCI_FN.FEATURES, 0x8000_0000]).regs[0]).toBe(0n); // SMCCC_VERSION is there
    expect(smc.invoke([PSCI_FN.FEATURES, PSCI_FN.CPU_ON64]).regs[0]).toBe(0n);
    expect(smc.invoke([PSCI_FN.FEATURES, PSCI_FN.CPU_SUSPEND]).regs[0]).toBe(status64(PSCI_E.NOT_SUPPORTED));
  });

  it('PSCI_FEATURES says SMCCC_VERSION is absent on an SMCCC v1.0 firmware', () => {
    const { smc } = platform({ smccc: { version: { major: 1, minor: 0 } } });
    expect(smc.invoke([PSCI_FN.FEATURES, 0x8000_0000]).regs[0]).toBe(SMC_UNK);
  });

  it('PSCI 0.2 has no PSCI_FEATURES', () => {
    const { smc } = platform({ psci: { version: { major: 0, minor: 2 } } });
    expect(smc.invoke([PSCI_FN.VERSION]).regs[0]).toBe(2n);
    expect(smc.invoke([PSCI_FN.FEATURES, PSCI_FN.VERSION]).regs[0]).toBe(SMC_UNK);
  });

  it('no PSCI in the profile: every OEN-4 id is Unknown', () => {
    const { smc } = platform({ psci: false });
    expect(smc.invoke([PSCI_FN.VERSION]).regs[0]).toBe(SMC_UNK);
  });

  it('secure callers get Unknown', () => {
    const { monitor } = platform();
    const r = monitor.call({ conduit: 'smc', regs: [BigInt(PSCI_FN.VERSION)], cpu: 0, secure: true });
    expect(r.regs[0]).toBe(SMC_UNK);
  });
});

describe('PSCI CPU_ON / CPU_OFF / AFFINITY_INFO', () => {
  it('CPU_ON brings a CPU up after the on delay, at its entry point, then AFFINITY_INFO says ON', () => {
    const { smc, scheduler, cluster, psci } = platform();
    const up: number[] = [];
    psci?.registerSpdHooks({ cpuOn: (cpu) => up.push(cpu) });
    const aff = (mpidr: number) => smc.invoke([PSCI_FN.AFFINITY_INFO64, mpidr, 0]).regs[0];
    expect(aff(1)).toBe(BigInt(AFF_STATE.OFF));
    expect(smc.invoke([PSCI_FN.CPU_ON64, 1, ENTRY, 0xc0ffee]).regs[0]).toBe(0n);
    expect(aff(1)).toBe(BigInt(AFF_STATE.ON_PENDING));
    expect(smc.invoke([PSCI_FN.CPU_ON64, 1, ENTRY, 0]).regs[0]).toBe(status64(PSCI_E.ON_PENDING));
    scheduler.run();
    expect(scheduler.now).toBe(10_000);
    expect(aff(1)).toBe(BigInt(AFF_STATE.ON));
    expect(cluster.cpu(1)).toMatchObject({
      power: 'on',
      entry: ENTRY,
      contextId: 0xc0ffeen,
      secure: false,
      el: 1,
    });
    expect(up).toEqual([1]);
    expect(smc.invoke([PSCI_FN.CPU_ON64, 1, ENTRY, 0]).regs[0]).toBe(0xffff_ffff_ffff_fffcn); // ALREADY_ON, sign-extended
  });

  it('CPU_ON errors: unknown MPIDR, bad entry point, the boot CPU', () => {
    const { smc } = platform();
    expect(smc.invoke([PSCI_FN.CPU_ON64, 0x100, ENTRY, 0]).regs[0]).toBe(status64(PSCI_E.INVALID_PARAMS));
    expect(smc.invoke([PSCI_FN.CPU_ON64, 1, 0x1000, 0]).regs[0]).toBe(status64(PSCI_E.INVALID_ADDRESS));
    expect(smc.invoke([PSCI_FN.CPU_ON64, 0, ENTRY, 0]).regs[0]).toBe(status64(PSCI_E.ALREADY_ON));
  });

  it('CPU_ON SMC32 uses 32-bit arguments', () => {
    const { smc, scheduler, cluster } = platform();
    expect(smc.invoke([PSCI_FN.CPU_ON, 0x1_0000_0002n, 0xf_4008_0000n, 0]).regs[0]).toBe(0n);
    scheduler.run();
    expect(cluster.cpu(2)).toMatchObject({ power: 'on', entry: ENTRY });
  });

  it('AFFINITY_INFO with a lowest affinity level above 0 or an unknown MPIDR is INVALID_PARAMETERS', () => {
    const { smc } = platform();
    expect(smc.invoke([PSCI_FN.AFFINITY_INFO64, 0, 1]).regs[0]).toBe(status64(PSCI_E.INVALID_PARAMS));
    expect(smc.invoke([PSCI_FN.AFFINITY_INFO64, 9, 0]).regs[0]).toBe(status64(PSCI_E.INVALID_PARAMS));
  });

  it('CPU_OFF does not return; the CPU is off and AFFINITY_INFO says so', () => {
    const { smc, scheduler, cluster } = platform();
    smc.invoke([PSCI_FN.CPU_ON64, 1, ENTRY, 0]);
    scheduler.run();
    const r = smc.invoke([PSCI_FN.CPU_OFF], 1);
    expect(isNoReturn(r) && r.noReturn).toBe('cpu-off');
    expect(cluster.cpu(1)?.power).toBe('off');
    expect(smc.invoke([PSCI_FN.AFFINITY_INFO64, 1, 0]).regs[0]).toBe(BigInt(AFF_STATE.OFF));
  });

  it('CPU_OFF refused by the SPD returns DENIED and leaves the CPU on', () => {
    const { smc, cluster, psci } = platform();
    psci?.registerSpdHooks({ cpuOff: () => 1 });
    expect(smc.invoke([PSCI_FN.CPU_OFF], 0).regs[0]).toBe(status64(PSCI_E.DENIED));
    expect(cluster.cpu(0)?.power).toBe('on');
  });

  it('SYSTEM_OFF and SYSTEM_RESET do not return and power everything down', () => {
    for (const [fn, state] of [
      [PSCI_FN.SYSTEM_OFF, 'off'],
      [PSCI_FN.SYSTEM_RESET, 'reset'],
    ] as const) {
      const { smc, cluster, psci } = platform();
      const hooks: string[] = [];
      psci?.registerSpdHooks({ systemOff: () => hooks.push('off'), systemReset: () => hooks.push('reset') });
      const r = smc.invoke([fn]);
      expect(isNoReturn(r) && r.noReturn).toBe(`system-${state}`);
      expect(psci?.systemState).toBe(state);
      expect(hooks).toEqual([state]);
      expect(cluster.cpus.every((c) => c.power === 'off')).toBe(true);
    }
  });
});
