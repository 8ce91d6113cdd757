/**
 * SMC/HVC arguments through the EL3 monitor (and the EL2 hypervisor) of booted bundled platforms:
 * random x0–x7 with reserved bits, unknown owners, SMC64 and SMC32, fast and yielding, AArch32
 * callers. Oracle (SMCCC §2.5, TF-A): a well-formed answer for every call; Unknown (−1, or
 * 0xFFFFFFFF to an AArch32 caller) with x1–x3 preserved for ids nobody owns, fast ids with bits
 * 23:17 set and SMC64 ids from AArch32; AArch32 callers see 32-bit values; afterwards every OP-TEE
 * thread can finish and the monitor still answers SMCCC_VERSION.
 */
import fc from 'fast-check';
import { SMC_UNK } from '../../../runtime/core/smc.js';
import { decodeJson, encodeJson } from '../support/json.js';
import { interesting64 } from '../support/mutate.js';
import { board, checkMonitorAlive, drainOptee, PlatformSession, settle } from '../support/platform.js';
import { platformNames } from '../support/seeds.js';
import { defineTarget, expectThat } from '../support/target.js';

interface Call {
  conduit: 'smc' | 'hvc';
  aarch32: boolean;
  cpu: number;
  regs: bigint[];
}

interface Input {
  platform: string;
  calls: Call[];
}

const PLATFORMS = platformNames();
/** Ids the bundled platforms serve (PSCI, Arch, OP-TEE, SiP doorbells) and their neighbours. */
const KNOWN = [
  0x8000_0000, 0x8000_0001, 0x8000_3fff, 0x8400_0000, 0x8400_0001, 0xc400_0003, 0x8400_0008, 0x8400_0009,
  0x8400_000a, 0x8400_0004, 0xc400_0004, 0x8400_0006, 0x8400_0010, 0xbf00_ff00, 0xbf00_ff01, 0xbf00_ff03,
  0xb200_0000, 0xb200_0001, 0xb200_0007, 0xb200_0009, 0xb200_000a, 0xb200_000b, 0xb200_000f, 0xb200_0010,
  0xb200_0011, 0x3200_0003, 0x3200_0004, 0x3200_0012, 0x3200_0013, 0x8200_0010, 0x8200_0001, 0xc200_0010,
  0x8600_0000, 0x8700_ff01, 0xbf00_ff02,
];

const fid = fc.oneof(
  fc.constantFrom(...KNOWN).map((v) => BigInt(v)),
  fc
    .record({
      fast: fc.boolean(),
      smc64: fc.boolean(),
      oen: fc.oneof(fc.constantFrom(0, 1, 2, 3, 4, 5, 6, 7, 48, 50, 62, 63), fc.nat({ max: 63 })),
      reserved: fc.oneof(fc.constant(0), fc.nat({ max: 127 })),
      sve: fc.boolean(),
      number: fc.oneof(
        fc.nat({ max: 0x20 }),
        fc.constantFrom(0xff00, 0xff01, 0xff03, 0xffff),
        fc.nat({ max: 0xffff }),
      ),
      high: fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 0xffff_ffffn })),
    })
    .map(
      (f) =>
        (f.high << 32n) |
        BigInt(
          ((f.fast ? 0x8000_0000 : 0) |
            (f.smc64 ? 0x4000_0000 : 0) |
            (f.oen << 24) |
            (f.reserved << 17) |
            (f.sve ? 0x1_0000 : 0) |
            f.number) >>>
            0,
        ),
    ),
);
const regValue = fc.oneof(
  fc.constantFrom(0n, 1n, 2n, 0xffff_ffffn, 0xffff_ffff_ffff_ffffn, 0x4000_0000n, 0x10f000n),
  fc.bigInt({ min: 0n, max: 0xffff_ffff_ffff_ffffn }),
);
const call: fc.Arbitrary<Call> = fc.record({
  conduit: fc.constantFrom('smc' as const, 'smc' as const, 'hvc' as const),
  aarch32: fc.boolean(),
  cpu: fc.oneof(fc.constant(0), fc.nat({ max: 7 })),
  regs: fc.tuple(fid, fc.array(regValue, { minLength: 0, maxLength: 7 })).map(([f, rest]) => [f, ...rest]),
});

