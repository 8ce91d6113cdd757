import { describe, expect, it } from 'vitest';
import { OEN, result, SMC_UNK, SMCCC_RET_NOT_SUPPORTED } from '../../../runtime/core/smc.js';
import { isNoReturn } from '../../../runtime/firmware/outcome.js';
import { PSCI_FN } from '../../../runtime/firmware/services/psci.js';
import { echoService, platform } from './harness.js';

describe('EL2 and the normal-world conduits', () => {
  it('hvc with nothing at EL2 never returns: an undefined-instruction outcome and a diag', () => {
    const { normalWorld, trace } = platform();
    const r = normalWorld.invokerFor('hvc').invoke([PSCI_FN.VERSION]);
    expect(isNoReturn(r) && r.noReturn).toBe('undefined-instruction');
    expect(r.regs).toEqual([]);
    expect(trace.ofKind('diag').map((e) => e.msg)).toEqual([
      'hvc with nothing at EL2: a real board takes an undefined-instruction exception here',
    ]);
    expect(trace.ofKind('smc')).toHaveLength(0);
  });

  it('a proxying hypervisor forwards hvc calls to EL3 as smc', () => {
    const { normalWorld, trace } = platform({ el2: { forward: 'all' } });
    expect(normalWorld.invokerFor('hvc').invoke([PSCI_FN.VERSION]).regs[0]).toBe(0x10001n);
    expect(trace.ofKind('smc').map((e) => `${e.src} ${e.data?.conduit}`)).toEqual(['el2 hvc', 'el3 smc']);
  });

  it('only the configured ranges are forwarded; the rest is Unknown from EL2', () => {
    const { normalWorld, monitor } = platform({ el2: { forward: [{ oenStart: 50, oenEnd: 63 }] } });
    const tos = echoService('optee', 50, 63, ['fast', 'yield']);
    monitor.registerTrustedOs(tos);
    const hvc = normalWorld.invokerFor('hvc');
    expect(hvc.invoke([0xb200_0000]).regs[0]).toBe(0xb200_0000n);
    expect(hvc.invoke([PSCI_FN.VERSION]).regs[0]).toBe(SMC_UNK);
  });

  it('forwarded calls carry the client id in x7', () => {
    const { normalWorld, monitor } = platform({ el2: { forward: 'all', clientId: 3 } });
    const tos = echoService('optee', 50, 63, ['fast', 'yield']);
    monitor.registerTrustedOs(tos);
    normalWorld.invokerFor('hvc').invoke([0xb200_0000, 1]);
    expect(tos.seen[0]?.call.regs[7]).toBe(3n);
  });

  it('the hypervisor answers its own services first', () => {
    const { normalWorld, hypervisor } = platform({ el2: { forward: 'all' } });
    hypervisor?.register({
      name: 'kvm',
      oenStart: OEN.VEN_HYP,
      oenEnd: OEN.VEN_HYP,
      callTypes: ['fast'],
      handle: () => result(0xb66fb428),
    });
    expect(normalWorld.invokerFor('hvc').invoke([0x8600_ff01]).regs[0]).toBe(0xb66fb428n);
  });

  it('smc goes to EL3 past a hypervisor unless it traps SMC (HCR_EL2.TSC)', () => {
    const passing = platform({ el2: { forward: 'none' } });
    expect(passing.smc.invoke([PSCI_FN.VERSION]).regs[0]).toBe(0x10001n);
    const trapping = platform({ el2: { forward: 'none', trapsSmc: true } });
    expect(trapping.smc.invoke([PSCI_FN.VERSION]).regs[0]).toBe(SMC_UNK);
  });

  it('conduit none issues nothing and reads NOT_SUPPORTED', () => {
    const { normalWorld, trace } = platform();
    expect(normalWorld.invokerFor('none').invoke([PSCI_FN.VERSION]).regs[0]).toBe(SMCCC_RET_NOT_SUPPORTED);
    expect(trace.ofKind('smc').map((e) => e.src)).toEqual(['nwd']);
  });

  it('an AArch32 caller passes and reads 32-bit registers', () => {
    const { normalWorld } = platform();
    const r = normalWorld.invokerFor('smc', { aarch32: true }).invoke([0x8200_0000]);
    expect(r.regs[0]).toBe(0xffff_ffffn);
  });

  it('a call from a CPU that is off is reported', () => {
    const { smc, trace } = platform();
    smc.invoke([PSCI_FN.VERSION], 3);
    expect(trace.ofKind('diag')).toHaveLength(1);
  });
});
