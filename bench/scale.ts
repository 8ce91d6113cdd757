/**
 * `npm run bench:scale`: the whole Linux corpus (every `.dts` under shared/corpus/linux/src) linted
 * by the real CLI the ways a CI job would run it, with the include folders of a kernel tree
 * (`-i include -i src`, as scripts/dtc/include-prefixes maps `arm/`, `arm64/` and `dt-bindings/`):
 *   1. --jobs 1, no cache               (the reference output)
 *   2. --jobs 2, no cache
 *   3. --jobs 2 --cache, empty cache     (cold: fills it)
 *   4. --jobs 2 --cache, warm            (an unchanged tree)
 *   5. --shard 1/3 … 3/3 (--jobs 1 each, no cache), then dtpc merge
 *   6. SARIF: unsharded and sharded + merge, on the warm cache
 * Prints wall times, boards/s and speed-ups, and checks that every variant prints exactly the
 * reference output (JSON, and SARIF for 6); exits 1 when one does not. Also a CI conformance
 * check: exits 1 when a board hits an internal crash.
 *
 * The machine is shared, so figures swing with its load. Usage: node dist/bench/scale.js [--boards N]
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireShared } from '../test/support/shared.js';

const args = process.argv.slice(2);
const limitAt = args.indexOf('--boards');
const limit = limitAt >= 0 ? Number(args[limitAt + 1]) : Number.POSITIVE_INFINITY;

const shared = requireShared();
const linux = path.join(shared, 'corpus', 'linux');
const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../cli/main.js');

function dtsUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...dtsUnder(full));
    else if (entry.name.endsWith('.dts')) out.push(full);
  }
  return out;
}

process.chdir(linux);
const boards = dtsUnder('src').sort().slice(0, limit);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dtpc-bench-scale-'));
const cacheDir = path.join(work, 'cache');
const base = ['lint', '-i', 'include', '-i', 'src'];

interface Run {
  ms: number;
  /** CPU time of the child (user + system, all its threads), when /proc tells it. */
  cpu: number | undefined;
  code: number | null;
  stdout: string;
}

/** CPU ms of the children waited for so far (stat(5) `cutime` + `cstime`, 100 ticks/s on Linux). */
function cpuChildren(): number | undefined {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

function timed(argv: string[], env: NodeJS.ProcessEnv = process.env): Run {
  const c0 = cpuChildren();
  const t0 = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [cli, ...argv], { encoding: 'utf8', maxBuffer: 1 << 30, env });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const c1 = cpuChildren();
  if (run.status !== 0 && run.status !== 1) {
    process.stderr.write(run.stderr);
    throw new Error(`dtpc ${argv.slice(0, 8).join(' ')} … exited with ${run.status}`);
  }
  const cpu = c0 === undefined || c1 === undefined ? undefined : c1 - c0;
  return { ms, cpu, code: run.status, stdout: run.stdout };
}

function dtpc(extra: string[], inputs: readonly string[] = boards): Run {
  // An empty DTPC_CACHE_DIR: only the runs given --cache use a cache.
  return timed([...base, ...extra, ...inputs], { ...process.env, DTPC_CACHE_DIR: '' });
}

function merge(files: string[]): Run {
  return timed(['merge', ...files]);
}

function shards(
  format: string,
  count: number,
  extra: string[],
): { files: string[]; times: number[]; cpu: number } {
  const files: string[] = [];
  const times: number[] = [];
  let cpu = 0;
  for (let k = 1; k <= count; k++) {
    const run = dtpc(['--format', format, '--shard', `${k}/${count}`, ...extra]);
    const file = path.join(work, `shard-${k}.${format}`);
    fs.writeFileSync(file, run.stdout);
    files.push(file);
    times.push(run.ms);
    cpu += run.cpu ?? Number.NaN;
  }
  return { files, times, cpu };
}

