/**
 * The firmware profile: what a board's EL3 (and optional EL2) firmware implements, which the DT does
 * not say — SMCCC and PSCI versions, the SiP/OEM ids TF-A serves, whether a hypervisor sits at EL2.
 * Bundled platforms ship one next to their DTS. Parsed with zod; bad input gives issues (path +
 * message), never a throw. Function ids may be numbers or `0x…` strings.
 */
import { z } from 'zod';

const u32 = z.number().int().min(0).max(0xffff_ffff);
const fid = z.union([
  u32,
  z
    .string()
    .regex(/^0x[0-9a-fA-F]{1,8}$/, 'a function id is a number or a 0x-prefixed hex string of up to 8 digits')
    .transform((s) => Number.parseInt(s.slice(2), 16)),
]);
const version = z.strictObject({
  major: z.number().int().min(0).max(0x7fff),
  minor: z.number().int().min(0).max(0xffff),
});
const vendor = z.strictObject({
  calls: z.array(z.strictObject({ fid, name: z.string().optional() })),
  uid: z.tuple([u32, u32, u32, u32]).optional(),
  revision: version.optional(),
});
const oenRange = z.strictObject({
  oenStart: z.number().int().min(0).max(63),
  oenEnd: z.number().int().min(0).max(63),
  callTypes: z.array(z.enum(['fast', 'yield'])).optional(),
});

export const firmwareProfileSchema = z.strictObject({
  smccc: z
    .strictObject({
      version: version.default({ major: 1, minor: 2 }),
      socId: z.strictObject({ version: u32, revision: u32 }).optional(),
      /** Extra Arm-architecture ids (workarounds) and what SMCCC_ARCH_FEATURES answers for them. */
      features: z.array(z.strictObject({ fid, answer: z.number().int() })).default([]),
    })
    .prefault({}),
  psci: z
    .union([
      z.literal(false),
      z.strictObject({
        version: version.default({ major: 1, minor: 1 }),
        /** Virtual ns between CPU_ON and the CPU entering the normal world. */
        onDelayNs: z.number().int().min(0).default(10_000),
      }),
    ])
    .prefault({}),
  sip: vendor.optional(),
  oem: vendor.optional(),
  el2: z
    .strictObject({
      forward: z.union([z.literal('all'), z.literal('none'), z.array(oenRange)]).default('all'),
      clientId: u32.optional(),
      trapsSmc: z.boolean().default(false),
    })
    .optional(),
});

export type FirmwareProfileInput = z.input<typeof firmwareProfileSchema>;
export type FirmwareProfile = z.output<typeof firmwareProfileSchema>;

export interface ProfileIssue {
  path: string;
  message: string;
}

export function parseFirmwareProfile(input: unknown): { profile?: FirmwareProfile; issues: ProfileIssue[] } {
  const r = firmwareProfileSchema.safeParse(input ?? {});
  if (r.success) return { profile: r.data, issues: [] };
  return {
    issues: r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
  };
}
