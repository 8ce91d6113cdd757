import type { Expr, KconfigModel, KSymbol, MenuNode, Property, SymbolType, Tristate } from './model.js';
import { parseC } from './numbers.js';

/**
 * Symbol evaluation, following scripts/kconfig/symbol.c (Linux v6.12) step by step:
 * sym_calc_visibility(), sym_calc_value(), sym_calc_choice(), sym_validate_range(),
 * expr_calc_value() and the comparison rules of expr.c. Values are computed lazily and memoized
 * per resolution; a symbol met again while it is being computed reads as its type's empty value
 * (n, "", "0", "0x0"), as in the C code ("set default if recursively called").
 *
 * Where kconfiglib differs, this follows the C tools:
 * - `imply`: the implied value is ORed into the default and then ANDed with the symbol's direct
 *   dependency (so `IMPLIER=y`, dependency `m` gives m); kconfiglib 14.1 gives y;
 * - a user value is used only while the symbol is visible (same in both), choices follow the
 *   v6.11+ rules (first visible member the user set to y, else the default unless the user set
 *   it to n, else the first visible member without a user value, else the last visible member).
 */

/** A value read from a .config for one symbol (after type checking). */
export interface UserValue {
  readonly tri: Tristate;
  /** For string/int/hex. */
  readonly str: string;
}

/** The unmet direct dependency warning the C tools print (sym_warn_unmet_dep). */
export interface UnmetDependency {
  readonly symbol: KSymbol;
  readonly dependsOn: Tristate;
  /** Terms of the reverse dependency whose value is y, then m. */
  readonly selectedBy: { readonly expr: Expr; readonly value: Tristate }[];
}

enum State {
  Unvisited = 0,
  Computing = 1,
  Done = 2,
}

export class Resolution {
  private readonly state: Uint8Array;
  readonly tri: Uint8Array;
  readonly str: string[];
  readonly visible: Uint8Array;
  readonly dirDep: Uint8Array;
  readonly revDep: Uint8Array;
  readonly impliedTri: Uint8Array;
  /** SYMBOL_WRITE: the symbol is written to .config. */
  readonly write: Uint8Array;
  /** Which default property gave the value (index into props), -1 for none. */
  readonly defaultUsed: Int16Array;
  private modulesVal: Tristate = 0;
  readonly unmet: UnmetDependency[] = [];
  private readonly unmetSeen = new Set<number>();
  /** Choice members in priority order (C's choice_members list after reading the .config). */
  private readonly choiceOrder: Map<MenuNode, readonly KSymbol[]>;
  private readonly choiceDone = new Set<MenuNode>();

  constructor(
    readonly model: KconfigModel,
    readonly user: ReadonlyMap<number, UserValue>,
    choiceOrder: ReadonlyMap<MenuNode, readonly KSymbol[]> = new Map(),
  ) {
    const n = model.symbols.length;
    this.state = new Uint8Array(n);
    this.tri = new Uint8Array(n);
    this.str = new Array<string>(n).fill('');
    this.visible = new Uint8Array(n);
    this.dirDep = new Uint8Array(n);
    this.revDep = new Uint8Array(n);
    this.impliedTri = new Uint8Array(n);
    this.write = new Uint8Array(n);
    this.defaultUsed = new Int16Array(n).fill(-1);
    this.choiceOrder = new Map();
    for (const choice of model.choices) {
      this.choiceOrder.set(choice.menu, choiceOrder.get(choice.menu) ?? choice.members);
    }
    for (const symbol of model.symbols) {
      if (symbol.isConst) {
        const t: Tristate = symbol.name === 'y' ? 2 : symbol.name === 'm' ? 1 : 0;
        this.tri[symbol.id] = t;
        this.str[symbol.id] = symbol.name;
        this.state[symbol.id] = State.Done;
      }
    }
  }

  /** Computes every symbol (conf_read order: the modules symbol first). */
  resolveAll(): this {
    if (this.model.modules) this.calc(this.model.modules);
    for (const symbol of this.model.symbols) this.calc(symbol);
    return this;
  }

  get modulesValue(): Tristate {
    return this.modulesVal;
  }

  /** sym_get_type(): tristate reads as bool while modules are off. */
  effectiveType(symbol: KSymbol): SymbolType {
    return symbol.type === 'tristate' && this.modulesVal === 0 ? 'bool' : symbol.type;
  }

  triOf(symbol: KSymbol): Tristate {
    this.calc(symbol);
    return this.tri[symbol.id] as Tristate;
  }

