/**
 * The front-end pipeline, in dtc's order: read (DTS through our preprocessor and `/include/`
 * assembly, or a DTB) → parse → build the tree → resolve references → structural checks →
 * dtc's post-check passes (aliases, `__symbols__`, overlay fix-ups). Never throws on bad input:
 * everything wrong with the input is a diagnostic.
 */
import { type CheckSettings, parseCheckFlags, runChecks } from './checks/index.js';
import { appendAll, type Diagnostic, DiagnosticBag } from './diagnostics/diagnostic.js';
import { readDtb } from './dtb/reader.js';
import { restoreReferences } from './dtb/restore-refs.js';
import { type Limits, limitHint, limitInfo, resolveLimits } from './limits.js';
import { type PreprocessCache, preprocess } from './preprocess/index.js';
import {
  generateFixups,
  generateLabelTree,
  guessBootCpuid,
  type PhandleStyle,
  resolveReferences,
} from './resolve/index.js';
import { assembleDtcSource } from './source/assemble.js';
import { type FileSystem, NodeFileSystem, SizeLimitedFileSystem, STDIN_NAME } from './source/file-system.js';
import { dirname } from './source/paths.js';
import { SandboxFileSystem } from './source/sandbox-file-system.js';
import { SourceText } from './source/source-text.js';
import { parseWithinDepth } from './syntax/nesting.js';
import { buildTree } from './tree/build.js';
import type { DeviceTree, Node } from './tree/tree.js';

export { STDIN_NAME };

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
  /** Resource limits; unset ones take their defaults (`compiler/limits.ts`). */
  limits?: Partial<Limits>;
  /**
   * Confine every read to the entry file's folder and `includeDirs` (regular files only, no
   * escapes through `..`, absolute paths or symlinks). Standard input has no folder: only `includeDirs`.
   */
  sandbox?: boolean;
  /**
   * Standard input's contents (latin1), read by the caller: served as the file `STDIN_NAME`, so
   * `compileFile(STDIN_NAME, …)` compiles it as DTS or DTB like any file (plain data, so it crosses
   * worker threads).
   */
  stdin?: string;
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
  const fs = guardedFs(options, path);
  if (options.inputFormat === 'dtb') {
    const bytes = fs.readBytes(path);
    if (!bytes) return failed(unreadable(fs, path));
    // dtc restores labels and references from overlay nodes after its checks; so do we, below.
    const read = readDtb(bytes, path, { restoreReferences: false });
    if (!read.tree) return { ok: false, diagnostics: read.diagnostics, dependencies: [path] };
    const maxDepth = resolveLimits(options.limits).nodeDepth;
    const deep = firstNodeBelow(read.tree.root, maxDepth);
    if (deep) {
      return failed({
        code: limitInfo('nodeDepth').code,
        severity: 'error',
        message: `node ${deep.path} is nested more than ${maxDepth} deep, over the node-depth limit`,
        span: { file: path, line: 1, col: 1, endLine: 1, endCol: 1 },
        nodePath: deep.path,
        hint: limitHint('nodeDepth', maxDepth),
      });
    }
    return finish(read.tree, undefined, read.diagnostics, [path], options);
  }
  const text = fs.readText(path);
  if (text === undefined) return failed(unreadable(fs, path));
  return compileGuarded(path, text, options, fs);
}

/**
 * True when a run was stopped rather than finished: a resource limit or the sandbox ended it (codes
 * `limit/*`, `sandbox/*`), so whatever it built is partial and must not be written, even with -f.
 */
export function wasCutShort(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some(
    (d) => d.severity === 'error' && (d.code.startsWith('limit/') || d.code.startsWith('sandbox/')),
  );
}

/** Compiles `text` as the file `fileName` (`STDIN_NAME` for standard input). */
export function compileText(fileName: string, text: string, options: CompileOptions = {}): CompileResult {
  const fs = guardedFs(options, fileName);
  const limits = resolveLimits(options.limits);
  if (text.length > limits.inputSize) {
    return failed({
      code: 'limit/input-size',
      severity: 'error',
      message: `"${fileName}" is ${text.length} bytes, over the input-size limit of ${limits.inputSize}`,
      span: { file: fileName, line: 1, col: 1, endLine: 1, endCol: 1 },
      hint: limitHint('inputSize', limits.inputSize, text.length),
    });
  }
  return compileGuarded(fileName, text, options, fs);
}

/**
 * The file system every reader of one compile goes through: the input-size limit always, the
 * sandbox when asked. Wrappers are kept per base file system and settings so the preprocessor's
 * cache of lexed includes keeps working across many inputs.
 */
function guardedFs(options: CompileOptions, entry: string): FileSystem {
  const disk = options.fs ?? sharedFs;
  const base = options.stdin === undefined ? disk : overlayFile(disk, STDIN_NAME, options.stdin);
  const limits = resolveLimits(options.limits);
  const roots = options.sandbox
    ? [...(entry === STDIN_NAME ? [] : [dirname(entry) || '.']), ...(options.includeDirs ?? [])]
    : undefined;
  const key = `${limits.inputSize}\0${roots ? `${entry}\0${roots.join('\0')}` : ''}`;
  let byKey = guards.get(base);
  if (!byKey) {
    byKey = new Map();
    guards.set(base, byKey);
  }
  let fs = byKey.get(key);
  if (!fs) {
    fs = new SizeLimitedFileSystem(base, limits.inputSize, limitHint('inputSize', limits.inputSize));
    if (roots) fs = new SandboxFileSystem(fs, roots, [entry]);
    byKey.set(key, fs);
  }
  return fs;
}

