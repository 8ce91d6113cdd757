/**
 * YAML documents (firmware profiles, scenarios) for the runtime readers: a document is kept with the
 * bundled platform it applies to, stored as YAML whose first line names that platform. Mutations
 * work on the text (YAML damage) and on the parsed value (a key set to a hostile value).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { mutateText } from './mutate.js';
import type { Rng } from './rng.js';
import { PLATFORMS, platformNames } from './seeds.js';

export interface YamlInput {
  platform: string;
  text: string;
}

const HEADER = '# fuzz-platform: ';

export function encodeYamlInput(i: YamlInput): Uint8Array {
  return new Uint8Array(Buffer.from(`${HEADER}${i.platform}\n${i.text}`, 'latin1'));
}

export function decodeYamlInput(b: Uint8Array): YamlInput {
  const text = Buffer.from(b).toString('latin1');
  const nl = text.indexOf('\n');
  const first = nl < 0 ? text : text.slice(0, nl);
  const platform = first.startsWith(HEADER) ? first.slice(HEADER.length) : (platformNames()[0] ?? '');
  return { platform, text: first.startsWith(HEADER) ? text.slice(nl + 1) : text };
}

/** The bundled platforms' own files of one kind (`firmware.yaml`, `scenario.yaml`). */
export function yamlSeeds(file: string): YamlInput[] {
  return platformNames().flatMap((platform) => {
    const p = path.join(PLATFORMS, platform, file);
    return fs.existsSync(p) ? [{ platform, text: fs.readFileSync(p, 'latin1') }] : [];
  });
}

const YAML_DICTIONARY = [
  ': ',
  '- ',
  '{',
  '}',
  '[',
  ']',
  ',',
  '"',
  "'",
  '\n',
  '  ',
  '&a ',
  '*a',
  '<<: *a',
  '!!binary ',
  '!!str ',
  '|\n',
  '>\n',
  '~',
  'null',
  'true',
  '0x',
  '-1',
  '1e309',
  '.nan',
  '18446744073709551616',
  '9007199254740993',
  '#',
  '%YAML 1.2\n',
  '---\n',
  '...\n',
  '? ',
  '\t',
  '1ms',
  '0us',
  '10000000',
  'at: ',
  'wait: ',
  'repeat: { count: 1000, every: 0 }',
];

/** A hostile value for a key. */
const hostile = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    0,
    -1,
    1,
    2 ** 31,
    2 ** 32,
    2 ** 53,
    -(2 ** 63),
    1.5,
    Number.NaN,
    '',
    'x',
    '1.99',
    '0x10',
    [],
    {},
  ),
  fc.integer(),
  fc.string({ maxLength: 12 }),
  fc.array(fc.integer({ min: -1, max: 0x1_0000_0000 }), { maxLength: 5 }),
);

/** Sets `value` at a random place of a parsed document (a new key, an array element, a replacement). */
function setSomewhere(doc: unknown, rng: Rng, value: unknown): unknown {
  if (typeof doc !== 'object' || doc === null || rng.chance(0.15)) return value;
  if (Array.isArray(doc)) {
    const copy = [...doc];
    const i = rng.below(copy.length + 1);
    copy[i] = setSomewhere(copy[i], rng, value);
    return copy;
  }
  const o = { ...(doc as Record<string, unknown>) };
  const keys = Object.keys(o);
  const key = keys.length > 0 && rng.chance(0.9) ? rng.pick(keys) : rng.pick(['extra', 'id', 'base', 'size']);
  o[key] = setSomewhere(o[key], rng, value);
  return o;
}

export function mutateYaml(input: YamlInput, rng: Rng, seeds: readonly YamlInput[]): YamlInput {
  if (rng.chance(0.5)) {
    try {
      const doc: unknown = parse(input.text, { intAsBigInt: false });
      const [value] = fc.sample(hostile, { seed: rng.u32() | 0, numRuns: 1 });
      const donor = seeds.length > 0 ? rng.pick(seeds) : input;
      const moved = rng.chance(0.2)
        ? setSomewhere(doc, rng, parse(donor.text))
        : setSomewhere(doc, rng, value);
      return { platform: input.platform, text: stringify(moved) };
    } catch {
      // not YAML any more: damage the text instead
    }
  }
  const text = mutateText(
    input.text,
    rng,
    seeds.map((s) => s.text),
    { dictionary: YAML_DICTIONARY, maxLength: 64 * 1024 },
  );
  return { platform: rng.chance(0.05) ? rng.pick(platformNames()) : input.platform, text };
}

/** Documents assembled from fragments of the seeds: keys of one platform's file on another board. */
export function yamlArbitrary(seeds: () => YamlInput[]): fc.Arbitrary<YamlInput> {
  return fc.tuple(fc.nat(), fc.nat(), fc.nat()).map(([a, b, c]) => {
    const all = seeds();
    const base = all[a % all.length]!;
    const other = all[b % all.length]!;
    const lines = other.text.split('\n');
    const cut = c % (lines.length + 1);
    return { platform: base.platform, text: `${base.text}\n${lines.slice(cut).join('\n')}` };
  });
}
