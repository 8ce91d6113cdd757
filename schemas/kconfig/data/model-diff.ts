/**
 * The delta that turns one kernel's model into the next one's (the inverse of `applyModelDelta`),
 * used by `extract.ts` to write a new version's model file as its changes from the previous version.
 */
import { type AddedSymbol, applyModelDelta, type ModelDelta, type SymbolChange } from './model-delta.js';
import type { KconfigModelData, ModelSymbol } from './model-types.js';

/** Key order is not a fact: a changed symbol keeps its base's order, an added one its own. */
const canonical = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(canonical)
    : v !== null && typeof v === 'object'
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
        )
      : v;
const same = (a: unknown, b: unknown): boolean =>
  JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/**
 * The delta from `base` to `next`, or undefined when no delta reproduces `next` exactly (a delta
 * cannot reorder the symbols both models share): the caller then writes the model in full.
 */
export function diffModels(base: KconfigModelData, next: KconfigModelData): ModelDelta | undefined {
  const baseByName = new Map(base.symbols.map((s) => [s.name, s]));
  const nextNames = new Set(next.symbols.map((s) => s.name));
  const remove = base.symbols.filter((s) => !nextNames.has(s.name)).map((s) => s.name);
  const add: Record<string, AddedSymbol> = {};
  const change: Record<string, SymbolChange> = {};
  next.symbols.forEach((s, i) => {
    const old = baseByName.get(s.name);
    if (!old) {
      const { name: _, ...facts } = s;
      add[s.name] = { after: i === 0 ? null : next.symbols[i - 1]!.name, ...facts };
      return;
    }
    const fields = changedFields(old, s);
    if (fields) change[s.name] = fields;
  });
  const delta: ModelDelta = {
    kernel: next.kernel,
    provenance: next.provenance,
    ...(remove.length ? { remove } : {}),
    ...(Object.keys(add).length ? { add } : {}),
    ...(Object.keys(change).length ? { change } : {}),
    ...(same(base.undefinedReferences, next.undefinedReferences)
      ? {}
      : { undefinedReferences: next.undefinedReferences }),
  };
  return same(applyModelDelta(base, delta), next) ? delta : undefined;
}

/** The fields of `next` that differ from `old` (a field `next` lacks as `undefined`), if any. */
function changedFields(old: ModelSymbol, next: ModelSymbol): SymbolChange | undefined {
  const keys = new Set([...Object.keys(old), ...Object.keys(next)]);
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const a = (old as unknown as Record<string, unknown>)[key];
    const b = (next as unknown as Record<string, unknown>)[key];
    if (!same(a, b)) out[key] = b;
  }
  return Object.keys(out).length ? (out as SymbolChange) : undefined;
}