  /** sym_get_string_value(). */
  stringOf(symbol: KSymbol): string {
    this.calc(symbol);
    if (symbol.type === 'bool' || symbol.type === 'tristate') return TRI_NAMES[this.tri[symbol.id]!]!;
    return this.str[symbol.id]!;
  }

  hasUser(symbol: KSymbol): boolean {
    return this.user.has(symbol.id);
  }

  // ------------------------------------------------------------------ expressions

  eval(e: Expr | undefined): Tristate {
    if (!e) return 2;
    switch (e.kind) {
      case 'symbol':
        return this.triOf(e.symbol);
      case 'and': {
        const a = this.eval(e.left);
        const b = this.eval(e.right);
        return Math.min(a, b) as Tristate;
      }
      case 'or': {
        const a = this.eval(e.left);
        const b = this.eval(e.right);
        return Math.max(a, b) as Tristate;
      }
      case 'not':
        return (2 - this.eval(e.operand)) as Tristate;
      case 'compare': {
        const res = this.compare(e.left, e.right);
        switch (e.op) {
          case '=':
            return res === 0 ? 2 : 0;
          case '!=':
            return res !== 0 ? 2 : 0;
          case '<':
            return res < 0 ? 2 : 0;
          case '<=':
            return res <= 0 ? 2 : 0;
          case '>':
            return res > 0 ? 2 : 0;
          case '>=':
            return res >= 0 ? 2 : 0;
        }
      }
    }
  }

  private compare(a: KSymbol, b: KSymbol): number {
    this.calc(a);
    this.calc(b);
    const s1 = this.stringOf(a);
    const s2 = this.stringOf(b);
    if (a.type !== 'string' || b.type !== 'string') {
      const v1 = parseValue(s1, a.type);
      const v2 = parseValue(s2, b.type);
      if (v1 && v2) {
        if (v1.unsigned || v2.unsigned) {
          const u1 = BigInt.asUintN(64, v1.value);
          const u2 = BigInt.asUintN(64, v2.value);
          return u1 > u2 ? 1 : u1 < u2 ? -1 : 0;
        }
        return v1.value > v2.value ? 1 : v1.value < v2.value ? -1 : 0;
      }
    }
    return s1 < s2 ? -1 : s1 > s2 ? 1 : 0;
  }

  // ------------------------------------------------------------------ symbols

  /** sym_calc_visibility(). */
  private calcVisibility(symbol: KSymbol): void {
    const id = symbol.id;
    let tri: Tristate = 0;
    for (const prop of symbol.props) {
      if (prop.text === undefined) continue;
      const v = this.eval(prop.visible);
      if (v > tri) tri = v;
    }
    if (tri === 1 && (symbol.type !== 'tristate' || this.modulesVal === 0)) tri = 2;
    this.visible[id] = tri;
    if (symbol.choice) return;
    const isBool = this.effectiveType(symbol) === 'bool';
    let d = symbol.directDep ? this.eval(symbol.directDep) : 2;
    if (d === 1 && isBool) d = 2;
    this.dirDep[id] = d;
    let r = symbol.reverseDep ? this.eval(symbol.reverseDep) : 0;
    if (r === 1 && isBool) r = 2;
    this.revDep[id] = r;
    let i = symbol.implied ? this.eval(symbol.implied) : 0;
    if (i === 1 && isBool) i = 2;
    this.impliedTri[id] = i;
  }

  /** sym_get_default_prop(): the first default whose condition is not n. */
  defaultProp(symbol: KSymbol): { prop: Property; visible: Tristate; index: number } | undefined {
    for (let index = 0; index < symbol.props.length; index++) {
      const prop = symbol.props[index]!;
      if (prop.kind !== 'default') continue;
      const visible = this.eval(prop.visible);
      if (visible !== 0) return { prop, visible, index };
    }
    return undefined;
  }

