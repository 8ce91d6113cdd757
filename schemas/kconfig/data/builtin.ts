/**
 * The built-in Kconfig model of one kernel version as a Kconfig tree the engine can load: each model
 * symbol becomes one generated entry (own prompt text, no help), so resolution, change reasons and
 * unmet-dependency warnings come from the same engine as with a real tree. Locations reported to the
 * user are the upstream ones recorded in the model, not lines of the generated text.
 */
import { type KconfigTree, loadKconfig, MemoryKconfigReader } from '../engine/index.js';
import type { KconfigModelData, ModelSymbol } from './model-types.js';
import { BUILTIN_MODELS } from './models/index.js';
import type { SupportedKernel } from './versions.js';

export interface BuiltinKconfig {
  readonly kernel: SupportedKernel;
  readonly model: KconfigModelData;
  readonly tree: KconfigTree;
  /** Upstream definition of a modelled symbol (undefined for external ones). */
  definition(symbol: string): { file: string; line: number } | undefined;
}

/** Name of the generated entry file (never shown as a location). */
export const BUILTIN_KCONFIG_FILE = '<builtin-kconfig>';

/** Prefix of the generated symbols that stand for selects from outside the model. */
export const OUTSIDE_PREFIX = 'OUTSIDE_MODEL_SELECTS_';

const cache = new Map<SupportedKernel, BuiltinKconfig>();

export function builtinKconfig(kernel: SupportedKernel): BuiltinKconfig {
  const hit = cache.get(kernel);
  if (hit) return hit;
  const model = BUILTIN_MODELS[kernel];
  const text = generateKconfig(model);
  const tree = loadKconfig(new MemoryKconfigReader({ [BUILTIN_KCONFIG_FILE]: text }), BUILTIN_KCONFIG_FILE);
  const byName = new Map(model.symbols.map((s) => [s.name, s]));
  const built: BuiltinKconfig = {
    kernel,
    model,
    tree,
    definition: (name) => byName.get(name)?.at,
  };
  cache.set(kernel, built);
  return built;
}

/** Kconfig text for a model: MODULES (default y, as in every arm64 defconfig), then each symbol. */
export function generateKconfig(model: KconfigModelData): string {
  const out = ['config MODULES', '\tbool "Enable loadable module support"', '\tmodules', '\tdefault y', ''];
  for (const s of model.symbols) out.push(...entry(s), '');
  // Selects from outside the model, as one promptless symbol each (see ModelSymbol.selectedOutside).
  for (const s of model.symbols)
    if (s.selectedOutside)
      out.push(
        `config ${OUTSIDE_PREFIX}${s.name}`,
        '\ttristate',
        `\tdefault ${s.selectedOutside}`,
        `\tselect ${s.name}`,
        '',
      );
  return `${out.join('\n')}\n`;
}

function entry(s: ModelSymbol): string[] {
  const lines = [`config ${s.name}`];
  if (s.prompt !== undefined)
    lines.push(`\t${s.type} "${s.name}"${s.prompt === 'y' ? '' : ` if ${s.prompt}`}`);
  else lines.push(`\t${s.type}`);
  if (s.dependsOn) lines.push(`\tdepends on ${s.dependsOn}`);
  for (const d of s.defaults ?? []) lines.push(`\tdefault ${d.value}${d.if ? ` if ${d.if}` : ''}`);
  for (const x of s.selects ?? []) lines.push(`\tselect ${x.symbol}${x.if ? ` if ${x.if}` : ''}`);
  for (const x of s.implies ?? []) lines.push(`\timply ${x.symbol}${x.if ? ` if ${x.if}` : ''}`);
  return lines;
}
