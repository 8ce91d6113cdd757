/**
 * `npm run bench:lint`: the family boards of the corpus in one dtpc process, measured three ways in the
 * same run on the same machine:
 *   (a) compile alone (`compileFile`),
 *   (b) compile + lint (`lintFile`: bindings and wiring rules) over the same boards,
 *   (c) dt-validate (Debian's `dt-schema`, when installed) on a sample of DTBs compiled by us, with
 *       the schemas processed once up front by `dt-mk-schema` (the installed dt-schema's core schemas +
 *       the upstream family bindings of shared/bindings/upstream); that processing and the compile to
 *       DTB are left out of the per-board figures.
 * Prints per-board times, the lint overhead over compile and the dt-validate / dtpc ratio per board.
 *
 * Times are wall clock and CPU (user + system). The machine is shared, so wall times swing with the
 * load; the targets are judged on CPU time. A benchmark, not a test.
 *
 * Usage: node dist/bench/lint.js [--sample <n>] [--quiet]   (--quiet: no per-board lines)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { compileFile } from '../compiler/compile.js';
import { writeDtb } from '../compiler/dtb/writer.js';
import { PreprocessCache } from '../compiler/preprocess/index.js';
import { NodeFileSystem } from '../compiler/source/file-system.js';
import type { DeviceTree } from '../compiler/tree/tree.js';
import { lintTree } from '../schemas/lint.js';
import { lintFile } from '../schemas/lint-file.js';
import { haveCommand, readTsv, requireShared } from '../test/support/shared.js';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const sampleSize = Number(option('--sample') ?? 10);
const quiet = args.includes('--quiet');

const shared = requireShared();
const linux = path.join(shared, 'corpus', 'linux');
const upstream = path.join(shared, 'bindings', 'upstream');
const boards = readTsv(path.join(shared, 'corpus', 'boards.tsv'))
  .filter((r) => r.selected_by?.includes('family'))
  .map((r) => r.board!);
process.chdir(linux);
const includeDirs = (board: string) => ['include', 'src', path.dirname(board)];

// ---------------------------------------------------------------------------------------------------
// Clocks.

interface Cost {
  wall: number;
  /** CPU ms; undefined when it cannot be read (children's time without /proc). */
  cpu: number | undefined;
}

const cpuSelf = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** CPU ms of the children waited for so far (stat(5) `cutime` + `cstime`, 100 ticks/s on Linux). */
function cpuChildren(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

function measure<T>(fn: () => T, cpu: () => number | undefined = cpuSelf): { value: T; cost: Cost } {
  const c0 = cpu();
  const t0 = process.hrtime.bigint();
  const value = fn();
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const c1 = cpu();
  return { value, cost: { wall, cpu: c0 === undefined || c1 === undefined ? undefined : c1 - c0 } };
}

const fmt = (n: number | undefined) => (n === undefined ? '?' : n.toFixed(n < 10 ? 2 : 1));
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);
const meanOf = (xs: readonly (number | undefined)[]) =>
  xs.every((x) => x !== undefined) ? mean(xs as number[]) : undefined;
const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined ? '?' : `${(a / b).toFixed(0)}x`;

// ---------------------------------------------------------------------------------------------------
// (a) and (b): each pass starts from fresh file and include caches, as one CI run would.

interface BoardTimes {
  compile: Cost;
  lint: Cost;
  ok: boolean;
  errors: number;
}
const times = new Map<string, BoardTimes>();

function pass(run: (board: string, fs: NodeFileSystem, cache: PreprocessCache) => void): Cost {
  const fs = new NodeFileSystem();
  const cache = new PreprocessCache();
  return measure(() => {
    for (const board of boards) run(board, fs, cache);
  }).cost;
}

