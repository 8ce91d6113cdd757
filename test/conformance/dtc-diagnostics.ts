/**
 * Structural-check parity with dtc 1.8.1.
 *
 *   npx tsc -p tsconfig.build.json && node dist/test/conformance/dtc-diagnostics.js [--only dtc|manifest|corpus] [--filter TEXT] [--limit N] [--quiet]
 *
 * 1. dtc's test inputs (shared/conformance/dtc/inputs), read as dtc reads them (no cpp, default
 *    flags): the multiset of (check, node path, property) we report must equal what dtc 1.8.1
 *    printed (golden/dtc-1.8.1/<name>.err); "Failed prerequisite" lines count as (check, prerequisite).
 * 2. The manifest's `checks:` / `checkfails:` expectations (dtc's own check tests), with the flags
 *    dtc's run_tests.sh passes for them.
 * 3. Every Linux board of the corpus (shared/corpus/linux), preprocessed as Linux does: the same
 *    comparison against shared/conformance/corpus/warnings-dtc-1.8.1/<board>.err (no file = no
 *    warnings).
 * Prints every difference, then `N passed, M failed` per part. Exit code 1 when anything failed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { failedPrerequisite, formatDtcDiagnostic } from '../../compiler/checks/index.js';
import { dtcNameOf } from '../../compiler/checks/registry.js';
import { type CompileOptions, compileFile } from '../../compiler/compile.js';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { readTsv, requireShared } from '../support/shared.js';

interface Args {
  only: string | undefined;
  filter: string | undefined;
  limit: number;
  quiet: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { only: undefined, filter: undefined, limit: Number.POSITIVE_INFINITY, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--only') args.only = argv[++i];
    else if (a === '--filter') args.filter = argv[++i];
    else if (a === '--limit') args.limit = Number(argv[++i]);
    else if (a === '--quiet') args.quiet = true;
  }
  return args;
}

/** One comparable line: check name, then node path and property, or `prereq` and its name. */
interface Entry {
  key: string;
  text: string;
}

const DTC_LINE = /^(.*?): (ERROR|Warning) \(([a-z0-9_]+)\): (.*)$/;

/** Check lines of a dtc stderr capture (other lines — fatal errors, "also defined at" — are skipped). */
function parseGolden(text: string): Entry[] {
  const out: Entry[] = [];
  for (const line of text.split('\n')) {
    const m = DTC_LINE.exec(line);
    if (!m) continue;
    const [, , , check, rest] = m as unknown as [string, string, string, string, string];
    const prereq = /^Failed prerequisite '([a-z0-9_]+)'$/.exec(rest);
    if (prereq) {
      out.push({ key: `${check} prereq ${prereq[1]}`, text: line });
      continue;
    }
    const colon = rest.indexOf(': ');
    const subject = colon === -1 ? rest : rest.slice(0, colon);
    const sep = subject.indexOf(':');
    const nodePath = sep === -1 ? subject : subject.slice(0, sep);
    const prop = sep === -1 ? '' : subject.slice(sep + 1);
    out.push({ key: `${check} ${nodePath} ${prop}`, text: line });
  }
  return out;
}

function ourEntries(diagnostics: readonly Diagnostic[]): Entry[] {
  const out: Entry[] = [];
  for (const d of diagnostics) {
    const check = dtcNameOf(d.code);
    if (!check) continue;
    const prereq = failedPrerequisite(d);
    const key = prereq ? `${check} prereq ${prereq}` : `${check} ${d.nodePath ?? ''} ${d.property ?? ''}`;
    out.push({ key, text: formatDtcDiagnostic(d, { outputName: '<output>' }).split('\n')[0]! });
  }
  return out;
}

/** Multiset difference both ways. */
function compare(ours: Entry[], theirs: Entry[]): { missing: Entry[]; extra: Entry[] } {
  const pool = new Map<string, Entry[]>();
  for (const e of ours) {
    const list = pool.get(e.key) ?? [];
    list.push(e);
    pool.set(e.key, list);
  }
  const missing: Entry[] = [];
  for (const e of theirs) {
    const list = pool.get(e.key);
    if (list && list.length > 0) list.shift();
    else missing.push(e);
  }
  const extra = [...pool.values()].flat();
  return { missing, extra };
}

