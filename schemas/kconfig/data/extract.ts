/**
 * Developer tool: writes `models/<kernel>.ts` from upstream Kconfig files.
 *
 *   npx tsc -p tsconfig.build.json && node dist/schemas/kconfig/data/extract.js <kernel> <dir> [<dir>…] \
 *       [--full <linux-tree>] [--base <previous kernel>] > schemas/kconfig/data/models/<kernel>.ts \
 *     && npx biome check --write schemas/kconfig/data/models
 *
 * Only the oldest supported kernel's model is written in full; every later one is written with
 * `--base <the supported kernel before it>` as the changes from that model (symbols added, removed,
 * changed, each change preceded by a comment naming it), applied by `applyModelDelta` when the
 * models load. To add a version: extract it with `--base` set to the newest model, register it in
 * `models/index.ts` and `SUPPORTED_KERNELS`. Inserting a version between two others also means
 * re-extracting the next one with the new version as its base.
 *
 * Each `<dir>` is a folder laid out like a kernel tree holding (some of) the family Kconfig files
 * (e.g. `shared/kconfig/upstream/v6.1.192-debian`); a file missing from the first folder is read from
 * the next one. `--full` names a whole unpacked kernel tree used for the external symbols only (their
 * type and the value arm64's defconfig gives them). The output holds facts, never Kconfig text: names,
 * types, dependency/default/select expressions as the engine prints them, and definition lines.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { symbolsOf } from '../engine/explain.js';
import {
  type KconfigReader,
  type KSymbol,
  loadKconfig,
  NodeKconfigReader,
  readConfig,
  resolveConfig,
} from '../engine/index.js';
import type { Expr } from '../engine/model.js';
import { printExpr } from '../engine/print.js';
import { andFactors, orTerms } from '../engine/resolve.js';
import { FAMILY_SYMBOLS } from './family.js';
import type { SymbolChange } from './model-delta.js';
import { diffModels } from './model-diff.js';
import type { KconfigModelData, ModelSymbol } from './model-types.js';
import { BUILTIN_MODELS } from './models/index.js';
import { isSupportedKernel, type SupportedKernel } from './versions.js';

const ENTRY_FILES = [
  'arch/arm64/Kconfig',
  'drivers/tee/Kconfig',
  'drivers/firmware/Kconfig',
  'drivers/mailbox/Kconfig',
  'drivers/irqchip/Kconfig',
  'drivers/virtio/Kconfig',
];

/** Reads `<root>/<rel>` from the first folder that has it. */
class LayeredReader implements KconfigReader {
  private readonly inner = new NodeKconfigReader();
  constructor(private readonly dirs: readonly string[]) {}
  readText(p: string): string | undefined {
    if (p === '<entry>') return ENTRY_FILES.map((f) => `source "${f}"\n`).join('');
    for (const dir of this.dirs) {
      const text = this.inner.readText(path.join(dir, p));
      if (text !== undefined) return text;
    }
    return undefined;
  }
}

const print = (e: Expr | undefined): string | undefined => (e ? printExpr(e) : undefined);

function linuxEnv(srctree: string): Record<string, string> {
  return { SRCARCH: 'arm64', ARCH: 'arm64', srctree, CC: 'gcc', LD: 'ld', KERNELVERSION: '6' };
}

