/**
 * The `examples:` of the upstream Linux binding YAML for our families, run through our linter as
 * dt-schema runs them (`make dt_binding_check`): every example of one YAML file goes into one DTS,
 * each wrapped in an `example-N` node under a `/plugin/` root with 1/1 address cells and, when the
 * example has `interrupts`, a fake interrupt controller as interrupt parent; the DTS is preprocessed
 * with our cpp against the upstream `dt-bindings` headers, compiled and linted.
 *
 * Upstream examples pass dt-schema, so any error from our bindings (family or core) or wiring rules
 * is a false positive of ours and fails the example. Structural dtc warnings are listed, not counted
 * (the kernel build only prints them; it switches off the noisiest — see KERNEL_DTC_FLAGS); a dtc
 * error or a file that does not compile fails every example in it.
 *
 * Usage: node dist/test/conformance/binding-examples.js [--only <regex>] [--all] [--verbose]
 *   --all      also run the YAML files of the `$ref` closure that hold no node of our families
 *   --verbose  print the wrapped DTS of failing files
 *   --dtc-defaults  keep dtc's default checks instead of the kernel's (more structural warnings)
 * Prints per-file results, every finding, and `N passed, M failed` (per example).
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { compileText } from '../../compiler/compile.js';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { NodeFileSystem } from '../../compiler/source/file-system.js';
import type { DeviceTree } from '../../compiler/tree/tree.js';
import { bindings } from '../../schemas/bindings/index.js';
import { selects } from '../../schemas/define.js';
import { lintTree } from '../../schemas/lint.js';
import { compatibleOf } from '../../schemas/types/status.js';
import { requireShared } from '../support/shared.js';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const only = option('--only');
const runAll = args.includes('--all');
const verbose = args.includes('--verbose');
const dtcDefaults = args.includes('--dtc-defaults');

/**
 * The binding files of our families (paths under `upstream/`). Any other YAML file whose examples hold
 * a node one of our compatible-selected bindings claims is added to these automatically.
 */
const FAMILY_FILES = [
  'mailbox/arm,mhu.yaml',
  'mailbox/arm,mhuv2.yaml',
  'mailbox/arm,mhuv3.yaml',
  'mailbox/fsl,mu.yaml',
  'firmware/arm,scmi.yaml',
  'arm/firmware/linaro,optee-tz.yaml',
  'arm/psci.yaml',
  'sram/sram.yaml',
  'interrupt-controller/arm,gic.yaml',
  'interrupt-controller/arm,gic-v3.yaml',
];

/**
 * The checks Linux's `scripts/Makefile.dtbs` (formerly `Makefile.lib`) switches off unless `W=1`:
 * the binding examples are compiled with these, so their warnings are not reported upstream. (The
 * kernel also passes `-Wno-graph_child_address`; we have no graph checks, so there is nothing to
 * switch off.)
 */
const KERNEL_DTC_FLAGS = [
  '-Wno-interrupt_provider',
  '-Wno-unit_address_vs_reg',
  '-Wno-avoid_unnecessary_addr_size',
  '-Wno-alias_paths',
  '-Wno-simple_bus_reg',
  '-Wno-unique_unit_address',
];

// ---------------------------------------------------------------------------------------------------
// Reading `examples:` out of a binding. Upstream examples are always a top-level block sequence of
// literal block scalars (`- |`, `- |+`, `- |-`), so a small reader for exactly that shape does; a
// general YAML parser would be a new dependency for one key.

export interface ExampleText {
  /** 1-based line of the `- |` in the YAML file. */
  line: number;
  text: string;
}

const indentOf = (line: string) => line.length - line.trimStart().length;

