import type { Diagnostic } from '../../../compiler/diagnostics/diagnostic.js';
import { and, type Expr, type MenuNode, or } from './model.js';
import type { ParsedTree } from './parser.js';

/**
 * menu_finalize() (scripts/kconfig/menu.c): propagates dependencies down the menu tree and builds
 * each symbol's direct, reverse (select) and weak reverse (imply) dependencies.
 *
 * - every entry's `dep` becomes `parent.dep && own dep`, with the constant `m` rewritten to
 *   `m && MODULES` (so `depends on m` is n without modules);
 * - every property's condition becomes `entry.dep && condition` (the prompt's condition already
 *   carries enclosing menus' `visible if`);
 * - `select S if C` in entry E adds `E && (E.dep && C)` to S's reverse dependency; `imply` likewise
 *   to S's implied expression;
 * - a symbol's direct dependency is the OR of its definitions' `dep`, except for definitions inside
 *   a choice (the C code skips them, and choice members never look at it).
 *
 * The C code also simplifies expressions (expr_transform, expr_eliminate_dups); those rewrites keep
 * the value, so they are not repeated here. The automatic submenu creation only changes how menus
 * are displayed and is not reproduced either.
 */
export function finalize(tree: ParsedTree, diagnostics: Diagnostic[]): void {
  const rewrite = (e: Expr | undefined): Expr | undefined => rewriteM(e, tree);
  const visit = (parent: MenuNode, insideChoice: boolean): void => {
    if (parent.children.length > 0) {
      for (const menu of parent.children) {
        const base = and(parent.dep, rewrite(menu.dep));
        menu.dep = base;
        const props = menu.symbol ? menu.symbol.props : menu.prompt ? [menu.prompt] : [];
        for (const prop of props) {
          if (prop.menu !== menu) continue;
          const dep = and(base, rewrite(prop.visible));
          prop.visible = dep;
          if ((prop.kind === 'select' || prop.kind === 'imply') && prop.target && menu.symbol) {
            const term = and({ kind: 'symbol', symbol: menu.symbol }, dep)!;
            if (prop.kind === 'select') prop.target.reverseDep = or(prop.target.reverseDep, term);
            else prop.target.implied = or(prop.target.implied, term);
          }
        }
      }
      const isChoice = parent.kind === 'choice';
      for (const menu of parent.children) visit(menu, isChoice);
    } else if (!insideChoice && parent.symbol && parent.kind !== 'choice') {
      // expr_alloc_or() drops a missing operand, so a definition without dependencies adds nothing
      // to the OR (it does not make it y): kept as in the C code.
      parent.symbol.directDep = or(parent.symbol.directDep, parent.dep);
    }
  };
  visit(tree.root, false);

  for (const choice of tree.choices) {
    for (const member of choice.members) if (!member.choice) member.choice = choice.menu;
  }
  checkProperties(tree, diagnostics);
}

function rewriteM(e: Expr | undefined, tree: ParsedTree): Expr | undefined {
  if (!e) return e;
  switch (e.kind) {
    case 'not': {
      const operand = rewriteM(e.operand, tree)!;
      return operand === e.operand ? e : { kind: 'not', operand };
    }
    case 'and':
    case 'or': {
      const left = rewriteM(e.left, tree)!;
      const right = rewriteM(e.right, tree)!;
      return left === e.left && right === e.right ? e : { kind: e.kind, left, right };
    }
    case 'symbol':
      if (e.symbol === tree.constants.m) {
        const modules = tree.modules ?? tree.constants.n;
        return { kind: 'and', left: e, right: { kind: 'symbol', symbol: modules } };
      }
      return e;
    default:
      return e;
  }
}

/** sym_check_prop() and the "defined without type" warning. */
function checkProperties(tree: ParsedTree, diagnostics: Diagnostic[]): void {
  const warn = (code: string, message: string, file: string, line: number): void => {
    diagnostics.push({
      code,
      severity: 'warning',
      message,
      span: { file, line, col: 1, endLine: line, endCol: 1 },
    });
  };
  for (const symbol of tree.symbols) {
    if (symbol.menus.length === 0 || symbol.isChoice) continue;
    const first = symbol.menus[0]!;
    if (symbol.type === 'unknown')
      warn(
        'kconfig/parse-symbol-without-type',
        `config symbol '${symbol.name}' defined without type`,
        first.location.file,
        first.location.line,
      );
    for (const prop of symbol.props) {
      const { file, line } = prop.location;
      if (
        prop.kind === 'default' &&
        (symbol.type === 'string' || symbol.type === 'int' || symbol.type === 'hex')
      ) {
        if (prop.expr?.kind !== 'symbol')
          warn(
            'kconfig/parse-default-not-symbol',
            `default for config symbol '${symbol.name}' must be a single symbol`,
            file,
            line,
          );
      }
      if ((prop.kind === 'select' || prop.kind === 'imply') && prop.target) {
        const t = prop.target.type;
        if (symbol.type !== 'bool' && symbol.type !== 'tristate')
          warn(
            'kconfig/parse-select-from-non-bool',
            `config symbol '${symbol.name}' uses ${prop.kind}, but is not bool or tristate`,
            file,
            line,
          );
        else if (t !== 'unknown' && t !== 'bool' && t !== 'tristate')
          warn(
            'kconfig/parse-select-wrong-type',
            `'${prop.target.name}' has wrong type. '${prop.kind}' only accept arguments of bool and tristate type`,
            file,
            line,
          );
      }
      if (prop.kind === 'range' && symbol.type !== 'int' && symbol.type !== 'hex')
        warn('kconfig/parse-range-wrong-type', 'range is only allowed for int or hex symbols', file, line);
    }
  }
  for (const choice of tree.choices) {
    for (const prop of choice.symbol.props) {
      if (prop.kind !== 'default' || prop.expr?.kind !== 'symbol') continue;
      const target = prop.expr.symbol;
      if (!choice.members.includes(target))
        warn(
          'kconfig/parse-choice-default-outside',
          `choice default symbol '${target.name}' is not contained in the choice`,
          prop.location.file,
          prop.location.line,
        );
    }
  }
}