export function extractModel(kernel: string, dirs: readonly string[], full?: string): KconfigModelData {
  const tree = loadKconfig(new LayeredReader(dirs), '<entry>', { env: linuxEnv('.') });
  const wanted = new Set<string>(FAMILY_SYMBOLS);
  const symbols: ModelSymbol[] = [];
  const referenced = new Map<string, KSymbol>();
  const selectConditions = new Map<string, (Expr | undefined)[]>();
  const note = (e: Expr | undefined) => {
    for (const name of symbolsOf(e)) {
      const s = tree.model.byName.get(name);
      if (s && !wanted.has(name)) referenced.set(name, s);
    }
  };
  for (const name of FAMILY_SYMBOLS) {
    const s = tree.symbol(name);
    if (!s) continue;
    const prompt = s.props.find((p) => p.text !== undefined && (p.kind === 'prompt' || p.kind === 'menu'));
    const defaults = s.props
      .filter((p) => p.kind === 'default')
      .map((p) => ({ value: print(p.expr) ?? 'y', ...(p.visible ? { if: print(p.visible)! } : {}) }));
    const selects = s.props
      .filter((p) => p.kind === 'select' && p.target)
      .map((p) => ({ symbol: p.target!.name, ...(p.visible ? { if: print(p.visible)! } : {}) }));
    selectConditions.set(
      name,
      s.props.filter((p) => p.kind === 'select' && p.target).map((p) => p.visible),
    );
    const implies = s.props
      .filter((p) => p.kind === 'imply' && p.target)
      .map((p) => ({ symbol: p.target!.name, ...(p.visible ? { if: print(p.visible)! } : {}) }));
    for (const p of s.props) {
      if (p.kind === 'select') continue;
      note(p.visible);
      note(p.expr);
    }
    note(s.directDep);
    const where = s.menus[0]?.location;
    symbols.push({
      name,
      type: s.type as ModelSymbol['type'],
      ...(prompt ? { prompt: print(prompt.visible) ?? 'y' } : {}),
      ...(s.directDep ? { dependsOn: print(s.directDep)! } : {}),
      ...(defaults.length ? { defaults } : {}),
      ...(selects.length ? { selects } : {}),
      ...(implies.length ? { implies } : {}),
      ...(where ? { at: { file: where.file, line: where.line } } : {}),
    });
  }
  // A select is kept when its target is a family symbol, a symbol family entries depend on, or a
  // symbol no Kconfig file defines (ARCH_STM32's `select ARM_SMC_MBOX`).
  const fullValues = full ? defconfigValues(full) : undefined;
  const known = (n: string) => fullValues === undefined || fullValues.values.has(n);
  for (let i = 0; i < symbols.length; i++) {
    const s = symbols[i]!;
    if (!s.selects) continue;
    const conditions = selectConditions.get(s.name) ?? [];
    const keep = (x: { symbol: string }) =>
      wanted.has(x.symbol) || referenced.has(x.symbol) || !known(x.symbol);
    const kept = s.selects.filter(keep);
    s.selects.forEach((x, j) => {
      if (keep(x)) note(conditions[j]);
    });
    const { selects: _, ...rest } = s;
    symbols[i] = kept.length ? { ...rest, selects: kept } : rest;
  }
  const undefinedReferences: KconfigModelData['undefinedReferences'][number][] = [];
  for (const [name] of [...referenced].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const f = fullValues?.values.get(name);
    if (f)
      symbols.push({
        name,
        type: f.type,
        prompt: 'y',
        defaults: f.value === 'n' ? [] : [{ value: f.type === 'string' ? JSON.stringify(f.value) : f.value }],
        external: true,
      });
  }
  // Family symbols that something outside the model selects (MAILBOX by SoC drivers, VIRTIO by the
  // virtio transports): recorded with the value those selects give under arm64's defconfig.
  for (let i = 0; i < symbols.length; i++) {
    const s = symbols[i]!;
    const v = fullValues?.selectedFromOutside.get(s.name);
    if (!s.external && v) symbols[i] = { ...s, selectedOutside: v };
  }
  // Select targets no Kconfig file defines (ARCH_STM32's `select ARM_SMC_MBOX`), judged only when the
  // full tree is the same release (an older arm64 file selects symbols a newer tree dropped).
  const sameRelease = full !== undefined && fullVersion(full) === kernel;
  for (const s of sameRelease ? symbols : [])
    for (const x of s.selects ?? [])
      if (!tree.symbol(x.symbol) && !fullValues?.values.has(x.symbol))
        for (const r of tree.undefinedReferences())
          if (r.name === x.symbol && !undefinedReferences.some((u) => u.name === r.name && u.line === r.line))
            undefinedReferences.push(r);
  return {
    kernel,
    provenance: `extracted from ${dirs.map((d) => path.basename(d)).join(' + ')}${full ? `; external symbols valued by arm64 defconfig of ${path.basename(full)}` : ''}`,
    symbols,
    undefinedReferences,
  };
}

function fullVersion(src: string): string | undefined {
  const text = fs.readFileSync(path.join(src, 'Makefile'), 'latin1');
  const major = /^VERSION\s*=\s*(\d+)/m.exec(text)?.[1];
  const minor = /^PATCHLEVEL\s*=\s*(\d+)/m.exec(text)?.[1];
  return major && minor ? `v${major}.${minor}` : undefined;
}

function defconfigValues(src: string): {
  values: Map<string, { type: ModelSymbol['type']; value: string }>;
  selectedFromOutside: Map<string, 'y' | 'm'>;
} {
  const tree = loadKconfig(new NodeKconfigReader(), 'Kconfig', { srctree: src, env: linuxEnv(src) });
  const text = fs.readFileSync(path.join(src, 'arch/arm64/configs/defconfig'), 'latin1');
  const r = resolveConfig(tree, readConfig(text, 'defconfig'));
  const values = new Map<string, { type: ModelSymbol['type']; value: string }>();
  for (const name of tree.symbolNames()) {
    const s = tree.symbol(name)!;
    values.set(name, { type: s.type as ModelSymbol['type'], value: r.value(name) ?? 'n' });
  }
  const family = new Set<string>(FAMILY_SYMBOLS);
  const selectedFromOutside = new Map<string, 'y' | 'm'>();
  for (const name of FAMILY_SYMBOLS) {
    const s = tree.symbol(name);
    if (!s) continue;
    let best = 0;
    for (const term of orTerms(s.reverseDep)) {
      const head = andFactors(term)[0];
      if (head?.kind === 'symbol' && family.has(head.symbol.name)) continue;
      best = Math.max(best, r.resolution.eval(term));
    }
    if (best > 0) selectedFromOutside.set(name, best === 2 ? 'y' : 'm');
  }
  return { values, selectedFromOutside };
}