  /** sym_calc_value(). */
  calc(symbol: KSymbol): void {
    const id = symbol.id;
    if (this.state[id] !== State.Unvisited) return;
    this.state[id] = State.Computing;
    const type = symbol.type;
    if (type === 'unknown') {
      this.tri[id] = 0;
      this.str[id] = symbol.name;
      this.state[id] = State.Done;
      return;
    }
    const initial = type === 'int' ? '0' : type === 'hex' ? '0x0' : type === 'string' ? '' : 'n';
    this.write[id] = 0;
    this.calcVisibility(symbol);
    if (this.visible[id] !== 0) this.write[id] = 1;
    this.tri[id] = 0;
    this.str[id] = initial;
    const user = this.user.get(id);

    const effective = this.effectiveType(symbol);
    if (effective === 'bool' || effective === 'tristate') {
      let value: Tristate = 0;
      if (symbol.choice) {
        this.calcChoice(symbol.choice);
        value = this.tri[id] as Tristate;
      } else {
        let useUser = false;
        if (user && symbol.transitional) {
          // Linux ≥ 6.17: a transitional symbol passes its old .config value through.
          value = user.tri;
          useUser = true;
        } else if (this.visible[id] !== 0 && user) {
          value = Math.min(user.tri, this.visible[id]!) as Tristate;
          useUser = true;
        }
        if (!useUser) {
          if (this.revDep[id] !== 0) this.write[id] = 1;
          if (!symbol.isChoice) {
            const def = this.defaultProp(symbol);
            if (def) {
              const v = this.eval(def.prop.expr);
              value = Math.min(v, def.visible) as Tristate;
              this.defaultUsed[id] = def.index;
              if (value !== 0) this.write[id] = 1;
            }
            const implied = this.impliedTri[id] as Tristate;
            if (implied !== 0) {
              this.write[id] = 1;
              if (implied > value) value = implied;
              const dep = this.dirDep[id] as Tristate;
              if (dep < value) value = dep;
            }
          }
        }
        const rev = this.revDep[id] as Tristate;
        if (this.dirDep[id]! < rev) this.reportUnmet(symbol);
        if (rev > value) value = rev;
      }
      if (value === 1 && this.effectiveType(symbol) === 'bool') value = 2;
      this.tri[id] = value;
      this.str[id] = TRI_NAMES[value]!;
    } else {
      let value = initial;
      if (user && (this.visible[id] !== 0 || symbol.transitional)) value = user.str;
      else {
        const def = this.defaultProp(symbol);
        if (def && def.prop.expr?.kind === 'symbol') {
          const ds = def.prop.expr.symbol;
          this.write[id] = 1;
          this.defaultUsed[id] = def.index;
          this.calc(ds);
          value = this.rawValue(ds);
        }
      }
      this.str[id] = value;
      this.validateRange(symbol);
    }

    if (symbol === this.model.modules) this.modulesVal = this.tri[id] as Tristate;
    if (symbol.isChoice || symbol.transitional) this.write[id] = 0;
    this.state[id] = State.Done;
  }

  /**
   * `curr.val` of a symbol used as the default of a string/int/hex symbol: for bool and tristate
   * symbols the C code never updates it from "n" (only `curr.tri` changes), so that is what a
   * `default SOME_BOOL` on a string symbol yields there.
   */
  private rawValue(symbol: KSymbol): string {
    if (!symbol.isConst && (symbol.type === 'bool' || symbol.type === 'tristate')) return 'n';
    return this.stringOf(symbol);
  }

  /** sym_get_range_prop(). */
  rangeProp(symbol: KSymbol): Property | undefined {
    for (const prop of symbol.props) {
      if (prop.kind === 'range' && this.eval(prop.visible) !== 0) return prop;
    }
    return undefined;
  }

  /** sym_validate_range(): clamps int/hex values into the first active range. */
  private validateRange(symbol: KSymbol): void {
    if (symbol.type !== 'int' && symbol.type !== 'hex') return;
    const prop = this.rangeProp(symbol);
    if (!prop || !prop.range) return;
    const base = symbol.type === 'int' ? 10 : 16;
    const val = parseC(this.str[symbol.id]!, base).value;
    let bound = prop.range[0];
    let limit = this.rangeValue(bound, base);
    if (val >= limit) {
      bound = prop.range[1];
      limit = this.rangeValue(bound, base);
      if (val <= limit) return;
    }
    this.calc(bound);
    this.str[symbol.id] = this.stringOf(bound);
  }

  private rangeValue(symbol: KSymbol, base: 10 | 16): bigint {
    this.calc(symbol);
    const b = symbol.type === 'int' ? 10 : symbol.type === 'hex' ? 16 : base;
    return parseC(this.stringOf(symbol), b).value;
  }

  /** sym_calc_choice() (v6.11+). */
  private calcChoice(choice: MenuNode): void {
    if (this.choiceDone.has(choice)) return;
    this.choiceDone.add(choice);
    const members = this.choiceOrder.get(choice) ?? [];
    for (const member of members) this.calcVisibility(member);
    let chosen: KSymbol | undefined;
    for (const member of members) {
      if (this.visible[member.id] === 0) continue;
      if (this.user.get(member.id)?.tri === 2) {
        chosen = member;
        break;
      }
    }
    if (!chosen) {
      chosen = this.choiceDefault(choice);
      if (chosen && this.user.get(chosen.id)?.tri === 0) chosen = undefined;
    }
    const definitionOrder = this.model.choices.find((c) => c.menu === choice)?.members ?? members;
    if (!chosen) chosen = definitionOrder.find((m) => this.visible[m.id] !== 0 && !this.user.has(m.id));
    if (!chosen) {
      for (let i = members.length - 1; i >= 0; i--) {
        if (this.visible[members[i]!.id] !== 0) {
          chosen = members[i];
          break;
        }
      }
    }
    for (const member of definitionOrder) {
      if (this.visible[member.id] === 0) continue;
      const v: Tristate = member === chosen ? 2 : 0;
      this.tri[member.id] = v;
      this.str[member.id] = TRI_NAMES[v]!;
      this.write[member.id] = 1;
      this.state[member.id] = State.Done;
    }
  }