export function readExamples(yaml: string): ExampleText[] {
  const lines = yaml.split('\n');
  const start = lines.findIndex((l) => /^examples:\s*(#.*)?$/.test(l));
  if (start < 0) return [];
  const out: ExampleText[] = [];
  let i = start + 1;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '' || /^\s*#/.test(line)) {
      i++;
      continue;
    }
    if (indentOf(line) === 0) break; // the next top-level key
    const item = /^(\s*)-\s+\|([+-]?)\s*(#.*)?$/.exec(line);
    if (!item) {
      i++;
      continue;
    }
    const seqIndent = item[1]!.length;
    const chomp = item[2]!;
    const itemLine = i + 1;
    i++;
    // Content indentation: that of the first non-empty line (YAML 1.2 §8.1.1.1, auto-detected).
    let contentIndent = -1;
    const body: string[] = [];
    while (i < lines.length) {
      const l = lines[i]!;
      if (l.trim() === '') {
        body.push('');
        i++;
        continue;
      }
      const indent = indentOf(l);
      if (contentIndent < 0) contentIndent = indent;
      if (indent < contentIndent || indent <= seqIndent) break;
      body.push(l.slice(contentIndent));
      i++;
    }
    // Chomping: `|-` strips every trailing newline, `|` keeps one, `|+` keeps them all.
    let end = body.length;
    while (end > 0 && body[end - 1] === '') end--;
    const kept = body.slice(0, end).join('\n');
    const trailing = body.length - end;
    const text =
      chomp === '-' ? kept : chomp === '+' ? kept + '\n'.repeat(trailing + 1) : end > 0 ? `${kept}\n` : '';
    out.push({ line: itemLine, text });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Wrapping, as dt-schema's `dt-extract-example` does. dt-schema puts all the examples of a file into
// one DTS; that is harmless for a per-node schema check but not for whole-tree wiring rules (two
// examples' OP-TEE nodes would be "a second OP-TEE"), so each example is its own DTS here, with the
// same header, root and `example-N` wrapper it has in dt-schema's file.

export interface WrappedExample {
  dts: string;
  /** 1-based, inclusive line range of the example's own text inside `dts`. */
  first: number;
  last: number;
}

/**
 * The number of cells of the example's first `interrupts` value, the way dt-schema guesses it:
 * anything from the first `(` is one cell (so `(GIC_CPU_MASK_SIMPLE(4) | IRQ_TYPE_LEVEL_HIGH)` counts
 * once). Zero when there is none (then no fake controller is added).
 */
export function interruptCells(example: string): number {
  const m = /\sinterrupts\s*=\s*<([0-9a-zA-Z |()_]+)>/.exec(example);
  if (!m) return 0;
  const value = m[1]!;
  const paren = value.indexOf('(');
  const flat = paren >= 0 ? `${value.slice(0, paren)}0` : value.replaceAll(')', '0');
  return flat.trim().split(/\s+/).filter(Boolean).length;
}

/**
 * Example `n` alone, as dt-schema wraps it. `carried` are the preprocessor directives of the examples
 * before it: in dt-schema's single file they are still in effect (an example may use a macro whose
 * header only an earlier example includes).
 */
export function wrapExample(example: string, n: number, carried: readonly string[] = []): WrappedExample {
  // `/plugin/`, as dt-schema: references to nodes outside the example stay overlay fix-ups.
  const lines = ['/dts-v1/;', '/plugin/;', ...carried, ''];
  // An example that writes its own root node is taken as it is.
  if (/\/\s*\{/.test(example)) {
    const body = example.replace(/\n$/, '').split('\n');
    return {
      dts: `${[...lines, ...body].join('\n')}\n`,
      first: lines.length + 1,
      last: lines.length + body.length,
    };
  }
  lines.push('/ {', '    compatible = "foo";', '    model = "foo";', '    #address-cells = <1>;');
  lines.push('    #size-cells = <1>;', '', `    example-${n} {`, '        #address-cells = <1>;');
  lines.push('        #size-cells = <1>;');
  const cells = interruptCells(example);
  if (cells > 0) {
    lines.push(`        interrupt-parent = <&fake_intc${n}>;`);
    lines.push(`        fake_intc${n}: fake-interrupt-controller {`);
    lines.push(
      '            interrupt-controller;',
      `            #interrupt-cells = <${cells}>;`,
      '        };',
    );
  }
  lines.push('');
  const body = example.replace(/\n$/, '').split('\n');
  const first = lines.length + 1;
  lines.push(...body, '    };', '};');
  return { dts: `${lines.join('\n')}\n`, first, last: first + body.length - 1 };
}

// ---------------------------------------------------------------------------------------------------
// Running.

interface FileResult {
  file: string;
  examples: number;
  /** Per example: the errors that fail it (a compile error, a binding or wiring error). */
  failures: Diagnostic[][];
  /** Structural dtc warnings (listed, not counted). */
  structural: Diagnostic[];
  /** Warnings of our bindings and rules (listed, not counted). */
  warnings: Diagnostic[];
  /** Does some example hold a node one of our compatible-selected bindings claims? */
  family: boolean;
  /** Nodes of the examples that such a binding checked (so a pass is not vacuous). */
  familyNodes: number;
}

const compatibleBindings = bindings.filter((b) => b.compatible.length > 0);
function familyNodes(tree: DeviceTree): number {
  return tree.root.walk().filter((n) => compatibleBindings.some((b) => selects(b, n, compatibleOf(n))))
    .length;
}

function findYaml(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findYaml(full, base));
    else if (entry.name.endsWith('.yaml')) out.push(path.relative(base, full));
  }
  return out.sort();
}

const shared = requireShared();
const upstream = path.join(shared, 'bindings', 'upstream');
const includeDir = path.join(upstream, 'include');
const fs = new NodeFileSystem();
const where = (d: Diagnostic) =>
  d.span ? `${path.basename(d.span.file)}:${d.span.line}:${d.span.col}` : '?';
const show = (d: Diagnostic) =>
  `${where(d)} ${d.severity} ${d.nodePath ?? ''}${d.property ? ` ${d.property}` : ''} [${d.code}] ${d.message}`;

function runFile(file: string): FileResult | undefined {
  const examples = readExamples(readFileSync(path.join(upstream, file), 'utf8'));
  if (examples.length === 0) return undefined;
  const result: FileResult = {
    file,
    examples: examples.length,
    failures: examples.map(() => []),
    structural: [],
    warnings: [],
    family: FAMILY_FILES.includes(file),
    familyNodes: 0,
  };
  const carried: string[] = [];
  examples.forEach((example, n) => {
    const wrapped = wrapExample(example.text, n, carried);
    carried.push(...example.text.split('\n').filter((l) => /^\s*#\s*(include|define|undef)\b/.test(l)));
    // The name spans report: beside the YAML, as the kernel's `<name>.example.dts`, one per example.
    const name = path.join(upstream, file.replace(/\.yaml$/, `.example-${n}.dts`));
    const failures = result.failures[n]!;
    const compiled = compileText(name, wrapped.dts, {
      includeDirs: [includeDir],
      checkFlags: dtcDefaults ? [] : KERNEL_DTC_FLAGS,
      fs,
    });
    for (const d of compiled.diagnostics) {
      if (d.severity === 'error') failures.push(d);
      else if (d.severity === 'warning') result.structural.push(d);
    }
    if (!compiled.tree) {
      if (verbose) console.log(wrapped.dts);
      return;
    }
    const checked = familyNodes(compiled.tree);
    result.familyNodes += checked;
    result.family ||= checked > 0;
    for (const d of lintTree(compiled.tree)) {
      if (d.severity === 'error') failures.push(d);
      else if (d.severity === 'warning') result.warnings.push(d);
    }
    if (verbose && failures.length > 0) console.log(wrapped.dts);
  });
  return result;
}

let passed = 0;
let failed = 0;
const structuralCodes = new Map<string, number>();
for (const file of findYaml(upstream)) {
  if (only && !new RegExp(only).test(file)) continue;
  const r = runFile(file);
  if (!r) continue;
  if (!r.family && !runAll) {
    console.log(`${file}: ${r.examples} example(s), no node of our families (not counted; --all runs them)`);
    continue;
  }
  const bad = r.failures.filter((f) => f.length > 0).length;
  passed += r.examples - bad;
  failed += bad;
  const tag = r.family ? '' : ' (outside the families)';
  console.log(
    `${file}${tag}: ${r.examples - bad}/${r.examples} example(s) pass (${r.familyNodes} node(s) of our families checked)`,
  );
  r.failures.forEach((f, n) => {
    for (const d of f) console.log(`  example ${n}: FAIL ${show(d)}`);
  });
  for (const d of r.warnings) console.log(`  warning (not counted): ${show(d)}`);
  for (const d of r.structural) {
    console.log(`  structural (not counted): ${show(d)}`);
    structuralCodes.set(d.code, (structuralCodes.get(d.code) ?? 0) + 1);
  }
}
console.log('');
if (structuralCodes.size > 0)
  console.log(
    `structural dtc warnings listed, not counted: ${[...structuralCodes].map(([c, n]) => `${c} ×${n}`).join(', ')}`,
  );
console.log(dtcDefaults ? "dtc's default checks" : `kernel dtc flags applied: ${KERNEL_DTC_FLAGS.join(' ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
