/**
 * The simulation config `dtpc build` writes and `dtpc run` reads: the platform description, the
 * effective firmware profile, and the tree the normal world boots with (as a DTB, the way firmware
 * hands it to Linux). Keys are written sorted, so the same inputs give the same bytes; nothing in it
 * names an absolute path or a time.
 */
import { z } from 'zod';
import type { DeviceTree } from '../../compiler/tree/tree.js';
import { type PlatformDescription, platformDescriptionSchema } from './description.js';
import { type FirmwareProfile, profileSchema } from './profile.js';

export const CONFIG_FORMAT = 'dtpc-platform/1';

export const platformConfigSchema = z.strictObject({
  format: z.literal(CONFIG_FORMAT),
  /** Base name of the board source (informational). */
  board: z.string(),
  /** `derived`, or the base name of the user's profile file overlaid on the derived one. */
  profileSource: z.string(),
  description: platformDescriptionSchema,
  profile: profileSchema,
  devicetree: z.strictObject({ dtb: z.string().regex(/^[A-Za-z0-9+/=]*$/) }),
});

export type PlatformConfig = z.output<typeof platformConfigSchema>;

/** JSON with object keys sorted at every level (arrays keep their order). */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeys((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

export function makeConfig(
  board: string,
  profileSource: string,
  description: PlatformDescription,
  profile: FirmwareProfile,
  dtb: Uint8Array,
): PlatformConfig {
  return {
    format: CONFIG_FORMAT,
    board,
    profileSource,
    description,
    profile,
    devicetree: { dtb: Buffer.from(dtb).toString('base64') },
  };
}

export function parseConfig(text: string): {
  config?: PlatformConfig;
  issues: { key: string; message: string }[];
} {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { issues: [{ key: '', message: `not JSON: ${(error as Error).message}` }] };
  }
  const r = platformConfigSchema.safeParse(json);
  if (r.success) return { config: r.data, issues: [] };
  return { issues: r.error.issues.map((i) => ({ key: i.path.map(String).join('.'), message: i.message })) };
}

export function dtbOf(config: PlatformConfig): Uint8Array {
  return new Uint8Array(Buffer.from(config.devicetree.dtb, 'base64'));
}

export type { DeviceTree };
