/**
 * Kconfig engine: parses Linux Kconfig trees and resolves configurations exactly as the kernel's
 * own `scripts/kconfig` (`conf --olddefconfig`, `savedefconfig`, Linux v6.12 semantics) does.
 *
 * Public API
 * ----------
 *   loadKconfig(reader, entry, options?) → KconfigTree
 *       Parses `entry` (e.g. "Kconfig", relative to `options.srctree`) and every file it sources.
 *       `reader` is any `{ readText(path) }` (NodeKconfigReader, MemoryKconfigReader, or the
 *       compiler's FileSystem). `options.env` feeds `$(ARCH)`, `$(SRCARCH)`, …; `$(shell,…)` and
 *       toolchain probes are never run (see macro.ts for the default answers and the `shell` /
 *       `probes` hooks). Errors are `kconfig/parse-…` diagnostics in `tree.diagnostics`; never throws.
 *
 *   readConfig(text, file) → ConfigText
 *       Splits a `.config` or defconfig fragment into assignments (`kconfig/config-unexpected-data`
 *       for malformed lines). `readConfigFile(reader, path)` reads it from a reader first.
 *
 *   resolveConfig(tree, configs) → ResolvedConfig
 *       Applies one or more configs in order (later assignments win, as merge_config.sh / a
 *       defconfig plus fragments) and computes every symbol like `conf --olddefconfig`:
 *         .value(name) / .tristate(name)     resolved value ("y"/"m"/"n"/string), undefined if unknown
 *         .changes                           every requested value that was not kept, with reasons
 *         .explain(name)                     dependencies, selects, implies, default behind a value
 *         .warnings                          what the C tools print (`kconfig/unmet-direct-dependency`)
 *         .unmetWarningsText()               the same, byte for byte as conf prints them on stderr
 *         .diagnostics                       config-reading diagnostics (unknown symbols, bad values)
 *         .dotConfig()                       the CONFIG_ lines of the resulting .config
 *         .savedefconfig()                   the minimal fragment (`make savedefconfig`)
 *
 *   tree.undefinedReferences() lists symbols used in `select`/`depends`/… but never defined.
 *
 * Known differences from the C tools: expressions are not simplified (expr_transform), which only
 * affects how a dependency prints in a warning, not its value; `source` globs are not expanded;
 * recursive dependencies are not reported as errors (values are still computed, with the C code's
 * "reads as n while being computed" rule).
 */

import type { Diagnostic } from '../../../compiler/diagnostics/diagnostic.js';
import { applyConfig, type ConfigText, parseConfigText } from './config-file.js';
import { type Change, type Explanation, explainChange, explainSymbol } from './explain.js';
import { finalize } from './finalize.js';
import type { MacroOptions } from './macro.js';
import type { KconfigModel, KSymbol, Tristate } from './model.js';
import { KconfigParser } from './parser.js';
import { formatUnmetWarning, printExpr } from './print.js';
import type { KconfigReader } from './reader.js';
import { Resolution, type UnmetDependency } from './resolve.js';
import { writeDefconfig, writeDotConfig } from './write.js';

export type { ConfigEntry, ConfigRequest, ConfigText } from './config-file.js';
export type { Change, ChangeReason, Condition, Explanation, Selector } from './explain.js';
export { DEFAULT_PROBES, DEFAULT_SHELL_ANSWERS, type MacroOptions, type Probe } from './macro.js';
export type { KconfigModel, KSymbol, SymbolType, Tristate } from './model.js';
export { type KconfigReader, MemoryKconfigReader, NodeKconfigReader } from './reader.js';

export interface LoadOptions extends MacroOptions {
  /** Directory `source` paths are relative to ($(srctree)); default ".". */
  readonly srctree?: string;
}

export interface KconfigTree {
  readonly model: KconfigModel;
  readonly diagnostics: readonly Diagnostic[];
  /** A defined symbol (one with a type) by name. */
  symbol(name: string): KSymbol | undefined;
  /** Names of all defined symbols, in definition order. */
  symbolNames(): string[];
  /** Symbols referenced (select, imply, depends on, default, …) but never defined, with where. */
  undefinedReferences(): { readonly name: string; readonly file: string; readonly line: number }[];
}

export function loadKconfig(reader: KconfigReader, entry: string, options: LoadOptions = {}): KconfigTree {
  const parser = new KconfigParser(reader, options);
  const parsed = parser.parse(entry);
  const diagnostics = [...parser.diagnostics];
  finalize(parsed, diagnostics);
  const model: KconfigModel = {
    root: parsed.root,
    symbols: parsed.symbols,
    byName: parsed.byName,
    modules: parsed.modules,
    choices: parsed.choices,
    mainmenu: parsed.mainmenu,
    files: parsed.files,
    references: parsed.references,
  };
  return {
    model,
    diagnostics,
    symbol(name) {
      const s = model.byName.get(name);
      return s && s.type !== 'unknown' ? s : undefined;
    },
    symbolNames() {
      return model.symbols
        .filter((s) => !s.isConst && !s.isChoice && s.type !== 'unknown')
        .map((s) => s.name);
    },
    undefinedReferences() {
      return undefinedReferences(model);
    },
  };
}