/** One line per changed field other than the definition line, saying what changed. */
function describeChange(old: ModelSymbol, change: SymbolChange): string[] {
  const item = (x: unknown): string => {
    if (typeof x !== 'object' || x === null) return String(x);
    const r = x as { symbol?: string; value?: string; if?: string };
    return `${r.symbol ?? r.value}${r.if ? ` if ${r.if}` : ''}`;
  };
  const lines: string[] = [];
  for (const [key, value] of Object.entries(change)) {
    if (key === 'at') continue;
    const before = (old as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value) || Array.isArray(before)) {
      const was = ((before ?? []) as unknown[]).map(item);
      const now = ((value ?? []) as unknown[]).map(item);
      const diff = [
        ...now.filter((x) => !was.includes(x)).map((x) => `+${x}`),
        ...was.filter((x) => !now.includes(x)).map((x) => `-${x}`),
      ];
      lines.push(`${key}: ${diff.length ? diff.join(', ') : 'reordered'}`);
    } else
      lines.push(
        `${key}: ${before === undefined ? '(none)' : item(before)} -> ${value === undefined ? '(none)' : item(value)}`,
      );
  }
  return lines;
}

const moduleId = (kernel: string) => `model_${kernel.replace(/[^0-9a-z]/gi, '_')}`;

/**
 * The source of `models/<kernel>.ts`: the model in full, or, given the previous supported version's
 * model, as a delta over it (see model-delta.ts) so the file shows what changed between the two.
 */
export function printModelModule(model: KconfigModelData, base?: KconfigModelData): string {
  const header = '// Generated by kconfig/data/extract.ts — facts only (names, types, expressions, lines)';
  const delta = base ? diffModels(base, model) : undefined;
  if (!base || !delta)
    return (
      `${header}.\n` +
      `import type { KconfigModelData } from '../model-types.js';\n\n` +
      `export const ${moduleId(model.kernel)}: KconfigModelData = ${JSON.stringify(model, null, 2)};\n`
    );
  const json = (v: unknown) => JSON.stringify(v, null, 2);
  const out = [
    `${header}:`,
    `// what changed from ${base.kernel}'s model.`,
    `import { applyModelDelta } from '../model-delta.js';`,
    `import type { KconfigModelData } from '../model-types.js';`,
    `import { ${moduleId(base.kernel)} } from './${base.kernel}.js';`,
    '',
    `export const ${moduleId(model.kernel)}: KconfigModelData = applyModelDelta(${moduleId(base.kernel)}, {`,
    `kernel: ${json(delta.kernel)},`,
    `provenance: ${json(delta.provenance)},`,
  ];
  if (delta.remove) out.push(`remove: ${json(delta.remove)},`);
  if (delta.add) {
    out.push('add: {');
    for (const [name, s] of Object.entries(delta.add)) out.push(`${name}: ${json(s)},`);
    out.push('},');
  }
  if (delta.change) {
    out.push('change: {');
    const byName = new Map(base.symbols.map((s) => [s.name, s]));
    for (const [name, c] of Object.entries(delta.change)) {
      for (const line of describeChange(byName.get(name)!, c)) out.push(`// ${line}`);
      out.push(`${name}: ${json(c)},`);
    }
    out.push('},');
  }
  if (delta.undefinedReferences) out.push(`undefinedReferences: ${json(delta.undefinedReferences)},`);
  out.push('});', '');
  return out.join('\n');
}

function main(argv: string[]): void {
  const option = (flag: string) => {
    const at = argv.indexOf(flag);
    return at >= 0 ? { value: argv[at + 1], at } : undefined;
  };
  const full = option('--full');
  const base = option('--base');
  const skip = new Set([full?.at, full && full.at + 1, base?.at, base && base.at + 1]);
  const [kernel, ...dirs] = argv.filter((_, i) => !skip.has(i));
  if (!kernel || dirs.length === 0 || (base && !isSupportedKernel(base.value ?? ''))) {
    process.stderr.write(
      'usage: extract <kernel> <dir>… [--full <linux-tree>] [--base <supported kernel>]\n',
    );
    process.exitCode = 2;
    return;
  }
  const model = extractModel(kernel, dirs, full?.value);
  const previous = base ? BUILTIN_MODELS[base.value as SupportedKernel] : undefined;
  process.stdout.write(printModelModule(model, previous));
}

if (process.argv[1]?.endsWith('extract.js')) main(process.argv.slice(2));
