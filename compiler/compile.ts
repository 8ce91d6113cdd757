/**
 * The front-end pipeline, in dtc's order: read (DTS through our preprocessor and `/include/`
 * assembly, or a DTB) → parse → build the tree → resolve references → structural checks →
 * dtc's post-check passes (aliases, `__symbols__`, overlay fix-ups). Never throws on bad input:
 * everything wrong with the input is a diagnostic.
 */
import { type CheckSettings, parseCheckFlags, runChecks } from './checks/index.js';
import { type Diagnostic, DiagnosticBag } from './diagnostics/diagnostic.js';
import { readDtb } from './dtb/reader.js';
import { restoreReferences } from './dtb/restore-refs.js';
import { type PreprocessCache, preprocess } from './preprocess/index.js';
import {
  generateFixups,
  generateLabelTree,
  guessBootCpuid,
  type PhandleStyle,
  resolveReferences,
} from './resolve/index.js';
import { assembleDtcSource } from './source/assemble.js';
import { type FileSystem, NodeFileSystem } from './source/file-system.js';
import { SourceText } from './source/source-text.js';
import { parseDts } from './syntax/parse.js';
import { buildTree } from './tree/build.js';
import type { DeviceTree } from './tree/tree.js';

export interface CompileOptions {
  /** `dts` (default) or `dtb`. */
  inputFormat?: 'dts' | 'dtb';
  /** Folders for `#include <…>`, `#include "…"` (after the includer's folder), `/include/` and `/incbin/`. */
  includeDirs?: string[];
  /** `NAME` or `NAME=VALUE`, as cpp's -D. */
  defines?: string[];
  undefines?: string[];
  /** Run the built-in C preprocessor (default true). false reads the file exactly as dtc does. */
  cpp?: boolean;
  /** `-@`: emit `__symbols__`, give every labelled node a phandle. */
  symbols?: boolean;
  /** `-L`: generate overlay fix-ups without `/plugin/`. */
  localFixups?: boolean;
  /** `-A`: add `/aliases` entries for every label. */
  autoAliases?: boolean;
  /** `-H`: which phandle properties allocation adds (default epapr). */
  phandleStyle?: PhandleStyle;
  /** `-b`: boot CPU; default is dtc's guess from `/cpus`. */
  bootCpu?: number;
  /** dtc-style check flags: `-Wno-unit_address_vs_reg`, `-Eduplicate_label`, … */
  checkFlags?: string[];
  /** Already-parsed check settings (overrides checkFlags). */
  checkSettings?: CheckSettings;
  fs?: FileSystem;
  cache?: PreprocessCache;
  limits?: { includeDepth?: number; expansionBudget?: number; incbinBytes?: number };
}

export interface CompileResult {
  /** True when the tree is good to emit: no error diagnostics. */
  ok: boolean;
  tree?: DeviceTree;
  source?: SourceText;
  diagnostics: Diagnostic[];
  /** Every file read, entry first (for `-d` dependency files and caches). */
  dependencies: string[];
}

const sharedFs = new NodeFileSystem();

export function compileFile(path: string, options: CompileOptions = {}): CompileResult {
  const fs = options.fs ?? sharedFs;
  if (options.inputFormat === 'dtb') {
    const bytes = fs.readBytes(path);
    if (!bytes) return failed(notFound(path));
    // dtc restores labels and references from overlay nodes after its checks; so do we, below.
    const read = readDtb(bytes, path, { restoreReferences: false });
    if (!read.tree) return { ok: false, diagnostics: read.diagnostics, dependencies: [path] };
    return finish(read.tree, undefined, read.diagnostics, [path], options);
  }
  const text = fs.readText(path);
  if (text === undefined) return failed(notFound(path));
  return compileText(path, text, { ...options, fs });
}

