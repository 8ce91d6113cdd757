import type { ConfigRequest } from './config-file.js';
import { type Expr, type KSymbol, type Tristate, tristateName } from './model.js';
import { printExpr } from './print.js';
import { andFactors, orTerms, type Resolution } from './resolve.js';

/**
 * Why a symbol has its value, and why a requested value was not kept. The reasons are read off the
 * same quantities the C code computes (visibility, direct/reverse dependency, implied value,
 * default, choice selection, range), so a rule can say "you asked for m, the resolver gave n
 * because ARM_SCMI_PROTOCOL [=y] ... is n".
 */

/** One factor of a dependency, printed with values, e.g. `OPTEE [=m]=y` → n. */
export interface Condition {
  readonly expr: string;
  readonly value: 'n' | 'm' | 'y';
  /** Symbols named in the condition (undefined ones included). */
  readonly symbols: readonly string[];
}

export interface Selector {
  readonly symbol: string;
  /** The whole reverse-dependency term, e.g. `ARCH_STM32 [=y] && ARM64 [=y]`. */
  readonly expr: string;
  readonly value: 'n' | 'm' | 'y';
}

export type ChangeReason =
  | { readonly kind: 'unknown-symbol' }
  | { readonly kind: 'invalid-value' }
  /** The symbol has no prompt anywhere: a user value never applies (defaults and selects do). */
  | { readonly kind: 'no-prompt' }
  /** Every prompt is hidden: these factors of its condition are n. */
  | { readonly kind: 'not-visible'; readonly unmet: readonly Condition[] }
  /** Visible only up to m (a tristate whose dependencies are m): these factors are m. */
  | { readonly kind: 'limited-by-dependencies'; readonly limit: 'm'; readonly unmet: readonly Condition[] }
  /** Raised by `select` (reverse dependency), possibly over unmet direct dependencies. */
  | { readonly kind: 'selected'; readonly by: readonly Selector[] }
  /** `m` requested for a bool (or for a tristate while MODULES is off): promoted to y. */
  | { readonly kind: 'bool-promotion'; readonly modulesDisabled: boolean }
  /** Another member of the choice is selected (or this member is hidden). */
  | { readonly kind: 'choice'; readonly chosen: string | undefined }
  /** An int/hex value clamped into its active `range`. */
  | { readonly kind: 'out-of-range'; readonly low: string; readonly high: string }
  /** No specific cause found (should not happen; kept so callers never get an empty list). */
  | { readonly kind: 'other' };

export interface Change {
  readonly symbol: string;
  readonly requested: string;
  /** Resolved value; "" for a symbol that does not exist. */
  readonly resolved: string;
  readonly file: string;
  readonly line: number;
  readonly reasons: readonly ChangeReason[];
}

function condition(e: Expr, r: Resolution): Condition {
  return { expr: printExpr(e, r), value: tristateName(r.eval(e)), symbols: symbolsOf(e) };
}

export function symbolsOf(e: Expr | undefined): string[] {
  const out = new Set<string>();
  const walk = (x: Expr): void => {
    switch (x.kind) {
      case 'symbol':
        if (!x.symbol.isConst) out.add(x.symbol.name);
        break;
      case 'compare':
        if (!x.left.isConst) out.add(x.left.name);
        if (!x.right.isConst) out.add(x.right.name);
        break;
      case 'not':
        walk(x.operand);
        break;
      default:
        walk(x.left);
        walk(x.right);
    }
  };
  if (e) walk(e);
  return [...out];
}

/** Factors of the prompts' conditions whose value is below `wanted` (all prompts, deduplicated). */
function promptShortfall(symbol: KSymbol, r: Resolution, wanted: Tristate): Condition[] {
  const out: Condition[] = [];
  const seen = new Set<string>();
  for (const prop of symbol.props) {
    if (prop.text === undefined) continue;
    for (const factor of andFactors(prop.visible)) {
      if (r.eval(factor) >= wanted) continue;
      const c = condition(factor, r);
      if (!seen.has(c.expr)) {
        seen.add(c.expr);
        out.push(c);
      }
    }
  }
  return out;
}

export function selectors(symbol: KSymbol, r: Resolution, atLeast: Tristate = 1): Selector[] {
  const out: Selector[] = [];
  for (const term of orTerms(symbol.reverseDep)) {
    const v = r.eval(term);
    if (v < atLeast) continue;
    const head = andFactors(term)[0];
    out.push({
      symbol: head?.kind === 'symbol' ? head.symbol.name : printExpr(head),
      expr: printExpr(term, r),
      value: tristateName(v),
    });
  }
  return out;
}

/** Compares a request with the resolved value; undefined when the request was kept. */
export function explainChange(
  symbol: KSymbol | undefined,
  request: ConfigRequest,
  r: Resolution,
): Change | undefined {
  const base = { symbol: request.name, requested: request.raw, file: request.file, line: request.line };
  if (request.rejected === 'unknown-symbol' || !symbol)
    return { ...base, resolved: '', reasons: [{ kind: 'unknown-symbol' }] };
  const resolved = r.stringOf(symbol);
  if (request.rejected === 'invalid-value')
    return { ...base, resolved, reasons: [{ kind: 'invalid-value' }] };
  const user = r.user.get(symbol.id);
  if (!user) return undefined;
  const isTri = symbol.type === 'bool' || symbol.type === 'tristate';
  const requested = isTri ? tristateName(user.tri) : user.str;
  if (requested === resolved) return undefined;
  return { ...base, requested, resolved, reasons: reasonsFor(symbol, user.tri, r) };
}

