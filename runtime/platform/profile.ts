/**
 * The firmware profile: the secure world's build configuration, which the normal-world DT does not
 * carry (SMCCC version, what runs at EL2, OP-TEE's CFG_* switches, the SCMI server's agents,
 * channels and resources, the SiP ids TF-A serves). Written in YAML by users, validated with zod,
 * normalised to JSON-safe values (addresses as hex strings) so it can be stored in `platform.json`.
 */
import { z } from 'zod';
import type { OpteeConfig } from '../optee/config.js';
import type { ScmiServerConfig } from '../scmi/config.js';

/** An integer written as a YAML/JSON number, a bigint (YAML `intAsBigInt`) or a decimal/hex string. */
const intLike = z.union([
  z.bigint(),
  z.number().int(),
  z.string().regex(/^(0x[0-9a-fA-F]+|[0-9]+)$/, 'an integer such as 42 or 0x2a'),
]);
const u32 = intLike
  .transform((v) => BigInt(v))
  .refine((v) => v >= 0n && v <= 0xffff_ffffn, 'a 32-bit unsigned value')
  .transform((v) => Number(v));
const addr = intLike
  .transform((v) => BigInt(v))
  .refine((v) => v >= 0n && v < 1n << 64n, 'a 64-bit address')
  .transform((v) => `0x${v.toString(16)}`);
const version = z
  .union([z.string(), z.number()])
  .transform((v) => String(v))
  .refine((v) => /^\d+\.\d+$/.test(v), 'a version such as "1.2"');

const region = z.strictObject({ base: addr, size: u32 });

const clockRates = z.union([z.array(u32).min(1), z.strictObject({ min: u32, max: u32, step: u32 })]);

export const profileSchema = z.strictObject({
  smccc: z.strictObject({
    /** SMCCC_VERSION answered by EL3 ("1.0" = the call is absent). */
    version,
  }),
  psci: z.strictObject({
    /** PSCI_VERSION's answer (TF-A: 1.1). */
    version,
  }),
  el2: z.strictObject({
    /** A hypervisor runs at EL2 and answers HVC (PSCI itself; other calls forwarded to EL3). */
    hypervisor: z.boolean(),
  }),
  optee: z.strictObject({
    /** OP-TEE is loaded (the opteed SPD owns OENs 50–63). */
    enabled: z.boolean(),
    /** CFG_OPTEE_REVISION_MAJOR.MINOR. */
    revision: version,
    /** CFG_NUM_THREADS. */
    threads: u32.refine((n) => n >= 1 && n <= 64, 'between 1 and 64'),
    capabilities: z.strictObject({
      dynamicShm: z.boolean(),
      memrefNull: z.boolean(),
      rpcArg: z.boolean(),
      rpmbProbe: z.boolean(),
    }),
    /** Static shared memory reported by GET_SHM_CONFIG (CFG_SHMEM_START/SIZE), or null. */
    reservedShm: region.nullable(),
    asyncNotif: z.strictObject({
      /** CFG_CORE_ASYNC_NOTIF. */
      enabled: z.boolean(),
      /** CFG_CORE_ASYNC_NOTIF_GIC_INTID (0 = none). */
      intid: u32,
    }),
  }),
  sip: z.strictObject({
    /** SiP (and other vendor) function ids TF-A serves, e.g. its SCMI doorbells. */
    functionIds: z.array(u32),
  }),
  scmi: z.strictObject({
    /** Where the SCMI server runs: TF-A (SiP SMC), OP-TEE (PTA), an SCP behind a mailbox, or none. */
    server: z.enum(['none', 'tf-a', 'optee', 'scp']),
    vendor: z.string().max(15),
    agents: z.array(z.strictObject({ id: u32, name: z.string() })),
    channels: z.array(
      z.strictObject({
        id: u32,
        agent: u32,
        shmem: region.nullable(),
        smcId: u32.nullable(),
        mailbox: z
          .strictObject({
            controller: z.string(),
            channel: u32,
            doorbell: u32.nullable(),
            reply: z.strictObject({ channel: u32, doorbell: u32.nullable() }).nullable(),
          })
          .nullable(),
        completionIntid: u32.nullable(),
      }),
    ),
    clocks: z.array(
      z.strictObject({ name: z.string(), rates: clockRates, rate: u32.nullable(), enabled: z.boolean() }),
    ),
    resets: z.array(z.strictObject({ name: z.string() })),
    powerDomains: z.array(z.strictObject({ name: z.string(), on: z.boolean() })),
    perfDomains: z.array(
      z.strictObject({
        name: z.string(),
        levels: z.array(z.strictObject({ perf: u32, power: u32, latencyUs: u32 })).min(1),
      }),
    ),
    sensors: z.array(z.strictObject({ name: z.string(), value: z.number().int(), unit: u32 })),
    voltageDomains: z.array(
      z.strictObject({ name: z.string(), levels: z.array(u32).min(1), on: z.boolean() }),
    ),
  }),
});