const guards = new WeakMap<FileSystem, Map<string, FileSystem>>();

function compileGuarded(
  fileName: string,
  text: string,
  options: CompileOptions,
  fs: FileSystem,
): CompileResult {
  const limits = resolveLimits(options.limits);
  const includeDirs = options.includeDirs ?? [];
  const diagnostics: Diagnostic[] = [];
  const dependencies: string[] = [fileName];

  let source: SourceText;
  if (options.cpp === false) {
    source = SourceText.fromFile(fileName, text);
  } else {
    const pre = preprocessEntry(fileName, text, options, fs, limits);
    appendAll(diagnostics, pre.diagnostics);
    addAll(dependencies, pre.dependencies);
    source = pre.source;
    if (hasErrors(pre.diagnostics)) return { ok: false, source, diagnostics, dependencies };
  }

  const assembled = assembleDtcSource(source, {
    includeDirs,
    fs,
    currentFile: fileName,
    includeDepth: limits.includeDepth,
    totalInputSize: limits.totalInputSize,
  });
  appendAll(diagnostics, assembled.diagnostics);
  addAll(dependencies, assembled.dependencies);
  source = assembled.source;
  if (hasErrors(assembled.diagnostics)) return { ok: false, source, diagnostics, dependencies };

  // Nesting past the node-depth limit is caught before any parser recurses that deep (nesting.ts).
  const parsed = parseWithinDepth(source, limits.nodeDepth);
  appendAll(diagnostics, parsed.diagnostics);
  if (!parsed.file || hasErrors(parsed.diagnostics)) return { ok: false, source, diagnostics, dependencies };

  const built = buildTree(parsed.file, source, { fs, includeDirs, limits });
  appendAll(diagnostics, built.diagnostics);
  if (hasErrors(built.diagnostics)) {
    // A tree cut short by a limit or the sandbox is never handed out, so even -f writes nothing.
    const cut = wasCutShort(built.diagnostics);
    return { ok: false, ...(cut ? {} : { tree: built.tree }), source, diagnostics, dependencies };
  }

  built.tree.bootCpuidPhys = guessBootCpuid(built.tree);
  return finish(built.tree, source, diagnostics, dependencies, options);
}

function preprocessEntry(
  fileName: string,
  text: string,
  options: CompileOptions,
  fs: FileSystem,
  limits: Limits,
) {
  const pre = {
    includeDirs: options.includeDirs ?? [],
    defines: options.defines ?? [],
    undefines: options.undefines ?? [],
    fs: fs.readText(fileName) === text ? fs : overlayFile(fs, fileName, text),
    ...(options.cache ? { cache: options.cache } : {}),
    limits,
  };
  return preprocess(fileName, pre);
}

/** Lets compileText preprocess text that is not (or not yet) on disk under its name. */
function overlayFile(fs: FileSystem, fileName: string, text: string): FileSystem {
  return {
    readText: (p) => (p === fileName ? text : fs.readText(p)),
    readBytes: (p) =>
      p === fileName ? Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff) : fs.readBytes(p),
    isFile: (p) => p === fileName || fs.isFile(p),
    size: (p) => (p === fileName ? text.length : fs.size?.(p)),
    refusal: (p) => (p === fileName ? undefined : fs.refusal?.(p)),
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
    appendAll(diagnostics, parsedFlags.diagnostics);
    settings = parsedFlags.settings;
  }
  const maxDiagnostics = resolveLimits(options.limits).maxDiagnostics;
  const checks = runChecks(tree, settings, maxDiagnostics);
  appendAll(diagnostics, checks.diagnostics);
  if (checks.dropped > 0) {
    // Past the cap the checks only count: a node with a thousand copies of one property makes
    // dtc print half a million errors, which would exhaust the heap here.
    diagnostics.push({
      code: limitInfo('maxDiagnostics').code,
      severity: 'error',
      message: `${checks.dropped} more diagnostics from the structural checks, over the diagnostics limit of ${maxDiagnostics}`,
      ...(checks.firstDroppedSpan ? { span: checks.firstDroppedSpan } : {}),
      hint: limitHint('maxDiagnostics', maxDiagnostics, maxDiagnostics + checks.dropped),
    });
    return { ok: false, tree, ...(source ? { source } : {}), diagnostics, dependencies };
  }
  if (checks.failedErrors || hasErrors(diagnostics)) {
    return { ok: false, tree, ...(source ? { source } : {}), diagnostics, dependencies };
  }

  if (options.autoAliases) generateLabelTree(tree, 'aliases', undefined);
  const restored = new DiagnosticBag();
  restoreReferences(tree, restored);
  tree.invalidateLabels();
  appendAll(diagnostics, restored.items);
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

/** The first node more than `maxDepth` levels below the root (iterative: the tree may be deep). */
function firstNodeBelow(root: Node, maxDepth: number): Node | undefined {
  const stack: [Node, number][] = [[root, 0]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [node, depth] = top;
    if (depth > maxDepth) return node;
    for (const child of node.children) stack.push([child, depth + 1]);
  }
  return undefined;
}

function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

function addAll(into: string[], items: readonly string[]): void {
  for (const item of items) if (!into.includes(item)) into.push(item);
}

/** Why an input could not be read: a guard's refusal, else "not found". */
function unreadable(fs: FileSystem, path: string): Diagnostic {
  const refused = fs.refusal?.(path);
  if (refused) {
    return {
      code: refused.code,
      severity: 'error',
      message: refused.message,
      span: { file: path, line: 1, col: 1, endLine: 1, endCol: 1 },
      hint: refused.hint,
    };
  }
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