  /** sym_choice_default(): the first active `default` whose target is visible, else the first visible member. */
  choiceDefault(choice: MenuNode): KSymbol | undefined {
    const symbol = choice.symbol!;
    for (const prop of symbol.props) {
      if (prop.kind !== 'default' || prop.expr?.kind !== 'symbol') continue;
      if (this.eval(prop.visible) === 0) continue;
      const target = prop.expr.symbol;
      if (this.visible[target.id] !== 0) return target;
    }
    const members = this.model.choices.find((c) => c.menu === choice)?.members ?? [];
    return members.find((m) => this.visible[m.id] !== 0);
  }

  private reportUnmet(symbol: KSymbol): void {
    if (this.unmetSeen.has(symbol.id)) return;
    this.unmetSeen.add(symbol.id);
    const selectedBy: { expr: Expr; value: Tristate }[] = [];
    const terms = orTerms(symbol.reverseDep);
    for (const want of [2, 1] as const) {
      for (const term of terms) if (this.eval(term) === want) selectedBy.push({ expr: term, value: want });
    }
    this.unmet.push({ symbol, dependsOn: this.dirDep[symbol.id] as Tristate, selectedBy });
  }

  // ------------------------------------------------------------------ savedefconfig helpers

  /** sym_is_changeable(). */
  isChangeable(symbol: KSymbol): boolean {
    return !symbol.isChoice && this.visible[symbol.id]! > this.revDep[symbol.id]!;
  }

  /** sym_get_string_default(): the value the symbol would have without a user value. */
  stringDefault(symbol: KSymbol): string {
    let val: Tristate = 0;
    let str = '';
    const def = this.defaultProp(symbol);
    if (def) {
      if (symbol.type === 'bool' || symbol.type === 'tristate') {
        const v = this.eval(def.prop.expr);
        val = Math.min(v, def.visible) as Tristate;
      } else if (def.prop.expr?.kind === 'symbol') {
        this.calc(def.prop.expr.symbol);
        str = this.rawValue(def.prop.expr.symbol);
      }
    }
    const rev = this.revDep[symbol.id] as Tristate;
    if (rev > val) val = rev;
    if (val === 1 && !symbol.choice && this.modulesVal === 0) val = 2;
    if (symbol.type === 'bool' && val === 1) val = 2;
    const implied = this.impliedTri[symbol.id] as Tristate;
    if (val < implied) val = implied;
    switch (symbol.type) {
      case 'bool':
      case 'tristate':
        return TRI_NAMES[val]!;
      case 'int':
        return str === '' ? '0' : str;
      case 'hex':
        return str === '' ? '0x0' : str;
      default:
        return str;
    }
  }
}

export const TRI_NAMES: readonly string[] = ['n', 'm', 'y'];

/** Top-level `||` terms, left to right (expr_print_revdep order). */
export function orTerms(e: Expr | undefined): Expr[] {
  if (!e) return [];
  if (e.kind === 'or') return [...orTerms(e.left), ...orTerms(e.right)];
  return [e];
}

/** Top-level `&&` factors. */
export function andFactors(e: Expr | undefined): Expr[] {
  if (!e) return [];
  if (e.kind === 'and') return [...andFactors(e.left), ...andFactors(e.right)];
  return [e];
}

/** expr_parse_string(): undefined means "compare as strings". */
function parseValue(str: string, type: SymbolType): { value: bigint; unsigned: boolean } | undefined {
  if (type === 'bool' || type === 'tristate') {
    return { value: str === 'n' ? 0n : str === 'm' ? 1n : str === 'y' ? 2n : -1n, unsigned: false };
  }
  const base = type === 'int' ? 10 : type === 'hex' ? 16 : 0;
  const unsigned = type === 'hex';
  const r = parseC(str, base, unsigned);
  if (r.overflow || r.end === 0 || r.end !== str.length) return undefined;
  if (!/[0-9a-fA-F]/.test(str[r.end - 1]!)) return undefined;
  return { value: r.value, unsigned };
}