const compileTotal = pass((board, fs, cache) => {
  const { value, cost } = measure(() => compileFile(board, { includeDirs: includeDirs(board), fs, cache }));
  times.set(board, { compile: cost, lint: cost, ok: value.ok, errors: 0 });
});
const lintTotal = pass((board, fs, cache) => {
  const { value, cost } = measure(() => lintFile(board, { includeDirs: includeDirs(board), fs, cache }));
  const t = times.get(board)!;
  t.lint = cost;
  t.errors = value.diagnostics.filter((d) => d.severity === 'error').length;
});

// ---------------------------------------------------------------------------------------------------
// (c) dt-validate on a sample spread over the family list, DTBs compiled by us.

const compiled = boards.filter((b) => times.get(b)!.ok);
const step = Math.max(1, Math.floor(compiled.length / sampleSize));
const sample = compiled.filter((_, i) => i % step === 0).slice(0, sampleSize);

interface Sampled {
  board: string;
  dtb: string;
  tree: DeviceTree;
  /** dt-validate in a process of its own. */
  validate?: Cost;
  /** dtpc lintTree alone on the compiled tree, best of 5. */
  lintOnly: Cost;
}

const haveDtSchema = haveCommand('dt-validate') && haveCommand('dt-mk-schema');
const work = mkdtempSync(path.join(tmpdir(), 'dtpc-bench-lint-'));
const fs = new NodeFileSystem();
const cache = new PreprocessCache();
const sampled: Sampled[] = sample.map((board, i) => {
  const r = compileFile(board, { includeDirs: includeDirs(board), fs, cache });
  const dtb = path.join(work, `${i}-${path.basename(board, '.dts')}.dtb`);
  writeFileSync(dtb, writeDtb(r.tree!));
  return { board, dtb, tree: r.tree!, lintOnly: { wall: 0, cpu: 0 } };
});

// dtpc lint alone on the same trees (what dt-validate does: no compile); the least disturbed of 5 runs.
for (const s of sampled) {
  const runs = Array.from({ length: 5 }, () => measure(() => lintTree(s.tree)).cost);
  s.lintOnly = {
    wall: Math.min(...runs.map((r) => r.wall)),
    cpu: Math.min(...runs.map((r) => r.cpu ?? Number.POSITIVE_INFINITY)),
  };
}

