/**
 * Where Kconfig facts come from: the built-in model of a supported kernel, or a kernel source tree.
 * Rules see one interface: the loaded tree, the kernel version, where a symbol is defined, and what
 * the source can honestly say about symbols it does not define.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from '../../../../compiler/diagnostics/diagnostic.js';
import { appendAll } from '../../../../compiler/diagnostics/diagnostic.js';
import { BUILTIN_KCONFIG_FILE, builtinKconfig, OUTSIDE_PREFIX } from '../../data/builtin.js';
import { COMPATIBLES } from '../../data/compatibles.js';
import { FAMILY_SYMBOLS } from '../../data/family.js';
import { type KernelVersion, type SupportedKernel, versionFromMakefile } from '../../data/versions.js';
import { type KconfigReader, type KconfigTree, loadKconfig, NodeKconfigReader } from '../../engine/index.js';

export interface UndefinedSelect {
  /** The undefined symbol. */
  readonly name: string;
  /** Where it is selected. */
  readonly file: string;
  readonly line: number;
}

export interface KconfigSource {
  readonly kind: 'builtin' | 'tree';
  /** Human-readable origin, e.g. "built-in model of v6.1" or the tree folder. */
  readonly origin: string;
  readonly kernel: KernelVersion;
  readonly tree: KconfigTree;
  /** Where a symbol is defined (first definition), for related locations. */
  definition(symbol: string): { file: string; line: number } | undefined;
  /** Can this source tell that `symbol` does not exist (rather than "not modelled")? */
  knowsAbsence(symbol: string): boolean;
  /** `select`s of symbols no Kconfig file defines, relevant to our families. */
  undefinedSelects(): readonly UndefinedSelect[];
  /** Symbols that exist only in the model's plumbing (never shown to users). */
  isInternal(symbol: string): boolean;
  /** Problems loading the tree (parse errors, missing version). */
  readonly diagnostics: readonly Diagnostic[];
}

const NEVER_MERGED = new Set(COMPATIBLES.flatMap((e) => (e.proposedSymbol ? [e.proposedSymbol] : [])));
const FAMILY = new Set<string>([...FAMILY_SYMBOLS, ...NEVER_MERGED]);

export function builtinSource(kernel: SupportedKernel): KconfigSource {
  const b = builtinKconfig(kernel);
  return {
    kind: 'builtin',
    origin: `built-in Kconfig model of Linux ${kernel}`,
    kernel,
    tree: b.tree,
    definition: (symbol) => b.definition(symbol),
    // The model covers the family symbols completely: one it lacks does not exist in this version.
    knowsAbsence: (symbol) => FAMILY.has(symbol) && !b.tree.symbol(symbol),
    undefinedSelects: () => b.model.undefinedReferences,
    isInternal: (symbol) => symbol.startsWith(OUTSIDE_PREFIX) || symbol === 'MODULES',
    diagnostics: b.tree.diagnostics.filter((d) => d.span?.file !== BUILTIN_KCONFIG_FILE),
  };
}

export interface TreeSourceOptions {
  /** `$(SRCARCH)`; default arm64. */
  arch?: string;
  /** Overrides the version read from the tree's Makefile. */
  kernel?: KernelVersion;
  reader?: KconfigReader;
}

/** Loads `<dir>/Kconfig` the way `make ARCH=<arch>` does (toolchain probes get the engine's defaults). */
export function treeSource(dir: string, options: TreeSourceOptions = {}): KconfigSource {
  const arch = options.arch ?? 'arm64';
  const reader = options.reader ?? new NodeKconfigReader();
  const diagnostics: Diagnostic[] = [];
  let kernel = options.kernel;
  if (!kernel) {
    const makefile = reader.readText(path.join(dir, 'Makefile'));
    kernel = makefile ? versionFromMakefile(makefile) : undefined;
    if (!kernel) {
      kernel = 'v6.12';
      diagnostics.push({
        code: 'kconfig/unknown-kernel-version',
        severity: 'warning',
        message: `cannot read the kernel version from ${path.join(dir, 'Makefile')}; assuming v6.12`,
        hint: 'pass --kernel together with --kconfig-tree',
      });
    }
  }
  const env = {
    SRCARCH: arch,
    ARCH: arch,
    srctree: dir,
    CC: 'gcc',
    LD: 'ld',
    KERNELVERSION: kernel.slice(1),
  };
  const tree = loadKconfig(reader, 'Kconfig', { srctree: dir, env });
  appendAll(diagnostics, tree.diagnostics);
  const relative = (file: string) =>
    path.isAbsolute(file) || file.startsWith(dir) ? file : path.join(dir, file);
  return {
    kind: 'tree',
    origin: dir,
    kernel,
    tree,
    definition(symbol) {
      const where = tree.symbol(symbol)?.menus[0]?.location;
      return where ? { file: relative(where.file), line: where.line } : undefined;
    },
    knowsAbsence: (symbol) => !tree.symbol(symbol),
    undefinedSelects() {
      const out: UndefinedSelect[] = [];
      for (const s of tree.model.symbols) {
        if (s.type === 'unknown') continue;
        for (const p of s.props)
          if (
            p.kind === 'select' &&
            p.target &&
            p.target.type === 'unknown' &&
            (FAMILY.has(p.target.name) || FAMILY.has(s.name))
          )
            out.push({ name: p.target.name, file: relative(p.location.file), line: p.location.line });
      }
      return out;
    },
    isInternal: () => false,
    diagnostics,
  };
}

/** Whether a folder looks like a kernel tree (has a top-level Kconfig). */
export function isKernelTree(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'Kconfig'));
}
