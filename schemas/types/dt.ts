import { z } from 'zod';
import type { Node, Property } from '../../compiler/tree/tree.js';
import { decodeInterrupts } from './interrupt-parent.js';
import {
  decodePhandle,
  decodePhandleArray,
  type PhandleArrayOptions,
  type PhandleIndex,
} from './phandles.js';
import { decodeReg } from './reg.js';
import type { Decoded } from './result.js';
import {
  decodeCells,
  decodeFlag,
  decodeMatrix,
  decodeString,
  decodeStringList,
  decodeU32,
  decodeU64,
} from './values.js';

/**
 * The DT value types, defined once. Each `t.*` helper returns a zod schema tagged with the DT type
 * the property's bytes must be decoded as; bindings refine it with ordinary zod (`.max(1)`,
 * `z.enum([...])`). The validator reads the tag to decode a property, then lets zod check the value:
 *
 *   method: t.string(z.enum(['smc', 'hvc'])),
 *   interrupts: t.interrupts().max(1).optional(),
 *   mboxes: t.phandleArray('#mbox-cells').min(1).max(4),
 *
 * Decoded values (what zod sees): flag → `true`; u32 → number; u64 → bigint; cells → number[];
 * matrix → number[][]; string → string; stringList → string[]; phandle → {phandle, node};
 * phandleArray → {provider, phandle, args}[]; reg → {address, size?}[]; interrupts → number[][]
 * (specifiers split by the interrupt parent's #interrupt-cells, as dt-validate sees them).
 */
export type DtType =
  | { kind: 'flag' }
  | { kind: 'u32' }
  | { kind: 'u64' }
  | { kind: 'cells' }
  | { kind: 'matrix'; width: number }
  | { kind: 'string' }
  | { kind: 'string-list' }
  | { kind: 'phandle' }
  | { kind: 'phandle-array'; cellsName: string | null; options: PhandleArrayOptions }
  | { kind: 'reg' }
  | { kind: 'interrupts' }
  | { kind: 'any' };

const dtTypes = z.registry<DtType>();

function tag<S extends z.ZodType>(schema: S, type: DtType): S {
  dtTypes.add(schema, type);
  return schema;
}

const u32Value = () => z.number().int().min(0).max(0xffffffff);

const phandleEntry = z.looseObject({
  provider: z.unknown(),
  phandle: z.number(),
  args: z.array(z.number()),
});

export const t = {
  flag: () => tag(z.literal(true), { kind: 'flag' }),
  u32: <S extends z.ZodType<number> = z.ZodNumber>(schema?: S): S =>
    tag((schema ?? u32Value()) as S, { kind: 'u32' }),
  u64: <S extends z.ZodType<bigint> = z.ZodBigInt>(schema?: S): S =>
    tag((schema ?? z.bigint().min(0n)) as S, { kind: 'u64' }),
  cells: <S extends z.ZodType<number> = z.ZodNumber>(item?: S) =>
    tag(z.array(item ?? u32Value()), { kind: 'cells' }),
  /** A `uint32-matrix` read in rows of `width` cells. */
  matrix: <S extends z.ZodType<number[]> = z.ZodArray<z.ZodNumber>>(width: number, row?: S) =>
    tag(z.array(row ?? z.array(z.number())), { kind: 'matrix', width }),
  string: <S extends z.ZodType<string> = z.ZodString>(schema?: S): S =>
    tag((schema ?? z.string()) as S, { kind: 'string' }),
  stringList: <S extends z.ZodType<string[]> = z.ZodArray<z.ZodString>>(schema?: S): S =>
    tag((schema ?? z.array(z.string())) as S, { kind: 'string-list' }),
  phandle: () => tag(z.looseObject({ phandle: z.number(), node: z.unknown() }), { kind: 'phandle' }),
  /** Entries of a phandle and the provider's `cellsName` cells; null for bare phandles (`shmem`). */
  phandleArray: <E extends z.ZodType = typeof phandleEntry>(
    cellsName: string | null,
    entry?: E,
    options: PhandleArrayOptions = {},
  ) => tag(z.array(entry ?? phandleEntry), { kind: 'phandle-array', cellsName, options }),
  /** `reg` in the parent's address space. */
  reg: <E extends z.ZodType = z.ZodObject>(entry?: E) =>
    tag(z.array(entry ?? z.looseObject({ address: z.bigint(), size: z.bigint().optional() })), {
      kind: 'reg',
    }),
  /** `interrupts`, split per the effective interrupt parent's `#interrupt-cells`. */
  interrupts: () => tag(z.array(z.array(z.number())), { kind: 'interrupts' }),
  /** Any value: presence is what matters (raw Data is passed to zod). */
  any: () => tag(z.unknown(), { kind: 'any' }),
};

/** A phandle-array entry schema whose entries must carry exactly `n` argument cells. */
export function phandleEntryWithArgs(n: number) {
  return z.looseObject({ provider: z.unknown(), phandle: z.number(), args: z.array(z.number()).length(n) });
}

/** The DT type a (possibly optional/defaulted) field schema was tagged with. */
export function dtTypeOf(schema: z.ZodType): DtType | undefined {
  let s: z.ZodType | undefined = schema;
  for (let depth = 0; s && depth < 8; depth++) {
    const found = dtTypes.get(s);
    if (found) return found;
    const def = s.def as { type: string; innerType?: z.ZodType };
    if (
      (def.type === 'optional' ||
        def.type === 'default' ||
        def.type === 'nullable' ||
        def.type === 'readonly') &&
      def.innerType
    )
      s = def.innerType;
    else return undefined;
  }
  return undefined;
}

/** Decodes a property as the given DT type. */
export function decodeAs(type: DtType, node: Node, prop: Property, index: PhandleIndex): Decoded<unknown> {
  switch (type.kind) {
    case 'flag':
      return decodeFlag(prop);
    case 'u32':
      return decodeU32(prop);
    case 'u64':
      return decodeU64(prop);
    case 'cells':
      return decodeCells(prop);
    case 'matrix':
      return decodeMatrix(prop, type.width);
    case 'string':
      return decodeString(prop);
    case 'string-list':
      return decodeStringList(prop);
    case 'phandle':
      return decodePhandle(node, prop, index);
    case 'phandle-array':
      return decodePhandleArray(node, prop, type.cellsName, index, type.options);
    case 'reg':
      return decodeReg(node, prop);
    case 'interrupts': {
      const d = decodeInterrupts(node, prop, index);
      return d.ok ? { ...d, value: d.value.map((r) => r.specifier) } : d;
    }
    case 'any':
      return { ok: true, value: prop.value, issues: [] };
  }
}
