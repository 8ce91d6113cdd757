/** Sentences about why a symbol has its value, from the engine's explanations and change reasons. */
import type { ChangeReason } from '../../engine/index.js';
import type { KconfigContext } from '../define.js';

export interface Why {
  /** e.g. "ARM_SCMI_TRANSPORT_OPTEE is n: its dependency (OPTEE [=m]=y || …) is n". */
  readonly text: string;
  /** Symbols named by the explanation (for related Kconfig and configuration lines). */
  readonly symbols: readonly string[];
}

/** Why `symbol` is not (at least) `wanted`. */
export function whyNot(ctx: KconfigContext, symbol: string): Why {
  const { config } = ctx;
  const x = config.explain(symbol);
  if (!x) return { text: `${symbol} does not exist in ${ctx.source.origin}`, symbols: [symbol] };
  const symbols = new Set<string>([symbol]);
  const parts: string[] = [];
  const change = config.change(symbol);
  if (change) {
    parts.push(
      `CONFIG_${symbol}=${change.requested} was requested but resolves to ${change.resolved || 'nothing'}`,
    );
    for (const r of change.reasons) {
      const t = reasonText(r, symbols);
      if (t) parts.push(t);
    }
  } else if (x.unmetDependencies.length > 0 && x.directDependency.value === 'n') {
    const conds = x.unmetDependencies.filter((c) => c.value === 'n');
    for (const c of conds) for (const s of c.symbols) symbols.add(s);
    parts.push(`${symbol} is ${x.value}: its dependency ${conds.map((c) => c.expr).join(' && ')} is n`);
  } else if (x.userValue === 'n') {
    parts.push(`${symbol} is set to n`);
  } else if (!x.hasPrompt && x.selectedBy.length === 0) {
    parts.push(`${symbol} is ${x.value}: nothing selects it and it cannot be set directly`);
  } else {
    parts.push(`${symbol} is ${x.value} (not set${x.default ? `; default ${x.default.expr}` : ''})`);
  }
  return { text: parts.join('; '), symbols: [...symbols].filter((s) => !ctx.source.isInternal(s)) };
}

function reasonText(r: ChangeReason, symbols: Set<string>): string | undefined {
  switch (r.kind) {
    case 'not-visible':
    case 'limited-by-dependencies': {
      for (const c of r.unmet) for (const s of c.symbols) symbols.add(s);
      const what = r.kind === 'not-visible' ? 'it cannot be set' : 'it is limited to m';
      return `${what}: ${r.unmet.map((c) => `${c.expr} is ${c.value}`).join(', ')}`;
    }
    case 'selected':
      for (const s of r.by) symbols.add(s.symbol);
      return `selected by ${r.by.map((s) => s.expr).join(', ')}`;
    case 'no-prompt':
      return 'it has no prompt: only selects and defaults set it';
    case 'bool-promotion':
      return r.modulesDisabled ? 'modules are disabled' : 'it is a bool: m becomes y';
    case 'choice':
      return `another choice member is selected (${r.chosen ?? 'none'})`;
    case 'out-of-range':
      return `outside its range ${r.low}..${r.high}`;
    case 'unknown-symbol':
      return 'no such symbol';
    case 'invalid-value':
      return 'invalid value';
    default:
      return undefined;
  }
}
