/**
 * DT-vs-Kconfig checking: does this kernel configuration drive every enabled node of this tree?
 *
 *   checkKconfig(tree, source, configs, options?) → { diagnostics, fragment, kernel }
 *
 * `source` is `{ kernel: 'v6.1' }` (the built-in model of that kernel: the family symbols only, see
 * kconfig/data/models), `{ kconfigTree: dir }` (a kernel source tree, loaded the way `make ARCH=arm64`
 * reads it) or an already loaded `KconfigSource` (to check many trees against one kernel). `configs`
 * are applied in order, later lines winning, as merge_config.sh does with a defconfig and fragments.
 *
 * Diagnostics use the rule ids as codes (`kconfig/no-driver`, …) and point at the DT node (span) with
 * `related` entries at the Kconfig definition and at the configuration line of each symbol involved.
 * `fragment` is the smallest defconfig fragment (verified with the engine) that makes every enabled
 * node drivable. Never throws: a rule that fails becomes one `kconfig/internal-error`.
 */

import type { Diagnostic, RelatedSpan, Span } from '../../compiler/diagnostics/diagnostic.js';
import { appendAll } from '../../compiler/diagnostics/diagnostic.js';
import type { DeviceTree } from '../../compiler/tree/tree.js';
import { locate } from '../rules/run.js';
import { TreeView } from '../view/view.js';
import { isSupportedKernel, type KernelVersion, type SupportedKernel } from './data/versions.js';
import { type ConfigText, type ResolvedConfig, readConfig, resolveConfig } from './engine/index.js';
import type { KconfigContext, KconfigFinding, KconfigRule } from './rules/define.js';
import { kconfigRules } from './rules/index.js';
import { analyseDrivers } from './rules/support/drivers.js';
import { minimalFragment } from './rules/support/fragment.js';
import { builtinSource, type KconfigSource, treeSource } from './rules/support/source.js';

export type { KconfigSource } from './rules/support/source.js';

export type KconfigSourceSpec =
  | { readonly kernel: SupportedKernel }
  | { readonly kconfigTree: string; readonly arch?: string; readonly kernel?: KernelVersion };

export interface ConfigInput {
  readonly text: string;
  /** Shown in diagnostics (the path as the user gave it). */
  readonly file: string;
}

export interface KconfigCheckOptions {
  /** Rules to run (default: all). */
  rules?: readonly KconfigRule[];
  /** Compute the fragment (default true; it resolves the configuration a few more times). */
  fragment?: boolean;
}

export interface KconfigCheckResult {
  diagnostics: Diagnostic[];
  /** Lines of the smallest defconfig fragment that makes every enabled node drivable. */
  fragment: string[];
  kernel: KernelVersion | undefined;
  /** The resolved configuration (undefined when the source could not be loaded). */
  resolved?: ResolvedConfig;
}

/** Loads a source once (for checking many trees); diagnostics hold load problems. */
export function loadKconfigSource(spec: KconfigSourceSpec): KconfigSource {
  if ('kconfigTree' in spec)
    return treeSource(spec.kconfigTree, {
      ...(spec.arch ? { arch: spec.arch } : {}),
      ...(spec.kernel ? { kernel: spec.kernel } : {}),
    });
  return builtinSource(spec.kernel);
}

function isSource(x: KconfigSourceSpec | KconfigSource): x is KconfigSource {
  return 'tree' in x && 'definition' in x;
}