export type FirmwareProfile = z.output<typeof profileSchema>;
export type ProfileChannel = FirmwareProfile['scmi']['channels'][number];

/** Plain YAML/JSON value (what a profile file parses to before validation). */
export type Plain = null | boolean | number | bigint | string | Plain[] | { [key: string]: Plain };

function isObject(v: unknown): v is Record<string, Plain> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A user's profile over the derived one: objects merge key by key, anything else (arrays included)
 * replaces. So `optee: { asyncNotif: { intid: 48 } }` changes one setting and keeps the rest.
 */
export function overlayProfile(base: Plain, user: Plain): Plain {
  if (!isObject(base) || !isObject(user)) return user;
  const out: Record<string, Plain> = { ...base };
  for (const [k, v] of Object.entries(user)) out[k] = k in base ? overlayProfile(base[k]!, v) : v;
  return out;
}

export interface ProfileIssue {
  /** Dotted key path (`optee.asyncNotif.intid`). */
  key: string;
  message: string;
}

export function parseProfile(value: unknown): { profile?: FirmwareProfile; issues: ProfileIssue[] } {
  const r = profileSchema.safeParse(value);
  if (r.success) return { profile: r.data, issues: [] };
  return {
    issues: r.error.issues.map((i) => ({ key: i.path.map(String).join('.'), message: i.message })),
  };
}

/** The profile's OP-TEE part as the OP-TEE model's configuration. */
export function opteeConfigOf(p: FirmwareProfile): OpteeConfig {
  const [major, minor] = p.optee.revision.split('.').map(Number);
  const shm = p.optee.reservedShm;
  return {
    revision: { major: major ?? 0, minor: minor ?? 0, buildId: 0 },
    threads: p.optee.threads,
    capabilities: {
      memrefNull: p.optee.capabilities.memrefNull,
      rpcArg: p.optee.capabilities.rpcArg,
      rpmbProbe: p.optee.capabilities.rpmbProbe,
    },
    asyncNotif: { enabled: p.optee.asyncNotif.enabled, intid: p.optee.asyncNotif.intid },
    shm: {
      dynamic: p.optee.capabilities.dynamicShm,
      ...(shm ? { reserved: { base: BigInt(shm.base), size: shm.size } } : {}),
    },
    notifStaleNs: 10_000_000,
  };
}

/** The profile's SCMI part as the SCMI server's configuration. */
export function scmiConfigOf(p: FirmwareProfile): ScmiServerConfig {
  const s = p.scmi;
  return {
    vendor: s.vendor,
    agents: s.agents,
    channels: s.channels.map((c) => ({
      id: c.id,
      agent: c.agent,
      ...(c.shmem ? { shmem: { base: BigInt(c.shmem.base), size: c.shmem.size } } : {}),
      ...(c.smcId !== null ? { smcId: c.smcId } : {}),
      ...(c.mailbox
        ? {
            mailbox: {
              controller: c.mailbox.controller,
              channel: c.mailbox.channel,
              ...(c.mailbox.doorbell !== null ? { doorbell: c.mailbox.doorbell } : {}),
              ...(c.mailbox.reply
                ? {
                    reply: {
                      channel: c.mailbox.reply.channel,
                      ...(c.mailbox.reply.doorbell !== null ? { doorbell: c.mailbox.reply.doorbell } : {}),
                    },
                  }
                : {}),
            },
          }
        : {}),
      ...(c.completionIntid !== null ? { completionIntid: c.completionIntid } : {}),
    })),
    clocks: s.clocks.map((c) => ({
      name: c.name,
      rates: Array.isArray(c.rates) ? { kind: 'list', rates: c.rates } : { kind: 'range', ...c.rates },
      ...(c.rate !== null ? { rate: c.rate } : {}),
      enabled: c.enabled,
    })),
    resets: s.resets,
    powerDomains: s.powerDomains,
    perfDomains: s.perfDomains,
    sensors: s.sensors,
    voltageDomains: s.voltageDomains,
    // scmi-msg (TF-A, OP-TEE) does not implement BASE_DISCOVER_AGENT; SCP-firmware does.
    discoverAgent: s.server === 'scp',
  };
}

/** SMCCC_VERSION's answer: (major << 16) | minor. */
export function smcccVersionWord(p: FirmwareProfile): number {
  const [major, minor] = p.smccc.version.split('.').map(Number);
  return ((major ?? 1) << 16) | (minor ?? 0);
}
