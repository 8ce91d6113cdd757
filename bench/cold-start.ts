/**
 * `npm run bench:cold-start`: how long a fresh `dtpc` process takes, against a bare `node -e ""`
 * measured in the same run (this machine's own start-up cost, which dtpc cannot go below).
 * Runs `dtpc --version`, `dtpc compile` of the bundled board and, when `../shared` is present, of
 * a Linux corpus board with includes. The commands are interleaved run by run, so a burst of load
 * from elsewhere on the machine hits them all alike; each figure is the median of the runs.
 * A benchmark, not a test. `--runs N` (default 11).
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
// The installed binary, exactly as `npx dtpc` runs it.
const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { bin: { dtpc: string } };
const cli = path.join(repo, pkg.bin.dtpc);
const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dtpc-cold-')), 'out.dtb');

const runsFlag = process.argv.indexOf('--runs');
const runs = runsFlag >= 0 ? Math.max(1, Number(process.argv[runsFlag + 1]) || 11) : 11;

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

function timeOnce(c: Case): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, c.args, { cwd: c.cwd ?? repo, encoding: 'utf8' });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) {
    process.stderr.write(`${c.name}: exit ${result.status}\n${result.stderr}`);
    process.exit(1);
  }
  return elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

// One untimed round first: the OS file cache and dtpc's own code cache are warm in real use too.
for (const c of cases) timeOnce(c);
const times = cases.map(() => [] as number[]);
for (let run = 0; run < runs; run++) {
  cases.forEach((c, i) => {
    times[i]!.push(timeOnce(c));
  });
}

const baseline = times[0]!;
console.log(`cold start, median of ${runs} runs (node ${process.version}, ${os.cpus().length} cores)`);
console.log(
  `${'command'.padEnd(58)} ${'median'.padStart(8)} ${'min'.padStart(7)} ${'over node'.padStart(10)}`,
);
let missed = 0;
cases.forEach((c, i) => {
  const t = times[i]!;
  // Over node: the median of the per-run differences, which cancels load shared by a run's commands.
  const over = c.kind === 'baseline' ? '' : `+${median(t.map((v, r) => v - baseline[r]!)).toFixed(0)} ms`;
  const verdict = c.kind === 'board' ? (median(t) < TARGET_MS ? '  ok' : `  over ${TARGET_MS} ms`) : '';
  if (c.kind === 'board' && median(t) >= TARGET_MS) missed++;
  console.log(
    `${c.name.padEnd(58)} ${`${median(t).toFixed(0)} ms`.padStart(8)} ${`${Math.min(...t).toFixed(0)} ms`.padStart(7)} ${over.padStart(10)}${verdict}`,
  );
});
console.log(
  missed === 0
    ? `target: every board under ${TARGET_MS} ms from a cold start: met`
    : `target: every board under ${TARGET_MS} ms from a cold start: not met on ${missed} board(s)`,
);
fs.rmSync(path.dirname(out), { recursive: true, force: true });