class Tally {
  passed = 0;
  failed = 0;
  known = 0;
  constructor(
    readonly name: string,
    readonly quiet: boolean,
  ) {}
  pass(): void {
    this.passed++;
  }
  fail(what: string, details: string[] = []): void {
    this.failed++;
    console.log(`FAIL ${what}`);
    if (!this.quiet) for (const d of details) console.log(`    ${d}`);
  }
  knownDifference(what: string, reason: string): void {
    this.known++;
    if (!this.quiet) console.log(`KNOWN ${what}: ${reason}`);
  }
  summary(): string {
    const total = this.passed + this.failed;
    const pct = total === 0 ? 100 : (100 * this.passed) / total;
    return `${this.name}: ${this.passed} passed, ${this.failed} failed (${pct.toFixed(1)}% agreement)${this.known ? `, ${this.known} known differences` : ''}`;
  }
}

function safeCompile(
  file: string,
  options: CompileOptions,
): { diagnostics: Diagnostic[] } | { crash: string } {
  try {
    return compileFile(file, options);
  } catch (error) {
    return { crash: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

function diffLines(missing: Entry[], extra: Entry[]): string[] {
  return [...missing.map((e) => `- dtc:  ${e.text}`), ...extra.map((e) => `+ ours: ${e.text}`)];
}

/**
 * Differences we accept, with the reason. Keyed by input file; each applies to the whole file.
 */
const KNOWN: Record<string, string> = {};

function dtcInputs(shared: string, args: Args): Tally {
  const root = path.join(shared, 'conformance', 'dtc');
  const golden = path.join(root, 'golden', 'dtc-1.8.1');
  const tally = new Tally('dtc inputs', args.quiet);
  const cwd = process.cwd();
  process.chdir(path.join(root, 'inputs'));
  try {
    const files = fs
      .readdirSync(golden)
      .filter((f) => f.endsWith('.err'))
      .map((f) => f.slice(0, -'.err'.length))
      .filter((f) => !args.filter || f.includes(args.filter))
      .sort()
      .slice(0, args.limit);
    for (const file of files) {
      const theirs = parseGolden(fs.readFileSync(path.join(golden, `${file}.err`), 'latin1'));
      const result = safeCompile(file, { cpp: false });
      if ('crash' in result) {
        tally.fail(`${file}: crashed`, result.crash.split('\n').slice(0, 4));
        continue;
      }
      const { missing, extra } = compare(ourEntries(result.diagnostics), theirs);
      if (missing.length === 0 && extra.length === 0) tally.pass();
      else if (KNOWN[file]) tally.knownDifference(file, KNOWN[file]);
      else tally.fail(file, diffLines(missing, extra));
    }
  } finally {
    process.chdir(cwd);
  }
  return tally;
}

/** Flags dtc's run_tests.sh passes with some check expectations (the manifest names only the checks). */
const MANIFEST_FLAGS: Record<string, string[]> = {
  'bad-gpio.dts checkfails:deprecated_gpio_property': ['-Wdeprecated_gpio_property'],
  'good-gpio.dts checkfails:-n deprecated_gpio_property': ['-Wdeprecated_gpio_property'],
  'bad-ncells.dts checkfails:address_cells_is_cell interrupts_extended_is_cell -n size_cells_is_cell': [
    '-Wno_size_cells_is_cell',
  ],
  'bad-ncells.dts checkfails:size_cells_is_cell': ['-Esize_cells_is_cell', '-Eno_size_cells_is_cell'],
  'test_tree1.dts checkfails:always_fail': ['-Walways_fail'],
  'test_tree1.dts checkfails:-n always_fail': ['-Walways_fail', '-Wno_always_fail'],
};

function manifestChecks(shared: string, args: Args): Tally {
  const root = path.join(shared, 'conformance', 'dtc');
  const tally = new Tally('manifest check tests', args.quiet);
  const cwd = process.cwd();
  process.chdir(path.join(root, 'inputs'));
  try {
    for (const row of readTsv(path.join(root, 'manifest.tsv'))) {
      const file = row.file!;
      if (args.filter && !file.includes(args.filter)) continue;
      for (const exp of row.expectations!.split(';').map((e) => e.trim())) {
        const m = /^(checks|checkfails):(.*)$/.exec(exp);
        if (!m) continue;
        const words = m[2]!.trim().split(/\s+/);
        const n = words.indexOf('-n');
        const yes = n === -1 ? words : words.slice(0, n);
        const no = n === -1 ? [] : words.slice(n + 1);
        const flags = MANIFEST_FLAGS[`${file} ${exp}`] ?? [];
        const label = `${file} ${exp}${flags.length ? ` [${flags.join(' ')}]` : ''}`;
        const result = safeCompile(file, { cpp: false, checkFlags: flags });
        if ('crash' in result) {
          tally.fail(`${label}: crashed`, result.crash.split('\n').slice(0, 4));
          continue;
        }
        const fired = new Set(
          result.diagnostics.map((d) => dtcNameOf(d.code)).filter((x) => x !== undefined),
        );
        const problems = [
          ...yes.filter((c) => !fired.has(c)).map((c) => `did not trigger ${c}`),
          ...no.filter((c) => fired.has(c)).map((c) => `wrongly triggered ${c}`),
        ];
        // `checks:` also runs each named check as an error: the compile must then fail.
        if (m[1] === 'checks')
          for (const c of yes) {
            const strict = safeCompile(file, { cpp: false, checkFlags: [`-E${c}`] });
            if (
              'crash' in strict ||
              !strict.diagnostics.some((d) => d.severity === 'error' && dtcNameOf(d.code) === c)
            )
              problems.push(`-E${c} did not fail with ${c}`);
          }
        if (problems.length === 0) tally.pass();
        else tally.fail(label, problems);
      }
    }
  } finally {
    process.chdir(cwd);
  }
  return tally;
}

function corpus(shared: string, args: Args): Tally {
  const linux = path.join(shared, 'corpus', 'linux');
  const goldenRoot = path.join(shared, 'conformance', 'corpus', 'warnings-dtc-1.8.1');
  const boards = readTsv(path.join(shared, 'conformance', 'corpus', 'dtb-sha256-dtc-1.8.1.tsv'))
    .map((r) => r.board!)
    .filter((b) => !args.filter || b.includes(args.filter))
    .sort()
    .slice(0, args.limit);
  const tally = new Tally('linux corpus', args.quiet);
  const cwd = process.cwd();
  process.chdir(linux);
  try {
    for (const board of boards) {
      const errFile = path.join(goldenRoot, `${board}.err`);
      const theirs = fs.existsSync(errFile) ? parseGolden(fs.readFileSync(errFile, 'latin1')) : [];
      const arch = board.split('/')[1] ?? '';
      const includeDirs = ['include', 'src', path.dirname(board), `src/${arch}`];
      const result = safeCompile(board, { cpp: true, includeDirs });
      if ('crash' in result) {
        tally.fail(`${board}: crashed`, result.crash.split('\n').slice(0, 4));
        continue;
      }
      const { missing, extra } = compare(ourEntries(result.diagnostics), theirs);
      if (missing.length === 0 && extra.length === 0) tally.pass();
      else if (KNOWN[board]) tally.knownDifference(board, KNOWN[board]);
      else {
        const other = result.diagnostics.filter((d) => d.severity === 'error' && !dtcNameOf(d.code));
        tally.fail(board, [
          ...other.slice(0, 3).map((d) => `! ${d.code}: ${d.message}`),
          ...diffLines(missing, extra),
        ]);
      }
    }
  } finally {
    process.chdir(cwd);
  }
  return tally;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const shared = requireShared();
  const tallies: Tally[] = [];
  if (!args.only || args.only === 'dtc') tallies.push(dtcInputs(shared, args));
  if (!args.only || args.only === 'manifest') tallies.push(manifestChecks(shared, args));
  if (!args.only || args.only === 'corpus') tallies.push(corpus(shared, args));
  console.log('');
  for (const t of tallies) console.log(t.summary());
  if (Object.keys(KNOWN).length > 0) {
    console.log('\nKnown version differences:');
    for (const [file, reason] of Object.entries(KNOWN)) console.log(`  ${file}: ${reason}`);
  }
  const passed = tallies.reduce((n, t) => n + t.passed, 0);
  const failed = tallies.reduce((n, t) => n + t.failed, 0);
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main();
