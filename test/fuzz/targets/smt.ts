/**
 * SMT shared-memory channels of the booted bundled platforms, rung the way each platform rings
 * them: the SiP SMC doorbell (through the EL3 monitor, or HVC through the hypervisor), the MHU
 * interrupt entry, OP-TEE's threaded entry. The agent side is hostile: any status, flags, length
 * and header words, payloads of any size, wrong `-param` a1/a2. Oracle (scmi-msg `smt.c`, Linux
 * `shmem.c`): a refused ring leaves the area alone; a served one sets FREE, sets ERROR (and nothing
 * else) for a request that was not pending or too long, and otherwise echoes the header and writes
 * a spec status and a length that fits the area; afterwards a valid BASE PROTOCOL_VERSION is served.
 */
import fc from 'fast-check';
import type { Platform } from '../../../runtime/platform/assemble.js';
import { SERVER_MAX_PAYLOAD } from '../../../runtime/scmi/constants.js';
import { commandHeader } from '../../../runtime/scmi/header.js';
import { u32At } from '../../../runtime/scmi/payload.js';
import { SMT, SMT_STATUS } from '../../../runtime/scmi/smt.js';
import { decodeJson, encodeJson } from '../support/json.js';
import { interesting32, mutateBytes } from '../support/mutate.js';
import { board, checkMonitorAlive, PlatformSession, settle } from '../support/platform.js';
import { SCMI_STATUSES, scmiRequest } from '../support/scmi-inputs.js';
import { platformNames } from '../support/seeds.js';
import { defineTarget, expectThat } from '../support/target.js';

interface Ring {
  channel: number;
  status: number;
  flags: number;
  length: number;
  header: number;
  payload: Uint8Array;
  /** SMC doorbells: a1/a2 (`arm,scmi-smc-param`: page and offset of the area), usually 0. */
  a1: bigint;
  a2: bigint;
}

interface Input {
  platform: string;
  rings: Ring[];
}

const PLATFORMS = platformNames().filter((n) =>
  board(n).prepared.profile!.scmi.channels.some((c) => c.shmem),
);

const ring: fc.Arbitrary<Ring> = fc
  .record({
    channel: fc.nat({ max: 3 }),
    status: fc.oneof(fc.constant(0), fc.constantFrom(1, 2, 3, 0xffff_fffc), fc.nat()),
    flags: fc.oneof(fc.constantFrom(0, 1), fc.nat()),
    lengthDelta: fc.oneof(
      fc.constant(0),
      fc.integer({ min: -8, max: 8 }),
      fc.constantFrom(-0x8000_0000, 0x7fff_0000),
    ),
    req: scmiRequest,
    param: fc.oneof(
      fc.constant('zero' as const),
      fc.constant('area' as const),
      fc.constant('random' as const),
    ),
    a1: fc.bigInt({ min: 0n, max: 0xffff_ffffn }),
    a2: fc.bigInt({ min: 0n, max: 0xffff_ffffn }),
  })
  .map((r) => ({
    channel: r.channel,
    status: r.status >>> 0,
    flags: r.flags >>> 0,
    length: (4 + r.req.payload.length + r.lengthDelta) >>> 0,
    header: r.req.header,
    payload: r.req.payload,
    a1: r.param === 'random' ? r.a1 : r.param === 'area' ? -1n : 0n,
    a2: r.param === 'random' ? r.a2 : 0n,
  }));

const session = new PlatformSession();

interface Area {
  id: number;
  base: bigint;
  size: number;
  smcId: number | null;
}

const areasOf = (p: Platform): Area[] =>
  p.profile.scmi.channels.flatMap((c) =>
    c.shmem ? [{ id: c.id, base: BigInt(c.shmem.base), size: c.shmem.size, smcId: c.smcId }] : [],
  );

/** Writes the agent's side of the area. */
function fill(p: Platform, area: Area, r: Ring): Uint8Array {
  const image = new Uint8Array(area.size);
  const view = new DataView(image.buffer);
  view.setUint32(SMT.STATUS, r.status, true);
  view.setUint32(SMT.FLAGS, r.flags, true);
  view.setUint32(SMT.LENGTH, r.length, true);
  view.setUint32(SMT.HEADER, r.header, true);
  image.set(r.payload.subarray(0, Math.max(0, area.size - SMT.PAYLOAD)), SMT.PAYLOAD);
  expectThat(
    p.memory.write(area.base, image, false) === undefined,
    'the SMT area is not writable by the agent',
  );
  return image;
}

/** Rings the channel; false when the doorbell was refused before reaching the server. */
function doorbell(p: Platform, area: Area, r: Ring): boolean {
  const fw = p.scmiFirmware!;
  if (area.smcId !== null) {
    const a1 = r.a1 === -1n ? area.base >> 12n : r.a1;
    const a2 = r.a1 === -1n ? area.base & 0xfffn : r.a2;
    const regs = [BigInt(area.smcId), a1, a2];
    const res = p.hypervisor ? p.conduits.hvc.invoke(regs) : p.conduits.smc.invoke(regs);
    settle(p);
    return res.noReturn === undefined && res.regs[0] === 0n;
  }
  const outcome = fw.smtEntry(area.id, p.profile.scmi.server === 'optee' ? 'threaded' : 'interrupt');
  settle(p);
  return outcome !== undefined && outcome.kind !== 'fault';
}

