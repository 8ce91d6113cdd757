/**
 * The smallest defconfig fragment that makes every enabled node of our families drivable, checked by
 * resolving it with the engine: candidate assignments come from the gating symbols that are n (and the
 * symbols of their unmet dependencies), then each assignment is dropped again if the nodes stay
 * drivable without it. "Drivable" = built ≠ n, and for SCMI transports on another subsystem, not the
 * module-under-built-in-core case (kconfig/module-early-provider).
 */
import type { ConfigText, KconfigTree, ResolvedConfig } from '../../engine/index.js';
import { readConfig, resolveConfig } from '../../engine/index.js';
import type { NodeDriver } from './drivers.js';
import { tristateOf } from './drivers.js';

export interface FragmentResult {
  /** `CONFIG_X=y` lines, in the order they were found. */
  readonly lines: readonly string[];
  /** Nodes the fragment could not make drivable (no assignment helps). */
  readonly unresolved: readonly NodeDriver[];
}

function drivable(d: NodeDriver, config: ResolvedConfig): boolean {
  if (!d.era || d.era.mechanism === 'of-device-is-compatible') return true;
  for (const s of d.era.symbols) if (tristateOf(config, s) === 'n') return false;
  const b = d.entry.backend;
  if (b && tristateOf(config, b.core) === 'y' && tristateOf(config, b.transport) !== 'y') return false;
  return true;
}

const MAX_ROUNDS = 6;

export function minimalFragment(
  tree: KconfigTree,
  configs: readonly ConfigText[],
  drivers: readonly NodeDriver[],
  isInternal: (symbol: string) => boolean,
): FragmentResult {
  const targets = drivers.filter((d) => d.era && d.era.mechanism !== 'of-device-is-compatible');
  const resolve = (fragment: ReadonlyMap<string, string>): ResolvedConfig => {
    const text = [...fragment]
      .map(([k, v]) => (v === 'n' ? `# CONFIG_${k} is not set` : `CONFIG_${k}=${v}`))
      .join('\n');
    return resolveConfig(tree, [...configs, readConfig(`${text}\n`, '<fragment>')]);
  };
  const failing = (r: ResolvedConfig) => targets.filter((d) => !drivable(d, r));
  const fragment = new Map<string, string>();
  let r = resolve(fragment);
  if (failing(r).length === 0) return { lines: [], unresolved: [] };

  for (let round = 0; round < MAX_ROUNDS && failing(r).length > 0; round++) {
    let added = false;
    const want = (symbol: string, value: string) => {
      if (isInternal(symbol) || !tree.symbol(symbol) || fragment.get(symbol) === value) return;
      if (fragment.has(symbol) && value === 'y') return;
      fragment.set(symbol, value);
      added = true;
    };
    for (const d of failing(r)) {
      const symbols = [...d.era!.symbols];
      if (d.entry.backend) symbols.push(d.entry.backend.backend, d.entry.backend.transport);
      for (const s of symbols) {
        if (tristateOf(r, s) === 'y') continue;
        want(s, 'y');
        // Dependencies that hold the symbol down: raise the symbols they name (or lower negated ones).
        for (const c of r.explain(s)?.unmetDependencies ?? [])
          for (const x of c.symbols) want(x, c.expr.includes(`!${x}`) ? 'n' : 'y');
      }
    }
    if (!added) break;
    r = resolve(fragment);
  }
  // Drop what is not needed (last added first), keeping the result drivable.
  const before = failing(r).length;
  for (const symbol of [...fragment.keys()].reverse()) {
    const value = fragment.get(symbol)!;
    fragment.delete(symbol);
    if (failing(resolve(fragment)).length > before) fragment.set(symbol, value);
  }
  r = resolve(fragment);
  return {
    lines: [...fragment].map(([k, v]) => (v === 'n' ? `# CONFIG_${k} is not set` : `CONFIG_${k}=${v}`)),
    unresolved: failing(r),
  };
}