export function checkKconfig(
  tree: DeviceTree,
  source: KconfigSourceSpec | KconfigSource,
  configs: ConfigInput | readonly ConfigInput[],
  options: KconfigCheckOptions = {},
): KconfigCheckResult {
  if (!isSource(source) && !('kconfigTree' in source) && !isSupportedKernel(source.kernel))
    return {
      diagnostics: [
        {
          code: 'kconfig/unsupported-kernel',
          severity: 'error',
          message: `no built-in Kconfig model for ${String(source.kernel)}`,
          hint: 'use v5.16, v5.19, v6.1, v6.11 or v6.12, or pass a kernel tree',
        },
      ],
      fragment: [],
      kernel: undefined,
    };
  const src = isSource(source) ? source : loadKconfigSource(source);
  // Loading problems that change what the check can say (parse errors, a guessed version); notes about
  // the kernel's own Kconfig text (no newline at end of file, $(shell) not run) are not the user's.
  const diagnostics: Diagnostic[] = src.diagnostics.filter(
    (d) => d.severity === 'error' || d.code === 'kconfig/unknown-kernel-version',
  );
  const texts: ConfigText[] = (Array.isArray(configs) ? configs : [configs as ConfigInput]).map((c) =>
    readConfig(c.text, c.file),
  );
  const config = resolveConfig(src.tree, texts);
  // Reading problems of the configuration files (malformed lines); unknown symbols are rule findings.
  for (const d of config.diagnostics) if (d.code !== 'kconfig/config-unknown-symbol') diagnostics.push(d);
  const view = new TreeView(tree);
  const drivers = analyseDrivers(view, config, src.kernel);
  const ctx: KconfigContext = { dt: tree, view, source: src, config, drivers };

  const requests = new Map<string, { file: string; line: number }>();
  for (const t of texts) for (const e of t.entries) requests.set(e.name, { file: e.file, line: e.line });
  const findings: { rule: KconfigRule; diagnostic: Diagnostic }[] = [];
  for (const rule of options.rules ?? kconfigRules) {
    try {
      rule.check(ctx, (f) => findings.push({ rule, diagnostic: toDiagnostic(ctx, requests, rule, f) }));
    } catch (error) {
      diagnostics.push({
        code: 'kconfig/internal-error',
        severity: 'error',
        message: `kconfig rule ${rule.id} stopped: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }
  appendAll(diagnostics, dedupe(findings));

  let fragment: string[] = [];
  if (options.fragment !== false) {
    const f = minimalFragment(src.tree, texts, drivers.all, (s) => src.isInternal(s));
    fragment = [...f.lines];
    if (fragment.length > 0) {
      // The fragment must resolve as written: every line kept by the resolver.
      const check = resolveConfig(src.tree, [...texts, readConfig(`${fragment.join('\n')}\n`, '<fragment>')]);
      for (const c of check.changes)
        if (c.file === '<fragment>')
          diagnostics.push({
            code: 'kconfig/fragment-not-kept',
            severity: 'info',
            message: `the suggested CONFIG_${c.symbol}=${c.requested} resolves to ${c.resolved || 'nothing'}`,
          });
    }
  }
  return { diagnostics, fragment, kernel: src.kernel, resolved: config };
}

/** Drops findings superseded by a more precise rule on the same node; removes exact duplicates. */
function dedupe(findings: { rule: KconfigRule; diagnostic: Diagnostic }[]): Diagnostic[] {
  const superseded = new Set<string>();
  for (const { rule, diagnostic } of findings)
    for (const code of rule.supersedes ?? []) superseded.add(`${code}\0${diagnostic.nodePath ?? ''}`);
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const { diagnostic: d } of findings) {
    if (superseded.has(`${d.code}\0${d.nodePath ?? ''}`)) continue;
    const key = `${d.code}\0${d.nodePath ?? ''}\0${spanKey(d.span)}\0${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}

function spanKey(s: Span | undefined): string {
  return s ? `${s.file}:${s.line}:${s.col}` : '';
}

function lineSpan(file: string, line: number): Span {
  return { file, line, col: 1, endLine: line, endCol: 1 };
}

/** The last configuration line that assigns each symbol. */
type Requests = ReadonlyMap<string, { file: string; line: number }>;

function toDiagnostic(
  ctx: KconfigContext,
  requests: Requests,
  rule: KconfigRule,
  f: KconfigFinding,
): Diagnostic {
  let span: Span | undefined;
  let nodePath: string | undefined;
  let property: string | undefined;
  if ('fileLine' in f.at) span = lineSpan(f.at.fileLine.file, f.at.fileLine.line);
  else ({ span, nodePath, property } = locate(ctx.dt, f.at));
  const related: RelatedSpan[] = [];
  for (const r of f.related ?? []) {
    const s = locate(ctx.dt, r.at).span;
    if (s) related.push({ span: s, message: r.message });
  }
  for (const symbol of f.symbols ?? []) {
    if (ctx.source.isInternal(symbol)) continue;
    const def = ctx.source.definition(symbol);
    if (def)
      related.push({
        span: lineSpan(def.file, def.line),
        message: `${symbol} is defined here${ctx.source.kind === 'builtin' ? ` (Linux ${ctx.source.kernel})` : ''}`,
      });
    const set = requests.get(symbol);
    if (set && !(span && span.file === set.file && span.line === set.line))
      related.push({ span: lineSpan(set.file, set.line), message: `CONFIG_${symbol} is set here` });
  }
  return {
    code: rule.id,
    severity: f.severity ?? rule.severity,
    message: f.message,
    ...(span ? { span } : {}),
    ...(nodePath !== undefined ? { nodePath } : {}),
    ...(property !== undefined ? { property } : {}),
    ...(related.length ? { related } : {}),
    ...(f.notes?.length ? { notes: [...f.notes] } : {}),
    ...(f.hint ? { hint: f.hint } : {}),
  };
}
