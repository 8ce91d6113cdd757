/**
 * `npm run bench:emit`: the time per board of `dtpc build <board> --emit …` over the family boards
 * of the corpus, in one process (as conformance:emit runs them), measured two ways in the same run:
 *   (a) `--emit report`: the per-board time of the report alone (median, p95, max, total);
 *   (b) every output (`--emit all`, platform.json included), with the time split into the phases
 *       of the pipeline — compile (preprocess, parse, tree, platform description, derived
 *       profile), platform (platform.json with its DTB), lint, kconfig, run (a scenario, bundled
 *       platforms only), render:<output> (view model + template), graphviz (DOT → SVG in
 *       WebAssembly), write — and the cost of each output as the phases it needs.
 * Graphviz's WebAssembly module is loaded once before timing (its load time is printed apart).
 * Wall-clock times on a shared machine swing with the load; CPU time is printed beside them.
 *
 * Usage: node dist/bench/emit.js [--only <regex>] [--every <k>] [--quiet]
 *   --every k: every k-th board only (a quick look); --quiet: no per-board lines.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type BuildFlags, buildPlatform } from '../cli/build.js';
import { PreprocessCache } from '../compiler/preprocess/index.js';
import { NodeFileSystem } from '../compiler/source/file-system.js';
import { EMIT_KINDS, type EmitKind, type Timed } from '../templates/emit.js';
import { dotToSvg } from '../templates/graphviz.js';
import { readTsv, requireShared } from '../test/support/shared.js';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const only = option('--only');
const every = Math.max(1, Number(option('--every') ?? 1));
const quiet = args.includes('--quiet');

const shared = requireShared();
const linux = path.join(shared, 'corpus', 'linux');
const boards = readTsv(path.join(shared, 'corpus', 'boards.tsv'))
  .filter((r) => r.selected_by?.includes('family'))
  .map((r) => r.board!)
  .filter((b, i) => (!only || new RegExp(only).test(b)) && i % every === 0);
process.chdir(linux);

const flagsFor = (board: string): BuildFlags => ({
  include: ['include', 'src', path.dirname(board)],
  define: [],
  undefine: [],
  warning: [],
  error: [],
  cpp: true,
});

/** A `Timed` hook adding each phase's wall time (ms) into `into`; promises are timed to settlement. */
function phaseTimer(into: Map<string, number>): Timed {
  const add = (phase: string, t0: number) => into.set(phase, (into.get(phase) ?? 0) + performance.now() - t0);
  return <T>(phase: string, work: () => T): T => {
    const t0 = performance.now();
    const result = work();
    if (result instanceof Promise) return result.finally(() => add(phase, t0)) as T;
    add(phase, t0);
    return result;
  };
}

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};
const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const ms = (v: number) => `${v.toFixed(1)} ms`;

const fsys = new NodeFileSystem();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dtpc-bench-emit-'));

const t0 = performance.now();
await dotToSvg('digraph { a -> b }');
const wasmLoad = performance.now() - t0;

interface Run {
  board: string;
  wall: number;
  cpu: number;
  phases: Map<string, number>;
  code: number;
}

async function measure(kinds: readonly EmitKind[]): Promise<Run[]> {
  // Each pass starts with an empty include cache (filled as the boards go, as conformance runs),
  // so the second pass does not profit from the first.
  const cache = new PreprocessCache();
  // One untimed board first: module loading and JIT warm-up are not a board's cost.
  await buildPlatform(boards[0]!, flagsFor(boards[0]!), kinds, path.join(tmp, 'warm'), { fs: fsys, cache });
  const runs: Run[] = [];
  for (const [i, board] of boards.entries()) {
    const phases = new Map<string, number>();
    const out = path.join(tmp, String(i));
    const c0 = cpuNow();
    const w0 = performance.now();
    const built = await buildPlatform(board, flagsFor(board), kinds, out, {
      fs: fsys,
      cache,
      timed: phaseTimer(phases),
    });
    runs.push({ board, wall: performance.now() - w0, cpu: cpuNow() - c0, phases, code: built.code });
    fs.rmSync(out, { recursive: true, force: true });
  }
  return runs;
}

function summary(title: string, runs: readonly Run[]): void {
  const wall = runs.map((r) => r.wall);
  const cpu = runs.map((r) => r.cpu);
  console.log(`\n${title}: ${runs.length} boards`);
  console.log(
    `  per board: median ${ms(percentile(wall, 50))}, p95 ${ms(percentile(wall, 95))}, max ${ms(Math.max(...wall))}; total ${(sum(wall) / 1000).toFixed(1)} s (CPU: median ${ms(percentile(cpu, 50))}, total ${(sum(cpu) / 1000).toFixed(1)} s)`,
  );
}

function phaseTable(runs: readonly Run[]): void {
  const phases = [...new Set(runs.flatMap((r) => [...r.phases.keys()]))];
  const total = sum(runs.map((r) => r.wall));
  console.log(
    `  ${'phase'.padEnd(16)} ${'median'.padStart(10)} ${'p95'.padStart(10)} ${'total'.padStart(9)} ${'share'.padStart(6)}`,
  );
  for (const p of phases) {
    const v = runs.map((r) => r.phases.get(p) ?? 0);
    console.log(
      `  ${p.padEnd(16)} ${ms(percentile(v, 50)).padStart(10)} ${ms(percentile(v, 95)).padStart(10)} ${`${(sum(v) / 1000).toFixed(2)} s`.padStart(9)} ${`${((100 * sum(v)) / total).toFixed(0)}%`.padStart(6)}`,
    );
  }
  const other = runs.map((r) => r.wall - sum([...r.phases.values()]));
  console.log(
    `  ${'(between phases)'.padEnd(16)} ${ms(percentile(other, 50)).padStart(10)} ${ms(percentile(other, 95)).padStart(10)}`,
  );
}

/** The phases each output needs on top of compile: an output's own cost if emitted alone. */
const NEEDS: Readonly<Record<EmitKind | 'platform', readonly string[]>> = {
  platform: ['compile', 'platform'],
  qemu: ['compile', 'render:qemu'],
  renode: ['compile', 'render:renode'],
  kconfig: ['compile', 'kconfig', 'render:kconfig'],
  diagram: ['compile', 'render:diagram', 'graphviz'],
  report: ['compile', 'lint', 'run', 'render:diagram', 'graphviz', 'render:report'],
};

const report = await measure(['report']);
const all = await measure(EMIT_KINDS);
fs.rmSync(tmp, { recursive: true, force: true });

if (!quiet)
  for (const [i, r] of report.entries())
    console.log(
      `${r.board.padEnd(64)} report ${ms(r.wall).padStart(9)}   all ${ms(all[i]!.wall).padStart(9)}${r.code === 0 ? '' : `  exit ${r.code}`}`,
    );
console.log(
  `\nnode ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}`,
);
console.log(`Graphviz WebAssembly load (once per process): ${ms(wasmLoad)}`);
summary('dtpc build --emit report', report);
phaseTable(report);
summary('dtpc build --emit all (platform, qemu, renode, kconfig, diagram, report)', all);
phaseTable(all);
console.log('\n  each output alone (sum of the phases it needs, from the --emit all run):');
for (const [kind, needs] of Object.entries(NEEDS)) {
  const v = all.map((r) => sum(needs.map((p) => r.phases.get(p) ?? 0)));
  console.log(
    `  ${kind.padEnd(16)} median ${ms(percentile(v, 50)).padStart(9)}, p95 ${ms(percentile(v, 95)).padStart(9)}`,
  );
}
