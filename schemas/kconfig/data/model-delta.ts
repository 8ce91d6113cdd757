/**
 * A kernel version's model written as the changes from the previous supported version, so the
 * model file says exactly what upstream changed between the two (a symbol added, a transport turned
 * tristate, a definition moved) instead of repeating the hundreds of lines that stayed the same.
 */
import type { KconfigModelData, ModelSymbol } from './model-types.js';

/** A symbol the delta adds, placed right after `after` (null: at the start of the list). */
export type AddedSymbol = Omit<ModelSymbol, 'name'> & { readonly after: string | null };

/** Fields replaced whole; a field given as `undefined` is dropped from the symbol. */
export type SymbolChange = Partial<Omit<ModelSymbol, 'name'>>;

export interface ModelDelta {
  readonly kernel: string;
  readonly provenance: string;
  /** Names of base symbols this version no longer has. */
  readonly remove?: readonly string[];
  /** New symbols by name, inserted in the order given (an anchor may be a symbol added before it). */
  readonly add?: Readonly<Record<string, AddedSymbol>>;
  /** Base symbols whose facts differ, by name. */
  readonly change?: Readonly<Record<string, SymbolChange>>;
  /** Replaces the base's list when given; absent = the same as the base. */
  readonly undefinedReferences?: KconfigModelData['undefinedReferences'];
}

/**
 * The base model with the delta applied. Throws on a delta that does not fit its base (removing or
 * changing a symbol the base lacks, adding one it has, an unknown anchor): the deltas are our own
 * data, evaluated when the models module loads, so a mistake fails every test rather than slipping
 * through as a silently different model.
 */
export function applyModelDelta(base: KconfigModelData, delta: ModelDelta): KconfigModelData {
  const fail = (what: string): never => {
    throw new Error(`kconfig model ${delta.kernel} (delta over ${base.kernel}): ${what}`);
  };
  const inBase = new Set(base.symbols.map((s) => s.name));
  const removed = new Set(delta.remove ?? []);
  for (const name of removed) if (!inBase.has(name)) fail(`removes ${name}, which the base does not define`);
  const changes = delta.change ?? {};
  for (const name of Object.keys(changes)) {
    if (!inBase.has(name)) fail(`changes ${name}, which the base does not define`);
    if (removed.has(name)) fail(`both removes and changes ${name}`);
  }
  const symbols = base.symbols
    .filter((s) => !removed.has(s.name))
    .map((s) => (changes[s.name] ? patch(s, changes[s.name]!) : s));
  for (const [name, { after, ...facts }] of Object.entries(delta.add ?? {})) {
    if (symbols.some((s) => s.name === name)) fail(`adds ${name}, which is already defined`);
    const at = after === null ? 0 : symbols.findIndex((s) => s.name === after) + 1;
    if (at === 0 && after !== null) fail(`adds ${name} after ${after}, which is not defined`);
    symbols.splice(at, 0, { name, ...facts });
  }
  return {
    kernel: delta.kernel,
    provenance: delta.provenance,
    symbols,
    undefinedReferences: delta.undefinedReferences ?? base.undefinedReferences,
  };
}

function patch(symbol: ModelSymbol, change: SymbolChange): ModelSymbol {
  const out: Record<string, unknown> = { ...symbol, ...change };
  for (const [key, value] of Object.entries(change)) if (value === undefined) delete out[key];
  return out as unknown as ModelSymbol;
}