export function readConfig(text: string, file: string): ConfigText {
  return parseConfigText(text, file);
}

export function readConfigFile(reader: KconfigReader, path: string): ConfigText {
  const text = reader.readText(path);
  if (text === undefined) {
    return {
      entries: [],
      diagnostics: [
        {
          code: 'kconfig/config-not-found',
          severity: 'error',
          message: `can't open ${path}`,
          span: { file: path, line: 1, col: 1, endLine: 1, endCol: 1 },
        },
      ],
    };
  }
  return parseConfigText(text, path);
}

export interface ResolvedConfig {
  readonly tree: KconfigTree;
  /** Config-reading diagnostics (malformed lines, unknown symbols, invalid values, overrides). */
  readonly diagnostics: readonly Diagnostic[];
  /** What the C tools would print: one `kconfig/unmet-direct-dependency` per symbol. */
  readonly warnings: readonly Diagnostic[];
  /** Requested values that were not kept, in file order. */
  readonly changes: readonly Change[];
  /** Resolved value ("y", "m", "n" or the string/int/hex text); undefined for undefined symbols. */
  value(name: string): string | undefined;
  tristate(name: string): Tristate | undefined;
  explain(name: string): Explanation | undefined;
  /** The requested change for one symbol, if its request was not kept. */
  change(name: string): Change | undefined;
  unmetWarningsText(): string;
  dotConfig(): string[];
  savedefconfig(): string[];
  /** The underlying evaluation state (for rules that need more than the above). */
  readonly resolution: Resolution;
}

export function resolveConfig(
  tree: KconfigTree,
  configs: ConfigText | readonly ConfigText[],
): ResolvedConfig {
  const list: readonly ConfigText[] = Array.isArray(configs) ? configs : [configs as ConfigText];
  const user = applyConfig(tree.model, list);
  const r = new Resolution(tree.model, user.values, user.choiceOrder).resolveAll();
  const changes: Change[] = [];
  for (const request of user.requests.values()) {
    const change = explainChange(tree.symbol(request.name), request, r);
    if (change) changes.push(change);
  }
  changes.sort((a, b) => (a.file === b.file ? a.line - b.line : 0));
  const warnings = r.unmet.map((u) => unmetDiagnostic(u, r));
  return {
    tree,
    diagnostics: user.diagnostics,
    warnings,
    changes,
    resolution: r,
    value(name) {
      const s = tree.symbol(name);
      return s ? r.stringOf(s) : undefined;
    },
    tristate(name) {
      const s = tree.symbol(name);
      return s ? r.triOf(s) : undefined;
    },
    explain(name) {
      const s = tree.symbol(name);
      return s ? explainSymbol(s, r) : undefined;
    },
    change(name) {
      return changes.find((c) => c.symbol === name);
    },
    unmetWarningsText() {
      return r.unmet.map((u) => formatUnmetWarning(u, r)).join('');
    },
    dotConfig() {
      return writeDotConfig(r);
    },
    savedefconfig() {
      return writeDefconfig(r);
    },
  };
}

function unmetDiagnostic(u: UnmetDependency, r: Resolution): Diagnostic {
  const where = u.symbol.menus[0]?.location;
  const notes = [`Depends on [${u.dependsOn === 1 ? 'm' : 'n'}]: ${printExpr(u.symbol.directDep, r)}`];
  for (const s of u.selectedBy)
    notes.push(`Selected by [${s.value === 2 ? 'y' : 'm'}]: ${printExpr(s.expr, r)}`);
  return {
    code: 'kconfig/unmet-direct-dependency',
    severity: 'warning',
    message: `unmet direct dependencies detected for ${u.symbol.name}`,
    ...(where
      ? { span: { file: where.file, line: where.line, col: 1, endLine: where.line, endCol: 1 } }
      : {}),
    notes,
  };
}

function undefinedReferences(model: KconfigModel): { name: string; file: string; line: number }[] {
  const out: { name: string; file: string; line: number }[] = [];
  for (const [symbol, locations] of model.references) {
    // Never defined, and not a number used as a value (`range 0 10`, `default 0x100`).
    if (symbol.type !== 'unknown' || symbol.menus.length > 0 || /^-?[0-9]/.test(symbol.name)) continue;
    const seen = new Set<string>();
    for (const { file, line } of locations) {
      const key = `${file}:${line}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ name: symbol.name, file, line });
    }
  }
  return out.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
}
