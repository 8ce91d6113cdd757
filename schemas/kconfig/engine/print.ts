import type { Expr, KSymbol } from './model.js';
import type { Resolution, UnmetDependency } from './resolve.js';

/**
 * Expression printing as expr_print() / expr_gstr_print() do it: `A=B`, `A && B`, `A || B`, `!A`,
 * parentheses only where precedence needs them, and with a resolution a ` [=value]` after every
 * symbol that has a type (so constants and undefined symbols print bare).
 */

const RANK: Readonly<Record<string, number>> = { or: 1, and: 2, not: 3, '=': 4, '!=': 4, cmp: 5, symbol: 6 };

function rank(e: Expr): number {
  if (e.kind === 'compare') return e.op === '=' || e.op === '!=' ? 4 : 5;
  return RANK[e.kind]!;
}

export function printExpr(e: Expr | undefined, values?: Resolution): string {
  if (!e) return 'y';
  return print(e, values, 0);
}

function symbolText(symbol: KSymbol, values: Resolution | undefined): string {
  const name = symbol.isChoice ? '<choice>' : symbol.name;
  if (!values || symbol.type === 'unknown' || symbol.isConst) return name;
  return `${name} [=${values.stringOf(symbol)}]`;
}

function print(e: Expr, values: Resolution | undefined, parentRank: number): string {
  const own = rank(e);
  let text: string;
  switch (e.kind) {
    case 'symbol':
      return symbolText(e.symbol, values);
    case 'not':
      text = `!${print(e.operand, values, own)}`;
      break;
    case 'and':
      text = `${print(e.left, values, own)} && ${print(e.right, values, own)}`;
      break;
    case 'or':
      text = `${print(e.left, values, own)} || ${print(e.right, values, own)}`;
      break;
    case 'compare':
      text = `${symbolText(e.left, values)}${e.op}${symbolText(e.right, values)}`;
      break;
  }
  return parentRank > own ? `(${text})` : text;
}

/** The exact text sym_warn_unmet_dep() writes to stderr (it starts with an empty line). */
export function formatUnmetWarning(u: UnmetDependency, values: Resolution): string {
  let out = `\nWARNING: unmet direct dependencies detected for ${u.symbol.name}\n`;
  out += `  Depends on [${u.dependsOn === 1 ? 'm' : 'n'}]: ${printExpr(u.symbol.directDep, values)}\n`;
  for (const want of [2, 1] as const) {
    const terms = u.selectedBy.filter((s) => s.value === want);
    if (terms.length === 0) continue;
    out += `  Selected by [${want === 2 ? 'y' : 'm'}]:\n`;
    for (const t of terms) out += `  - ${printExpr(t.expr, values)}\n`;
  }
  return out;
}
