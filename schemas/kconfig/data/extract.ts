/**
 * Developer tool: writes `models/<kernel>.ts` from upstream Kconfig files.
 *
 *   npx tsc -p tsconfig.build.json && node dist/schemas/kconfig/data/extract.js <kernel> <dir> [<dir>…] \
 *       [--full <linux-tree>] > kconfig/data/models/<kernel>.ts
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
import type { KconfigModelData, ModelSymbol } from './model-types.js';

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

function main(argv: string[]): void {
  const fullAt = argv.indexOf('--full');
  const full = fullAt >= 0 ? argv[fullAt + 1] : undefined;
  const rest = argv.filter((_, i) => i !== fullAt && i !== fullAt + 1);
  const [kernel, ...dirs] = rest;
  if (!kernel || dirs.length === 0) {
    process.stderr.write('usage: extract <kernel> <dir>… [--full <linux-tree>]\n');
    process.exitCode = 2;
    return;
  }
  const model = extractModel(kernel, dirs, full);
  const id = kernel.replace(/[^0-9a-z]/gi, '_');
  process.stdout.write(
    `// Generated by kconfig/data/extract.ts — facts only (names, types, expressions, lines).\n` +
      `import type { KconfigModelData } from '../model-types.js';\n\n` +
      `export const model_${id}: KconfigModelData = ${JSON.stringify(model, null, 2)};\n`,
  );
}

if (process.argv[1]?.endsWith('extract.js')) main(process.argv.slice(2));
