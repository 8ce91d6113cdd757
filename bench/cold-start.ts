/**
 * `npm run bench:cold-start`: how long a fresh `dtpc` process takes, against a bare `node -e ""`
 * measured in the same run (this machine's own start-up cost, which dtpc cannot go below).
 * Runs `dtpc --version`, `dtpc compile` of the bundled board and, when `../shared` is present, of
 * a Linux corpus board with includes. The commands are interleaved run by run, so a burst of load
 * from elsewhere on the machine hits them all alike; each figure is the median of the runs.
 * A benchmark, not a test. `--runs N` (default 11); `--cli FILE` times another entry point.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedDir } from '../test/support/shared.js';

const TARGET_MS = 300;

interface Case {
  name: string;
  args: string[];
  cwd?: string;
  /** Bare node is the baseline; the target applies to the compiles. */
  kind: 'baseline' | 'other' | 'board';
}

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
function flag(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

// The installed binary, exactly as `npx dtpc` runs it, unless `--cli FILE` names another entry
// point (`--cli dist/cli/main.js`: the unbundled ES modules, for comparison).
const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { bin: { dtpc: string } };
const cli = path.resolve(repo, flag('--cli') ?? pkg.bin.dtpc);
const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dtpc-cold-')), 'out.dtb');
const runs = Math.max(1, Number(flag('--runs')) || 11);

const cases: Case[] = [
  { name: 'node -e ""', args: ['-e', ''], kind: 'baseline' },
  { name: 'dtpc --version', args: [cli, '--version'], kind: 'other' },
  {
    name: 'dtpc compile platforms/virt-optee/board.dts',
    args: [cli, 'compile', '-i', 'platforms/include', 'platforms/virt-optee/board.dts', '-o', out],
    cwd: repo,
    kind: 'board',
  },
];
const shared = sharedDir();
if (shared) {
  // As bench:compile and conformance:corpus compile it: from the corpus root, with its folders.
  const board = 'src/arm64/arm/juno-r1-scmi.dts';
  cases.push({
    name: `dtpc compile ${board} (Linux corpus)`,
    args: [cli, 'compile', '-i', 'include', '-i', 'src', '-i', path.dirname(board), board, '-o', out],
    cwd: path.join(shared, 'corpus', 'linux'),
    kind: 'board',
  });
} else console.log('../shared not found: corpus board skipped');

/**
 * CPU time (user + system) of the children this process has waited for, from /proc (Linux; 10 ms
 * ticks). Less sensitive than wall time to other work on the machine; undefined elsewhere.
 */
function childCpuMs(): number | undefined {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command name (which may hold spaces): cutime and cstime are the 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

interface Sample {
  wall: number;
  cpu: number | undefined;
}

function timeOnce(c: Case): Sample {
  const cpuBefore = childCpuMs();
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, c.args, { cwd: c.cwd ?? repo, encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  const cpuAfter = childCpuMs();
  if (result.status !== 0) {
    process.stderr.write(`${c.name}: exit ${result.status}\n${result.stderr}`);
    process.exit(1);
  }
  return { wall, cpu: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

// One untimed round first: the OS file cache and dtpc's own code cache are warm in real use too.
for (const c of cases) timeOnce(c);
const samples = cases.map(() => [] as Sample[]);
for (let run = 0; run < runs; run++) {
  cases.forEach((c, i) => {
    samples[i]!.push(timeOnce(c));
  });
}

const ms = (v: number) => `${v.toFixed(0)} ms`;
const baseline = samples[0]!;
console.log(
  `cold start of ${path.relative(repo, cli)}, median of ${runs} runs (node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)})`,
);
console.log(
  `${'command'.padEnd(58)} ${'wall'.padStart(8)} ${'min'.padStart(7)} ${'over node'.padStart(10)} ${'cpu'.padStart(8)} ${'over node'.padStart(10)}`,
);
let missed = 0;
cases.forEach((c, i) => {
  const wall = samples[i]!.map((s) => s.wall);
  const cpu = samples[i]!.every((s) => s.cpu !== undefined) ? samples[i]!.map((s) => s.cpu!) : undefined;
  // Over node: the median of the per-run differences, which cancels load shared by a run's commands.
  const over = (values: number[], base: (number | undefined)[]) =>
    c.kind === 'baseline' ? '' : `+${ms(median(values.map((v, r) => v - (base[r] ?? 0))))}`;
  const verdict = c.kind === 'board' ? (median(wall) < TARGET_MS ? '  ok' : `  over ${TARGET_MS} ms`) : '';
  if (c.kind === 'board' && median(wall) >= TARGET_MS) missed++;
  const cpuColumns = cpu
    ? `${ms(median(cpu)).padStart(8)} ${over(
        cpu,
        baseline.map((s) => s.cpu),
      ).padStart(10)}`
    : '';
  console.log(
    `${c.name.padEnd(58)} ${ms(median(wall)).padStart(8)} ${ms(Math.min(...wall)).padStart(7)} ${over(
      wall,
      baseline.map((s) => s.wall),
    ).padStart(10)} ${cpuColumns}${verdict}`,
  );
});
console.log(
  missed === 0
    ? `target: every board under ${TARGET_MS} ms (wall) from a cold start: met`
    : `target: every board under ${TARGET_MS} ms (wall) from a cold start: not met on ${missed} board(s)`,
);
fs.rmSync(path.dirname(out), { recursive: true, force: true });
