import { escapeString } from './config-file.js';
import { type KSymbol, walkMenus } from './model.js';
import type { Resolution } from './resolve.js';

/**
 * Output in the C tools' formats: the symbol lines of `.config` (conf_write()) and the minimal
 * fragment of `savedefconfig` (conf_write_defconfig()). Both walk the menu tree in source order and
 * write each symbol once, at its first definition.
 */

function line(symbol: KSymbol, r: Resolution, nAsUnset: boolean): string | undefined {
  const value = r.stringOf(symbol);
  if ((symbol.type === 'bool' || symbol.type === 'tristate') && value === 'n') {
    return nAsUnset ? `# CONFIG_${symbol.name} is not set` : undefined;
  }
  return `CONFIG_${symbol.name}=${symbol.type === 'string' ? escapeString(value) : value}`;
}

/** The CONFIG_ lines `conf --olddefconfig` writes (menu comments omitted). */
export function writeDotConfig(r: Resolution): string[] {
  const out: string[] = [];
  const written = new Set<number>();
  for (const menu of walkMenus(r.model.root)) {
    const symbol = menu.symbol;
    if (!symbol || symbol.isChoice || written.has(symbol.id)) continue;
    r.calc(symbol);
    if (!r.write[symbol.id]) continue;
    written.add(symbol.id);
    const text = line(symbol, r, true);
    if (text) out.push(text);
  }
  return out;
}

/**
 * savedefconfig: symbols that are written, changeable (visible above what selects force), differ
 * from their default, and are not the default member of their choice.
 */
export function writeDefconfig(r: Resolution): string[] {
  const out: string[] = [];
  const done = new Set<number>();
  for (const menu of walkMenus(r.model.root)) {
    const symbol = menu.symbol;
    if (!symbol || symbol.isChoice || done.has(symbol.id)) continue;
    r.calc(symbol);
    if (!r.write[symbol.id]) continue;
    done.add(symbol.id);
    if (!r.isChangeable(symbol)) continue;
    if (r.stringOf(symbol) === r.stringDefault(symbol)) continue;
    if (symbol.choice && r.triOf(symbol) === 2 && r.choiceDefault(symbol.choice) === symbol) continue;
    const text = line(symbol, r, true);
    if (text) out.push(text);
  }
  return out;
}
