/**
 * The in-memory model of a parsed Kconfig tree: symbols, their properties and the menu tree.
 *
 * It mirrors the data structures of the kernel's `scripts/kconfig` (struct symbol, struct property,
 * struct menu) because evaluation must follow that code step by step; names differ where the C names
 * say little (`dir_dep` → `directDep`, `rev_dep` → `reverseDep`).
 */

/** n = 0 < m = 1 < y = 2. */
export type Tristate = 0 | 1 | 2;
export const N: Tristate = 0;
export const M: Tristate = 1;
export const Y: Tristate = 2;

export type SymbolType = 'unknown' | 'bool' | 'tristate' | 'int' | 'hex' | 'string';

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Expr =
  | { readonly kind: 'symbol'; readonly symbol: KSymbol }
  | { readonly kind: 'and' | 'or'; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'not'; readonly operand: Expr }
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly left: KSymbol; readonly right: KSymbol };

/** Where something was written in a Kconfig file (1-based line). */
export interface Location {
  readonly file: string;
  readonly line: number;
}

export type PropertyKind = 'prompt' | 'menu' | 'comment' | 'default' | 'select' | 'imply' | 'range';

export interface Property {
  readonly kind: PropertyKind;
  /** The menu entry that wrote this property. */
  readonly menu: MenuNode;
  readonly location: Location;
  /** Prompt text for prompt/menu/comment. */
  readonly text?: string;
  /** default: the value expression; select/imply: the target symbol; range: low/high. */
  readonly expr?: Expr;
  readonly target?: KSymbol;
  readonly range?: readonly [KSymbol, KSymbol];
  /**
   * The condition: the `if` part, then (after finalization) ANDed with the entry's dependencies and
   * those of every enclosing menu/if (and, for prompts, the enclosing menus' `visible if`).
   */
  visible: Expr | undefined;
}

export interface KSymbol {
  /** Index into `Kconfig.symbols` (constants and undefined references included). */
  readonly id: number;
  readonly name: string;
  type: SymbolType;
  /** `y`, `m`, `n` and quoted strings: fixed values, never defined or assigned. */
  readonly isConst: boolean;
  /** The anonymous symbol of a `choice` block. */
  readonly isChoice: boolean;
  /** Properties in definition order over all definitions. */
  readonly props: Property[];
  /** Menu entries that define this symbol (`config`/`menuconfig` blocks), in source order. */
  readonly menus: MenuNode[];
  /** OR of each definition's dependencies (parents' included); undefined = no dependencies (y). */
  directDep: Expr | undefined;
  /** OR of `SELECTOR && condition` over every `select` of this symbol. */
  reverseDep: Expr | undefined;
  /** OR of `IMPLIER && condition` over every `imply` of this symbol. */
  implied: Expr | undefined;
  /** For a member of a choice block: that choice's menu entry. */
  choice: MenuNode | undefined;
  /** Linux ≥ 6.17 `transitional`: read from .config, never written, never visible. */
  transitional: boolean;
}

export type MenuKind = 'root' | 'config' | 'menuconfig' | 'choice' | 'menu' | 'if' | 'comment';

export interface MenuNode {
  readonly kind: MenuKind;
  readonly symbol: KSymbol | undefined;
  readonly location: Location;
  parent: MenuNode | undefined;
  children: MenuNode[];
  /** The entry's prompt property (also in `symbol.props` for symbols). */
  prompt: Property | undefined;
  /** `depends on` (and `if` condition); after finalization: ANDed with the parent's. */
  dep: Expr | undefined;
  /** `visible if` of a menu. */
  visibility: Expr | undefined;
  help: string | undefined;
}

/** One parsed Kconfig tree, ready to evaluate. */
export interface KconfigModel {
  readonly root: MenuNode;
  /** Every symbol: defined, referenced-only, constants. */
  readonly symbols: readonly KSymbol[];
  /** Non-constant symbols by name. */
  readonly byName: ReadonlyMap<string, KSymbol>;
  /** The `modules` symbol (MODULES in Linux), or undefined: then `m` is never available. */
  readonly modules: KSymbol | undefined;
  /** Choice blocks in source order. */
  readonly choices: readonly ChoiceInfo[];
  readonly mainmenu: string | undefined;
  /** Files read, in order (the entry file first). */
  readonly files: readonly string[];
  /** Where each non-constant symbol is used (expressions, select, imply, range, choice default). */
  readonly references: ReadonlyMap<KSymbol, readonly Location[]>;
}

export interface ChoiceInfo {
  readonly menu: MenuNode;
  readonly symbol: KSymbol;
  /** Members in definition order. */
  readonly members: readonly KSymbol[];
}

/** Iterates the menu tree depth-first in source order (the order `.config` is written in). */
export function* walkMenus(root: MenuNode): Generator<MenuNode> {
  const stack: MenuNode[] = [...root.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    yield node;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
}

export function and(a: Expr | undefined, b: Expr | undefined): Expr | undefined {
  if (!a) return b;
  if (!b) return a;
  return { kind: 'and', left: a, right: b };
}

export function or(a: Expr | undefined, b: Expr | undefined): Expr | undefined {
  if (!a) return b;
  if (!b) return a;
  return { kind: 'or', left: a, right: b };
}

export function tristateName(t: Tristate): 'n' | 'm' | 'y' {
  return t === 2 ? 'y' : t === 1 ? 'm' : 'n';
}