function reasonsFor(symbol: KSymbol, requestedTri: Tristate, r: Resolution): ChangeReason[] {
  const id = symbol.id;
  const reasons: ChangeReason[] = [];
  const hasPrompt = symbol.props.some((p) => p.text !== undefined);
  const visible = r.visible[id] as Tristate;
  const isTri = symbol.type === 'bool' || symbol.type === 'tristate';
  const value = r.triOf(symbol);

  if (symbol.choice) {
    const members = r.model.choices.find((c) => c.menu === symbol.choice)?.members ?? [];
    const chosen = members.find((m) => r.triOf(m) === 2);
    if (visible === 0) reasons.push({ kind: 'not-visible', unmet: promptShortfall(symbol, r, 1) });
    reasons.push({ kind: 'choice', chosen: chosen?.name });
    return reasons;
  }
  if (!symbol.transitional) {
    if (!hasPrompt) reasons.push({ kind: 'no-prompt' });
    else if (visible === 0) reasons.push({ kind: 'not-visible', unmet: promptShortfall(symbol, r, 1) });
    else if (isTri && requestedTri > visible)
      reasons.push({ kind: 'limited-by-dependencies', limit: 'm', unmet: promptShortfall(symbol, r, 2) });
  }
  if (isTri) {
    const rev = r.revDep[id] as Tristate;
    if (value > requestedTri && rev > requestedTri)
      reasons.push({ kind: 'selected', by: selectors(symbol, r) });
    if (requestedTri === 1 && value === 2 && rev < 2 && visible !== 0 && (hasPrompt || symbol.transitional)) {
      reasons.push({
        kind: 'bool-promotion',
        modulesDisabled: symbol.type === 'tristate' && r.modulesValue === 0,
      });
    }
  } else if (visible !== 0) {
    const range = r.rangeProp(symbol);
    if (range?.range)
      reasons.push({
        kind: 'out-of-range',
        low: r.stringOf(range.range[0]),
        high: r.stringOf(range.range[1]),
      });
  }
  if (reasons.length === 0) reasons.push({ kind: 'other' });
  return reasons;
}

/** Everything that went into one symbol's value. */
export interface Explanation {
  readonly symbol: string;
  readonly type: string;
  readonly value: string;
  /** Highest value a user may set (prompt visibility); n = not user-settable now. */
  readonly visible: 'n' | 'm' | 'y';
  readonly hasPrompt: boolean;
  readonly directDependency: { readonly expr: string; readonly value: 'n' | 'm' | 'y' };
  readonly unmetDependencies: readonly Condition[];
  readonly selectedBy: readonly Selector[];
  readonly impliedBy: readonly Selector[];
  /** The default that applied (when no user value did). */
  readonly default?: {
    readonly expr: string;
    readonly condition: string;
    readonly file: string;
    readonly line: number;
  };
  readonly userValue?: string;
  /** Whether the symbol appears in the written .config. */
  readonly written: boolean;
  readonly definedAt: readonly { readonly file: string; readonly line: number }[];
}

export function explainSymbol(symbol: KSymbol, r: Resolution): Explanation {
  const id = symbol.id;
  r.calc(symbol);
  const isTri = symbol.type === 'bool' || symbol.type === 'tristate';
  const user = r.user.get(id);
  const defIndex = r.defaultUsed[id]!;
  const def = defIndex >= 0 ? symbol.props[defIndex] : undefined;
  const implied: Selector[] = [];
  for (const term of orTerms(symbol.implied)) {
    const v = r.eval(term);
    if (v === 0) continue;
    const head = andFactors(term)[0];
    implied.push({
      symbol: head?.kind === 'symbol' ? head.symbol.name : printExpr(head),
      expr: printExpr(term, r),
      value: tristateName(v),
    });
  }
  return {
    symbol: symbol.name,
    type: symbol.type,
    value: r.stringOf(symbol),
    visible: tristateName(r.visible[id] as Tristate),
    hasPrompt: symbol.props.some((p) => p.text !== undefined),
    directDependency: {
      expr: printExpr(symbol.directDep, r),
      value: tristateName(symbol.directDep ? r.eval(symbol.directDep) : 2),
    },
    unmetDependencies: andFactors(symbol.directDep)
      .filter((f) => r.eval(f) < 2)
      .map((f) => condition(f, r)),
    selectedBy: selectors(symbol, r),
    impliedBy: implied,
    ...(def
      ? {
          default: {
            expr: printExpr(def.expr, r),
            condition: printExpr(def.visible, r),
            file: def.location.file,
            line: def.location.line,
          },
        }
      : {}),
    ...(user ? { userValue: isTri ? tristateName(user.tri) : user.str } : {}),
    written: r.write[id] === 1,
    definedAt: symbol.menus.map((m) => ({ file: m.location.file, line: m.location.line })),
  };
}
