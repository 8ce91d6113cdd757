import { describe, expect, it } from 'vitest';
import { deriveProfile } from '../../../runtime/platform/derive-profile.js';
import { platformDescriptionSchema } from '../../../runtime/platform/description.js';
import { preparePlatform } from '../../../runtime/platform/prepare.js';
import { overlayProfile, parseProfile, profileSchema } from '../../../runtime/platform/profile.js';
import { readYaml } from '../../../runtime/platform/yaml-source.js';
import { platformTree } from './support.js';

describe('describePlatform', () => {
  it('describes virt-optee: memory, CPUs, GICv3, interrupt lines, conduit, OP-TEE notification SPI', () => {
    const p = preparePlatform(platformTree('virt-optee'));
    const d = p.description;
    expect(platformDescriptionSchema.safeParse(d).success).toBe(true);
    expect(d.memory[0]).toMatchObject({ kind: 'memory', base: '0x40000000', size: '0x40000000' });
    expect(d.memory[1]).toMatchObject({ kind: 'reserved', noMap: true });
    expect(d.cpus.map((c) => c.mpidr)).toEqual([0, 1, 2, 3]);
    expect(d.interruptControllers).toEqual([expect.objectContaining({ model: 'gicv3', primary: true })]);
    expect(d.interrupts.find((i) => i.node === '/firmware/optee')).toMatchObject({
      type: 'spi',
      number: 15,
      intid: 47,
      trigger: 'edge-rising',
    });
    expect(d.smcccConduit).toBe('smc');
    expect(d.optee).toEqual([
      {
        path: '/firmware/optee',
        enabled: true,
        method: 'smc',
        interrupts: [{ intid: 47, type: 'spi', trigger: 'edge-rising', name: null }],
      },
    ]);
    expect(p.profile?.optee.asyncNotif).toEqual({ enabled: true, intid: 47 });
    expect(p.findings).toEqual([]);
  });

  it('describes SCMI channels: MHU tx/rx split, SMC ids, OP-TEE channel ids, consumers', () => {
    const mhu = preparePlatform(platformTree('scmi-mhu')).description;
    expect(mhu.scmi[0]!.transport).toBe('mailbox');
    expect(mhu.scmi[0]!.channels.map((c) => [c.direction, c.shmem?.base, c.mboxes[0]?.args])).toEqual([
      ['tx', '0x2e000000', [0]],
      ['rx', '0x2e000200', [1]],
    ]);
    expect(mhu.consumers.find((c) => c.path === '/gpu@2d000000')!.uses.map((u) => [u.kind, u.id])).toEqual([
      ['perf', 1],
      ['power-domain', 1],
    ]);
    const smc = preparePlatform(platformTree('scmi-smc'));
    expect(smc.description.scmi[0]!.channels[0]).toMatchObject({
      smcId: 0x82000010,
      shmem: { base: '0x10f000' },
    });
    expect(smc.profile!.sip.functionIds).toEqual([0x82000010]);
    expect(smc.profile!.scmi.clocks).toHaveLength(5);
    const ppi = preparePlatform(platformTree('scmi-optee-ppi'));
    expect(ppi.description.optee[0]!.interrupts[0]).toMatchObject({ type: 'ppi', intid: 22 });
    expect(ppi.description.scmi[0]!.channels[0]).toMatchObject({ opteeChannelId: 0, shmem: null });
    expect(ppi.profile!.scmi.server).toBe('optee');
    const hvc = preparePlatform(platformTree('smc-mbox-hvc'));
    expect(hvc.description.mailboxes[0]).toMatchObject({
      kind: 'hvc-mbox',
      method: 'hvc',
      funcIds: [0x82000001],
    });
    expect(hvc.profile!.el2.hypervisor).toBe(true);
  });
});

describe('firmware profile', () => {
  it('the derived profile validates and a user profile overlays it key by key', () => {
    const d = preparePlatform(platformTree('virt-optee')).description;
    const derived = deriveProfile(d);
    expect(profileSchema.safeParse(derived).success).toBe(true);
    const merged = overlayProfile(JSON.parse(JSON.stringify(derived)), {
      optee: { asyncNotif: { intid: 48 } },
    });
    const p = parseProfile(merged).profile!;
    expect(p.optee.asyncNotif).toEqual({ enabled: true, intid: 48 });
    expect(p.optee.threads).toBe(derived.optee.threads);
  });

  it('reports bad keys with the span of the YAML value', () => {
    const y = readYaml('fw.yaml', 'optee:\n  threads: 0\n  bogus: 1\n');
    const p = preparePlatform(platformTree('virt-optee'), { userProfile: y });
    const bad = p.diagnostics.filter((x) => x.code === 'sim/profile-invalid');
    expect(bad.length).toBe(2);
    expect(bad.map((b) => b.span?.line)).toEqual([2, 2]);
    expect(p.profile).toBeUndefined();
  });

  it('accepts 64-bit addresses and hex strings', () => {
    const y = readYaml(
      'fw.yaml',
      'optee:\n  reservedShm: { base: 0x1_0000_0000, size: 0x200000 }\n'.replace(/_/g, ''),
    );
    const p = preparePlatform(platformTree('virt-optee'), { userProfile: y });
    expect(p.profile!.optee.reservedShm).toEqual({ base: '0x100000000', size: 0x200000 });
  });
});
