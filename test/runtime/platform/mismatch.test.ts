/**
 * The mismatches real boards hit between the secure world's build and the normal-world tree, end
 * to end from DTS + profile: the finding (code, node, profile key) and the outcome the run shows.
 */
import { describe, expect, it } from 'vitest';
import { boardText, runCase } from './support.js';

const codes = (r: ReturnType<typeof runCase>) => r.loaded.diagnostics.map((d) => d.code);
const finding = (r: ReturnType<typeof runCase>, code: string) =>
  r.loaded.prepared?.findings.find((f) => f.code === code);

describe('profile/tree mismatches', () => {
  it('notification interrupt in the tree differs from the profile: notifications never arrive', () => {
    const r = runCase({
      board: boardText('virt-optee'),
      profile: 'optee:\n  asyncNotif:\n    intid: 48\n',
      scenario:
        'name: n\nsteps:\n  - at: 1ms\n    notify: { value: 0 }\nexpect:\n  - metric: { metric: bottom-halves, atLeast: 1 }\n',
    });
    expect(finding(r, 'sim/optee-notif-intid')).toMatchObject({
      nodePath: '/firmware/optee',
      property: 'interrupts',
      profileKey: 'optee.asyncNotif.intid',
    });
    const d = r.loaded.diagnostics.find((x) => x.code === 'sim/optee-notif-intid')!;
    expect(d.span?.file).toBe('/case/board.dts');
    expect(d.related?.[0]?.span.file).toBe('/case/firmware.yaml');
    expect(d.related?.[0]?.span.line).toBe(3);
    const sim = r.sim!;
    expect(sim.report.up).toBe(true);
    expect(sim.report.metrics['bottom-halves']).toBe(0);
    expect(sim.report.ok).toBe(false);
    const failed = sim.report.diagnostics.find((x) => x.code === 'sim/expectation-failed')!;
    expect(failed.nodePath).toBe('/firmware/optee');
    expect(failed.notes?.join('\n')).toContain('optee.asyncNotif.intid');
  });

  it('async notifications in firmware but no interrupts in the node: the probe fails as Linux does', () => {
    const board = boardText('virt-optee').replace(
      /\t\t\tinterrupts = <GIC_SPI OPTEE_NOTIF_SPI IRQ_TYPE_EDGE_RISING>;\n/,
      '',
    );
    const r = runCase({ board, profile: 'optee:\n  asyncNotif: { enabled: true, intid: 47 }\n' });
    expect(finding(r, 'sim/optee-notif-no-interrupt')).toMatchObject({
      nodePath: '/firmware/optee',
      profileKey: 'optee.asyncNotif.enabled',
    });
    const sim = r.sim!;
    expect(sim.report.probes).toContainEqual(
      expect.objectContaining({ path: '/firmware/optee', state: 'failed' }),
    );
    expect(sim.report.up).toBe(false);
    expect(sim.report.ok).toBe(false);
    const d = sim.report.diagnostics.find((x) => x.code === 'sim/probe-failed')!;
    expect(d.nodePath).toBe('/firmware/optee');
    expect(d.notes?.join('\n')).toContain('optee.asyncNotif.enabled');
  });

  it('an shmem address the server does not use: SCMI never gets an answer', () => {
    const r = runCase({
      board: boardText('scmi-smc'),
      profile:
        'sip: { functionIds: [0x82000010] }\nscmi:\n  server: tf-a\n  channels:\n    - { id: 0, agent: 1, shmem: { base: 0x10f800, size: 0x100 }, smcId: 0x82000010, mailbox: null, completionIntid: null }\n',
    });
    expect(finding(r, 'sim/scmi-shmem-unused')).toMatchObject({
      nodePath: '/firmware/scmi',
      property: 'shmem',
    });
    const sim = r.sim!;
    // SMC completes on return: Linux reads its own request back (no protocols), consumers never bind.
    expect(sim.report.probes).toContainEqual(
      expect.objectContaining({ path: '/serial@fe660000', state: 'deferred' }),
    );
    expect(sim.report.up).toBe(false);
    const d = sim.report.diagnostics.find(
      (x) => x.code === 'sim/probe-deferred' && x.nodePath === '/serial@fe660000',
    )!;
    expect(d.notes?.join('\n')).toContain('sim/scmi-shmem-unused');
  });

  it("'hvc' with nothing at EL2: the call never returns", () => {
    const board = boardText('virt-optee').replace(
      'method = "smc";\n\t\t\tinterrupts',
      'method = "hvc";\n\t\t\tinterrupts',
    );
    const r = runCase({ board, profile: 'el2: { hypervisor: false }\n' });
    expect(finding(r, 'sim/hvc-no-el2')).toMatchObject({
      nodePath: '/firmware/optee',
      property: 'method',
      profileKey: 'el2.hypervisor',
    });
    const sim = r.sim!;
    expect(sim.report.up).toBe(false);
    expect(
      sim.platform.trace
        .ofKind('diag')
        .some((e) => e.msg.includes('undefined-instruction') || e.msg.includes('nothing at EL2')),
    ).toBe(true);
  });

  it('an arm,smc-id TF-A does not serve: SMC_UNK, the SCMI agent fails', () => {
    const r = runCase({ board: boardText('scmi-smc'), profile: 'sip: { functionIds: [0x82000011] }\n' });
    expect(finding(r, 'sim/smc-id-not-served')).toMatchObject({
      nodePath: '/firmware/scmi',
      property: 'arm,smc-id',
      profileKey: 'sip.functionIds',
    });
    const sim = r.sim!;
    expect(sim.report.probes).toContainEqual(
      expect.objectContaining({ path: '/firmware/scmi', state: 'failed' }),
    );
    expect(sim.report.probes).toContainEqual(
      expect.objectContaining({ path: '/ethernet@fe2a0000', state: 'deferred' }),
    );
  });

  it('a disabled OP-TEE under SCMI over OP-TEE: probe deferred forever', () => {
    const board = boardText('scmi-optee-ppi').replace(
      'compatible = "linaro,optee-tz";',
      'compatible = "linaro,optee-tz";\n\t\t\tstatus = "disabled";',
    );
    const r = runCase({ board });
    expect(codes(r)).toContain('sim/scmi-optee-disabled');
    const sim = r.sim!;
    expect(sim.report.probes).toContainEqual(
      expect.objectContaining({ path: '/firmware/scmi', state: 'deferred' }),
    );
    expect(sim.report.up).toBe(false);
    const d = sim.report.diagnostics.find(
      (x) => x.code === 'sim/probe-deferred' && x.nodePath === '/firmware/scmi',
    )!;
    expect(d.notes?.join('\n')).toContain('sim/scmi-optee-disabled');
  });
});