export function compileText(fileName: string, text: string, options: CompileOptions = {}): CompileResult {
  const fs = options.fs ?? sharedFs;
  const includeDirs = options.includeDirs ?? [];
  const diagnostics: Diagnostic[] = [];
  const dependencies: string[] = [fileName];

  let source: SourceText;
  if (options.cpp === false) {
    source = SourceText.fromFile(fileName, text);
  } else {
    const pre = preprocessEntry(fileName, text, options, fs);
    diagnostics.push(...pre.diagnostics);
    addAll(dependencies, pre.dependencies);
    source = pre.source;
    if (hasErrors(pre.diagnostics)) return { ok: false, source, diagnostics, dependencies };
  }

  const assembled = assembleDtcSource(source, { includeDirs, fs, currentFile: fileName });
  diagnostics.push(...assembled.diagnostics);
  addAll(dependencies, assembled.dependencies);
  source = assembled.source;
  if (hasErrors(assembled.diagnostics)) return { ok: false, source, diagnostics, dependencies };

  const parsed = parseDts(source);
  diagnostics.push(...parsed.diagnostics);
  if (hasErrors(parsed.diagnostics)) return { ok: false, source, diagnostics, dependencies };

  const built = buildTree(parsed.file, source, {
    fs,
    includeDirs,
    ...(options.limits?.incbinBytes !== undefined
      ? { limits: { incbinBytes: options.limits.incbinBytes } }
      : {}),
  });
  diagnostics.push(...built.diagnostics);
  if (hasErrors(built.diagnostics)) return { ok: false, tree: built.tree, source, diagnostics, dependencies };

  built.tree.bootCpuidPhys = guessBootCpuid(built.tree);
  return finish(built.tree, source, diagnostics, dependencies, options);
}

function preprocessEntry(fileName: string, text: string, options: CompileOptions, fs: FileSystem) {
  const pre = {
    includeDirs: options.includeDirs ?? [],
    defines: options.defines ?? [],
    undefines: options.undefines ?? [],
    fs: fs.readText(fileName) === text ? fs : overlayFile(fs, fileName, text),
    ...(options.cache ? { cache: options.cache } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
  };
  return preprocess(fileName, pre);
}

/** Lets compileText preprocess text that is not (or not yet) on disk under its name. */
function overlayFile(fs: FileSystem, fileName: string, text: string): FileSystem {
  return {
    readText: (p) => (p === fileName ? text : fs.readText(p)),
    readBytes: (p) => fs.readBytes(p),
    isFile: (p) => p === fileName || fs.isFile(p),
  };
}

function finish(
  tree: DeviceTree,
  source: SourceText | undefined,
  diagnostics: Diagnostic[],
  dependencies: string[],
  options: CompileOptions,
): CompileResult {
  if (options.bootCpu !== undefined) tree.bootCpuidPhys = options.bootCpu >>> 0;
  const symbols = options.symbols ?? false;
  const allocator = resolveReferences(tree, { phandleStyle: options.phandleStyle ?? 'epapr', symbols });

  let settings = options.checkSettings;
  if (!settings) {
    const parsedFlags = parseCheckFlags(options.checkFlags ?? []);
    diagnostics.push(...parsedFlags.diagnostics);
    settings = parsedFlags.settings;
  }
  const checks = runChecks(tree, settings);
  diagnostics.push(...checks.diagnostics);
  if (checks.failedErrors || hasErrors(diagnostics)) {
    return { ok: false, tree, ...(source ? { source } : {}), diagnostics, dependencies };
  }

  if (options.autoAliases) generateLabelTree(tree, 'aliases', undefined);
  const restored = new DiagnosticBag();
  restoreReferences(tree, restored);
  tree.invalidateLabels();
  diagnostics.push(...restored.items);
  if (symbols) {
    for (const w of generateLabelTree(tree, '__symbols__', allocator)) {
      diagnostics.push({
        code: 'ref/symbol-exists',
        severity: 'warning',
        message: `label ${w.label} already exists in /${w.node}`,
      });
    }
  }
  if (tree.plugin || options.localFixups) {
    for (const p of generateFixups(tree)) {
      diagnostics.push({ code: p.code, severity: p.fatal ? 'error' : 'warning', message: p.message });
    }
  }
  return { ok: !hasErrors(diagnostics), tree, ...(source ? { source } : {}), diagnostics, dependencies };
}

function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

function addAll(into: string[], items: readonly string[]): void {
  for (const item of items) if (!into.includes(item)) into.push(item);
}

function notFound(path: string): Diagnostic {
  return {
    code: 'io/not-found',
    severity: 'error',
    message: `Couldn't open "${path}": no such file`,
    hint: 'check the path; it is relative to the current folder',
  };
}

function failed(diagnostic: Diagnostic): CompileResult {
  return { ok: false, diagnostics: [diagnostic], dependencies: [] };
}