const session = new PlatformSession();

export default defineTarget<Input>({
  name: 'smc',
  // An input that powers the platform off reboots it (a few hundred ms of CPU), which a loaded
  // 2-core machine stretched past the default 2 s: slow, not hung.
  budgetMs: 5000,
  ext: 'json',
  arbitrary: fc.record({
    platform: fc.constantFrom(...PLATFORMS),
    calls: fc.array(call, { minLength: 1, maxLength: 12 }),
  }),
  seeds: () =>
    PLATFORMS.map((platform) => ({
      platform,
      calls: KNOWN.map((f) => ({ conduit: 'smc' as const, aarch32: false, cpu: 0, regs: [BigInt(f)] })),
    })),
  mutate(input, rng) {
    const calls = input.calls.map((c) => ({ ...c, regs: [...c.regs] }));
    for (let k = 1 + rng.below(3); k > 0; k--) {
      const c = calls.length > 0 ? rng.pick(calls) : undefined;
      if (!c) break;
      const i = rng.below(8);
      switch (rng.below(4)) {
        case 0:
          c.regs[i] = (c.regs[i] ?? 0n) ^ (1n << BigInt(rng.below(64)));
          break;
        case 1:
          c.regs[i] = interesting64(rng);
          break;
        case 2:
          c.aarch32 = !c.aarch32;
          break;
        default:
          calls.push({ ...c, regs: [...c.regs] });
      }
      for (let j = 0; j < c.regs.length; j++) c.regs[j] ??= 0n;
    }
    return { platform: rng.chance(0.1) ? rng.pick(PLATFORMS) : input.platform, calls: calls.slice(0, 32) };
  },
  encode: encodeJson,
  decode: (b) => decodeJson<Input>(b),
  reset: () => session.reset(),
  warmUp: () => {
    for (const name of PLATFORMS) board(name);
  },
  run(input) {
    const p = session.get(input.platform);
    for (const c of input.calls) {
      const regs = c.regs.map((r) => BigInt.asUintN(64, r));
      const w0 = Number((regs[0] ?? 0n) & 0xffff_ffffn);
      const fast = w0 >= 0x8000_0000;
      const owner = p.monitor.owner(fast ? 'fast' : 'yield', (w0 >>> 24) & 0x3f);
      const unknown = !owner || (fast && (w0 & 0x00fe_0000) !== 0) || ((w0 & 0x4000_0000) !== 0 && c.aarch32);
      const cpu = Math.min(c.cpu, p.cluster.cpus.length - 1);
      const r =
        c.conduit === 'smc' && (c.aarch32 || cpu !== 0)
          ? p.monitor.call({ conduit: 'smc', regs, cpu, secure: false }, { aarch32: c.aarch32 })
          : p.conduits[c.conduit].invoke(regs, cpu);
      if (r.noReturn !== undefined) {
        expectThat(r.regs.length === 0, 'a call that did not return has registers');
        if (r.noReturn === 'undefined-instruction') continue;
        session.drop(input.platform); // powered off or reset: as real hardware, nothing more to ask
        return;
      }
      expectThat(r.regs.length >= 4, () => `only ${r.regs.length} result registers`);
      for (const v of r.regs) expectThat(v >= 0n && v <= SMC_UNK, () => `result register out of range: ${v}`);
      const viaMonitor = c.conduit === 'smc';
      if (viaMonitor && c.aarch32)
        for (const v of r.regs) expectThat(v <= 0xffff_ffffn, () => `AArch32 caller got 0x${v.toString(16)}`);
      if (viaMonitor && unknown) {
        const unk = c.aarch32 ? 0xffff_ffffn : SMC_UNK;
        expectThat(
          r.regs[0] === unk,
          () => `unowned/reserved id 0x${w0.toString(16)} answered 0x${r.regs[0]!.toString(16)}`,
        );
        for (let i = 1; i <= 3; i++) {
          const want = c.aarch32 ? (regs[i] ?? 0n) & 0xffff_ffffn : (regs[i] ?? 0n);
          expectThat(
            r.regs[i] === want,
            () => `x${i} not preserved for an unknown call 0x${w0.toString(16)}`,
          );
        }
      }
    }
    settle(p);
    drainOptee(p);
    checkMonitorAlive(p);
  },
});
