import { describe, expect, it } from 'vitest';
import { SCMI_OPTEE_BOARD } from '../../../schemas/kconfig/rules/support/examples.js';
import { check, codes, withCode } from './helpers.js';

const OPTEE_M_SCMI_Y =
  'CONFIG_TEE=y\nCONFIG_OPTEE=m\nCONFIG_ARM_SCMI_PROTOCOL=y\nCONFIG_ARM_SCMI_TRANSPORT_OPTEE=y\n';

describe('OPTEE=m under a built-in SCMI core', () => {
  it('is an error on v6.1 naming the transport and both ways out, instead of a bare no-driver', () => {
    const r = check(SCMI_OPTEE_BOARD, OPTEE_M_SCMI_Y, 'v6.1');
    const [d, ...rest] = withCode(r.diagnostics, 'kconfig/module-early-provider');
    expect(rest).toEqual([]);
    expect(d?.severity).toBe('error');
    expect(d?.nodePath).toBe('/firmware/scmi');
    expect(d?.message).toContain('ARM_SCMI_TRANSPORT_OPTEE');
    expect(d?.hint).toContain('CONFIG_OPTEE=y');
    expect(d?.hint).toContain('CONFIG_ARM_SCMI_PROTOCOL=m');
    // Points at the DT string and at the Kconfig definition and the fragment line.
    expect(d?.span).toMatchObject({ file: 'board.dts' });
    const related = d?.related ?? [];
    expect(related.some((x) => x.span.file === 'drivers/firmware/arm_scmi/Kconfig')).toBe(true);
    expect(related.some((x) => x.span.file === 'board.config' && x.span.line === 2)).toBe(true);
    expect(withCode(r.diagnostics, 'kconfig/no-driver')).toEqual([]);
    // The dropped request itself.
    const changed = withCode(r.diagnostics, 'kconfig/changed-request');
    expect(changed.map((c) => c.span?.line)).toEqual([4]);
    expect(r.fragment).toEqual(['CONFIG_OPTEE=y']);
  });

  it('is a warning on v6.12 (the transport becomes a module)', () => {
    const r = check(SCMI_OPTEE_BOARD, OPTEE_M_SCMI_Y, 'v6.12');
    const [d] = withCode(r.diagnostics, 'kconfig/module-early-provider');
    expect(d?.severity).toBe('warning');
    expect(d?.message).toContain('ARM_SCMI_TRANSPORT_OPTEE');
    expect(d?.hint).toContain('CONFIG_OPTEE=y');
    expect(d?.hint).toContain('CONFIG_ARM_SCMI_PROTOCOL=m');
    expect(r.diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
    expect(withCode(r.diagnostics, 'kconfig/changed-request')[0]?.message).toMatch(/resolves to m/);
    expect(r.fragment).toEqual(['CONFIG_OPTEE=y']);
  });

  it('is fine when both are modules on v6.1', () => {
    const r = check(SCMI_OPTEE_BOARD, 'CONFIG_TEE=y\nCONFIG_OPTEE=m\nCONFIG_ARM_SCMI_PROTOCOL=m\n', 'v6.1');
    expect(codes(r.diagnostics)).toEqual([]);
    expect(r.fragment).toEqual([]);
  });

  it('says the second way out is blocked when ARCH_STM32 selects the SCMI core (v6.12)', () => {
    const r = check(SCMI_OPTEE_BOARD, `${OPTEE_M_SCMI_Y}CONFIG_ARCH_STM32=y\n`, 'v6.12');
    expect(withCode(r.diagnostics, 'kconfig/module-early-provider')[0]?.hint).toContain(
      'selected by ARCH_STM32',
    );
  });
});

describe('fragments', () => {
  it('lists the smallest set of lines, including dependencies, and nothing when all is drivable', () => {
    const r = check(SCMI_OPTEE_BOARD, '', 'v6.1');
    expect([...r.fragment].sort()).toEqual(['CONFIG_ARM_SCMI_PROTOCOL=y', 'CONFIG_OPTEE=y', 'CONFIG_TEE=y']);
    const fixed = check(SCMI_OPTEE_BOARD, `${r.fragment.join('\n')}\n`, 'v6.1');
    expect(fixed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(fixed.fragment).toEqual([]);
  });
});

describe('undefined symbols with the built-in model', () => {
  it('judges family symbols only', () => {
    const r = check(SCMI_OPTEE_BOARD, 'CONFIG_SOMETHING_ELSE=y\nCONFIG_ARM_MHU_V3=y\n', 'v6.1');
    const found = withCode(r.diagnostics, 'kconfig/undefined-symbol');
    expect(found.map((d) => d.span?.line)).toEqual([2]);
    expect(
      withCode(
        check(SCMI_OPTEE_BOARD, 'CONFIG_ARM_MHU_V3=y\n', 'v6.12').diagnostics,
        'kconfig/undefined-symbol',
      ),
    ).toEqual([expect.objectContaining({ severity: 'info' })]);
  });
});