function check(p: Platform, area: Area, r: Ring, before: Uint8Array, served: boolean): void {
  const after = p.memory.read(area.base, area.size, false);
  expectThat(after instanceof Uint8Array, 'the SMT area is no longer readable');
  if (!served) {
    expectThat(Buffer.from(after).equals(Buffer.from(before)), 'a refused doorbell changed the area');
    return;
  }
  const status = u32At(after, SMT.STATUS);
  expectThat(
    (status & SMT_STATUS.FREE) !== 0,
    () => `served, but status 0x${status.toString(16)} is not FREE`,
  );
  const payloadSize = (r.length - 4) >>> 0;
  const rejected =
    (r.status & (SMT_STATUS.FREE | SMT_STATUS.ERROR)) !== 0 ||
    payloadSize > SERVER_MAX_PAYLOAD ||
    SMT.PAYLOAD + payloadSize > area.size;
  if (rejected) {
    expectThat(status === (r.status | 3) >>> 0, () => `rejected request: status 0x${status.toString(16)}`);
    expectThat(
      Buffer.from(after.subarray(SMT.FLAGS)).equals(Buffer.from(before.subarray(SMT.FLAGS))),
      'a rejected request changed the area beyond the status word',
    );
    return;
  }
  expectThat(
    status === (r.status | SMT_STATUS.FREE) >>> 0,
    () => `answered: status 0x${status.toString(16)}`,
  );
  expectThat(u32At(after, SMT.HEADER) === r.header, 'the header was not echoed');
  expectThat(u32At(after, SMT.FLAGS) === r.flags, 'the flags word changed');
  const length = u32At(after, SMT.LENGTH);
  expectThat(
    length >= 8 && SMT.HEADER + length <= area.size,
    () => `response length ${length} in a ${area.size}-byte area`,
  );
  const scmiStatus = u32At(after, SMT.PAYLOAD) | 0;
  expectThat(SCMI_STATUSES.has(scmiStatus), () => `response status ${scmiStatus}`);
}

export default defineTarget<Input>({
  name: 'smt',
  ext: 'json',
  arbitrary: fc.record({
    platform: fc.constantFrom(...PLATFORMS),
    rings: fc.array(ring, { minLength: 1, maxLength: 8 }),
  }),
  seeds: () =>
    PLATFORMS.map((platform) => ({
      platform,
      rings: [0x10, 0x11, 0x13, 0x14, 0x16].map((proto) => ({
        channel: 0,
        status: 0,
        flags: 0,
        length: 4,
        header: commandHeader(proto, 1),
        payload: new Uint8Array(0),
        a1: 0n,
        a2: 0n,
      })),
    })),
  mutate(input, rng) {
    const rings = input.rings.map((r) => ({ ...r }));
    const r = rings.length > 0 ? rng.pick(rings) : undefined;
    if (r)
      switch (rng.below(5)) {
        case 0:
          r.status = interesting32(rng);
          break;
        case 1:
          r.length = rng.chance(0.5) ? interesting32(rng) : (r.length + rng.below(9) - 4) >>> 0;
          break;
        case 2:
          r.header = (r.header ^ (1 << rng.below(32))) >>> 0;
          break;
        case 3:
          r.payload = mutateBytes(r.payload, rng, [], 200);
          break;
        default:
          rings.push({ ...r, status: 0 });
      }
    return { platform: input.platform, rings: rings.slice(0, 16) };
  },
  encode: encodeJson,
  decode: (b) => decodeJson<Input>(b),
  reset: () => session.reset(),
  run(input) {
    const p = session.get(input.platform);
    const areas = areasOf(p);
    for (const r of input.rings) {
      const area = areas[r.channel % areas.length]!;
      const before = fill(p, area, r);
      const served = doorbell(p, area, r);
      check(p, area, r, before, served);
    }
    for (const area of areas) {
      const valid: Ring = {
        channel: 0,
        status: 0,
        flags: 0,
        length: 4,
        header: commandHeader(0x10, 0, 7),
        payload: new Uint8Array(0),
        a1: 0n,
        a2: 0n,
      };
      const before = fill(p, area, valid);
      expectThat(doorbell(p, area, valid), () => `channel ${area.id}: a valid request is no longer served`);
      check(p, area, valid, before, true);
      const after = p.memory.read(area.base + BigInt(SMT.PAYLOAD), 4, false);
      expectThat(
        after instanceof Uint8Array && u32At(after, 0) === 0,
        () => `channel ${area.id}: BASE PROTOCOL_VERSION failed`,
      );
    }
    checkMonitorAlive(p);
  },
});