const failures: string[] = [];
const same = (what: string, a: Run, b: Run) => {
  const ok = a.stdout === b.stdout && a.code === b.code;
  if (!ok) failures.push(`${what}: output or exit code differs from the --jobs 1 run`);
  return ok ? 'identical' : 'DIFFERENT';
};
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const rate = (ms: number) => `${(boards.length / (ms / 1000)).toFixed(1)} boards/s`;
const cpuText = (cpu: number | undefined) => (cpu === undefined || Number.isNaN(cpu) ? '' : `cpu ${s(cpu)}`);
const line = (label: string, ms: number, cpu: number | undefined, note = '') =>
  console.log(
    `${label.padEnd(36)} ${s(ms).padStart(8)}  ${rate(ms).padStart(17)}  ${cpuText(cpu).padStart(12)}  ${note}`,
  );

console.log(
  `${boards.length} boards under ${path.join(linux, 'src')}; ${os.availableParallelism()} cores, load average ${os.loadavg()[0]!.toFixed(1)}\n`,
);
const one = dtpc(['--format', 'json', '--jobs', '1']);
line('--jobs 1', one.ms, one.cpu, 'reference');
const two = dtpc(['--format', 'json', '--jobs', '2']);
line('--jobs 2', two.ms, two.cpu, `${(one.ms / two.ms).toFixed(2)}x, ${same('--jobs 2', two, one)}`);
const cold = dtpc(['--format', 'json', '--jobs', '2', '--cache-dir', cacheDir]);
line(
  '--jobs 2 --cache-dir (cold)',
  cold.ms,
  cold.cpu,
  `${(one.ms / cold.ms).toFixed(2)}x, ${same('cold cache', cold, one)}`,
);
const warm = dtpc(['--format', 'json', '--jobs', '2', '--cache-dir', cacheDir]);
line(
  '--jobs 2 --cache-dir (warm)',
  warm.ms,
  warm.cpu,
  `${(one.ms / warm.ms).toFixed(2)}x, ${same('warm cache', warm, one)}`,
);
const warm1 = dtpc(['--format', 'json', '--jobs', '1', '--cache-dir', cacheDir]);
line(
  '--jobs 1 --cache-dir (warm)',
  warm1.ms,
  warm1.cpu,
  `${(one.ms / warm1.ms).toFixed(2)}x, ${same('warm cache, 1 job', warm1, one)}`,
);

const json = shards('json', 3, ['--jobs', '1']);
const mergedJson = merge(json.files);
const slowest = Math.max(...json.times);
line(
  '--shard k/3 --jobs 1 (slowest)',
  slowest,
  undefined,
  `${(one.ms / slowest).toFixed(2)}x on 3 CI machines`,
);
line(
  '  the three shards one after another',
  json.times.reduce((a, b) => a + b, 0),
  json.cpu,
);
console.log(
  `${'dtpc merge (JSON)'.padEnd(36)} ${s(mergedJson.ms).padStart(8)}  ${same('merged JSON', mergedJson, one)}`,
);

const sarifOne = dtpc(['--format', 'sarif', '--cache-dir', cacheDir]);
const sarif = shards('sarif', 3, ['--cache-dir', cacheDir]);
const mergedSarif = merge(sarif.files);
console.log(
  `${'dtpc merge (SARIF)'.padEnd(36)} ${s(mergedSarif.ms).padStart(8)}  ${same('merged SARIF', mergedSarif, sarifOne)}`,
);

const reports = JSON.parse(one.stdout) as {
  input: string;
  diagnostics: { code: string; severity: string }[];
}[];
const all = reports.flatMap((r) => r.diagnostics);
const crashes = reports.filter((r) => r.diagnostics.some((d) => d.code === 'internal/crash'));
console.log(
  `\nresults: ${all.filter((d) => d.severity === 'error').length} error(s), ${all.filter((d) => d.severity === 'warning').length} warning(s) on ${reports.length} boards; ${crashes.length} internal crash(es); cache ${(dirSize(cacheDir) / 1048576).toFixed(1)} MiB`,
);
for (const r of crashes) failures.push(`internal crash on ${r.input}`);
fs.rmSync(work, { recursive: true, force: true });
if (failures.length > 0) {
  for (const f of failures) console.log(`FAIL ${f}`);
  process.exit(1);
}
console.log('all variants print the same result');

function dirSize(dir: string): number {
  let total = 0;
  for (const f of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const st = fs.statSync(path.join(dir, f));
    if (st.isFile()) total += st.size;
  }
  return total;
}