let mkSchema: Cost | undefined;
let batch: Cost | undefined;
let complaints = 0;
try {
  if (haveDtSchema) {
    const schema = path.join(work, 'processed-schema.json');
    // One-time schema processing, left out of every per-board figure.
    const mk = measure(
      () => spawnSync('dt-mk-schema', ['-j', '-o', schema, upstream], { encoding: 'utf8' }),
      cpuChildren,
    );
    mkSchema = mk.cost;
    if (mk.value.status !== 0) throw new Error(`dt-mk-schema failed: ${mk.value.stderr}`);
    // One dt-validate process per board: Python start-up and schema loading included.
    for (const s of sampled) {
      const r = measure(
        () => spawnSync('dt-validate', ['-s', schema, s.dtb], { encoding: 'utf8' }),
        cpuChildren,
      );
      s.validate = r.cost;
      complaints += `${r.value.stdout}${r.value.stderr}`.split('\n').filter((l) => l.trim()).length;
    }
    // Every sampled DTB in one process: start-up and schema loading paid once.
    batch = measure(
      () => spawnSync('dt-validate', ['-s', schema, ...sampled.map((s) => s.dtb)], { encoding: 'utf8' }),
      cpuChildren,
    ).cost;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------------
// Report.

const n = boards.length;
const failed = boards.filter((b) => !times.get(b)!.ok).length;
const cost = (c: Cost) => `${fmt(c.wall)} (${fmt(c.cpu)})`;
if (!quiet) {
  console.log('board\tcompile ms wall (cpu)\tcompile+lint ms wall (cpu)\terrors');
  for (const b of boards) {
    const t = times.get(b)!;
    console.log(`${b}\t${cost(t.compile)}\t${cost(t.lint)}\t${t.ok ? t.errors : 'does not compile'}`);
  }
  console.log('');
}
const perBoard = (c: Cost, k = n) =>
  `wall ${(c.wall / 1000).toFixed(2)} s (${fmt(c.wall / k)} ms/board), cpu ${fmt((c.cpu ?? 0) / 1000)} s (${fmt((c.cpu ?? 0) / k)} ms/board)`;
console.log(`family boards: ${n} (${failed} do not compile)`);
console.log(`(a) compile alone:  ${perBoard(compileTotal)}`);
console.log(`(b) compile + lint: ${perBoard(lintTotal)}`);
const over = (a: number, b: number) => ((a - b) / b) * 100;
const overCpu = over(lintTotal.cpu ?? 0, compileTotal.cpu ?? 1);
console.log(
  `lint overhead over compile: cpu ${overCpu.toFixed(1)}%, wall ${over(lintTotal.wall, compileTotal.wall).toFixed(1)}% (target <= 50% on cpu: ${overCpu <= 50 ? 'met' : 'NOT met'})`,
);

console.log('');
const lintOnly = meanOf(sampled.map((s) => s.lintOnly.cpu));
const lintFileCpu = meanOf(sampled.map((s) => times.get(s.board)!.lint.cpu));
if (!haveDtSchema) {
  console.log(
    '(c) dt-validate: not measured (dt-validate / dt-mk-schema not installed: Debian package dt-schema)',
  );
  console.log(`dtpc lint alone on ${sampled.length} sampled trees: cpu ${fmt(lintOnly)} ms/board`);
} else {
  console.log(
    `(c) dt-validate on ${sampled.length} DTBs compiled by dtpc. Excluded: dt-mk-schema, once up front (wall ${fmt(mkSchema?.wall)} ms, cpu ${fmt(mkSchema?.cpu)} ms), and the compile to DTB`,
  );
  if (!quiet) {
    console.log(
      'board\tdt-validate ms, own process, wall (cpu)\tdtpc lint alone ms (cpu)\tdtpc compile+lint ms (cpu)',
    );
    for (const s of sampled)
      console.log(`${s.board}\t${cost(s.validate!)}\t${cost(s.lintOnly)}\t${cost(times.get(s.board)!.lint)}`);
  }
  const k = sampled.length;
  const single = meanOf(sampled.map((s) => s.validate!.cpu));
  const singleWall = mean(sampled.map((s) => s.validate!.wall));
  // One more board in a batch: start-up and schema loading taken out as well.
  const marginal =
    single !== undefined && batch?.cpu !== undefined && k > 1 ? (batch.cpu - single) / (k - 1) : undefined;
  console.log(`dt-validate, one process per board:    cpu ${fmt(single)} ms/board (wall ${fmt(singleWall)})`);
  console.log(
    `dt-validate, all in one process:       cpu ${fmt(batch?.cpu === undefined ? undefined : batch.cpu / k)} ms/board (wall ${fmt((batch?.wall ?? 0) / k)})`,
  );
  console.log(
    `dt-validate, marginal board in batch:  cpu ${fmt(marginal)} ms/board (Python start-up and schema loading excluded)`,
  );
  console.log(`dtpc lint alone (lintTree, best of 5): cpu ${fmt(lintOnly)} ms/board`);
  console.log(`dtpc compile + lint (lintFile):        cpu ${fmt(lintFileCpu)} ms/board`);
  console.log(
    `ratio dt-validate / dtpc lint alone:      ${ratio(single, lintOnly)} (own process), ${ratio(marginal, lintOnly)} (marginal)`,
  );
  console.log(
    `ratio dt-validate / dtpc compile + lint:  ${ratio(single, lintFileCpu)} (own process), ${ratio(marginal, lintFileCpu)} (marginal)`,
  );
  const met = marginal !== undefined && lintOnly !== undefined && marginal / lintOnly >= 100;
  console.log(
    `target dtpc >= 100x faster per board (marginal dt-validate vs lint alone): ${met ? 'met' : 'NOT met'}`,
  );
  console.log(`dt-validate printed ${complaints} line(s) on the sample (one process per board)`);
}
