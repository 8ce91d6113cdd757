import { describe, expect, it } from 'vitest';
import { parseFirmwareProfile } from '../../../runtime/firmware/profile.js';

describe('firmware profile', () => {
  it('defaults: SMCCC 1.2, PSCI 1.1, no SiP/OEM ids, no EL2', () => {
    const { profile, issues } = parseFirmwareProfile(undefined);
    expect(issues).toEqual([]);
    expect(profile).toEqual({
      smccc: { version: { major: 1, minor: 2 }, features: [] },
      psci: { version: { major: 1, minor: 1 }, onDelayNs: 10_000 },
    });
  });

  it('function ids may be hex strings', () => {
    const { profile } = parseFirmwareProfile({ sip: { calls: [{ fid: '0x82000010', name: 'scmi' }] } });
    expect(profile?.sip?.calls).toEqual([{ fid: 0x8200_0010, name: 'scmi' }]);
  });

  it('bad input gives issues with paths, never a throw', () => {
    const { profile, issues } = parseFirmwareProfile({
      sip: { calls: [{ fid: 'x82' }] },
      el2: { forward: 'some' },
      bogus: 1,
    });
    expect(profile).toBeUndefined();
    expect(issues.map((i) => i.path).sort()).toEqual(['', 'el2.forward', 'sip.calls.0.fid']);
  });
});
