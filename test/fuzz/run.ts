/**
 * `npm run fuzz -- [--minutes N] [--seed S] [--runs N] [--target name…]`: fuzzes every target (or
 * the named ones), splitting the time evenly, one worker thread per target in turn under a
 * watchdog: a worker that stops reporting progress for the hang budget is stopped and its current
 * input saved as a hang; one that runs out of its heap is a memory failure. Prints executions per
 * target and every failure, saves each failing input as `test/fuzz/regressions/<target>/<hash>.<ext>`
 * and exits 1 when there was any. The inputs are a function of the seed; the count of executions
 * depends on the machine (or pass `--runs` for a fixed count).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { type Failure, hashOf } from './support/engine.js';
import { hashSeed } from './support/rng.js';
import { REGRESSIONS } from './support/seeds.js';
import type { WorkerJob, WorkerMessage } from './support/worker.js';
import { TARGETS, targetByName } from './targets/index.js';

interface Options {
  minutes: number;
  seed: number;
  runs?: number;
  targets: string[];
}

/** A worker silent for this long is hung (progress comes about once a second). */
const HANG_MS = 30_000;
/** Heap for one worker: an input that needs more is a runaway. */
const WORKER_HEAP_MB = 1024;
const CURRENT_BYTES = 4 * 1024 * 1024;

function parseArgs(argv: string[]): Options | string {
  const o: Options = { minutes: 1, seed: 1, targets: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = (): string | undefined => argv[++i];
    if (a === '--minutes') o.minutes = Number(next());
    else if (a === '--seed') o.seed = Number(next());
    else if (a === '--runs') o.runs = Number(next());
    else if (a === '--target') {
      while (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) o.targets.push(argv[++i]!);
    } else if (a === '--help' || a === '-h')
      return 'usage: run.js [--minutes N] [--seed S] [--runs N] [--target name…]';
    else return `unknown argument ${a}`;
  }
  if (!(o.minutes > 0) || !Number.isInteger(o.seed) || (o.runs !== undefined && !(o.runs > 0)))
    return '--minutes must be positive, --seed an integer, --runs positive';
  for (const t of o.targets)
    if (!targetByName(t)) return `unknown target ${t} (${TARGETS.map((x) => x.name).join(', ')})`;
  return o;
}

interface Outcome {
  executions: number;
  failures: Failure[];
}

function fuzzInWorker(target: string, seed: number, ms: number, runs: number | undefined): Promise<Outcome> {
  const current = new SharedArrayBuffer(4 + CURRENT_BYTES);
  const job: WorkerJob = {
    target,
    seed,
    ms,
    current,
    ...(runs !== undefined ? { maxExecutions: runs } : {}),
  };
  const worker = new Worker(new URL('./support/worker.js', import.meta.url), {
    workerData: job,
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
  });
  const failures: Failure[] = [];
  let executions = 0;
  let lastSign = performance.now();
  const currentInput = (): Uint8Array => {
    const n = new Int32Array(current, 0, 1)[0]!;
    return n < 0 ? new Uint8Array(0) : new Uint8Array(current, 4, n).slice();
  };
  const lost = (kind: Failure['kind'], message: string): void => {
    const input = currentInput();
    failures.push({ target, kind, message, input, hash: hashOf(input) });
  };
  return new Promise((resolve) => {
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      clearInterval(watchdog);
      resolve({ executions, failures });
    };
    const watchdog = setInterval(() => {
      if (performance.now() - lastSign < HANG_MS) return;
      clearInterval(watchdog);
      lost('hang', `no progress for ${HANG_MS / 1000} s: one execution hangs`);
      void worker.terminate().then(finish);
    }, 1000);
    worker.on('message', (m: WorkerMessage) => {
      lastSign = performance.now();
      if (m.kind === 'progress') executions = m.executions;
      else if (m.kind === 'failure') failures.push({ ...m.failure, input: new Uint8Array(m.failure.input) });
      else {
        executions = m.executions;
        void worker.terminate().then(finish);
      }
    });
    worker.on('error', (e) => {
      const oom =
        /heap|memory/i.test(String(e.message)) ||
        (e as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
      lost(oom ? 'memory' : 'crash', `worker died: ${e.message}`);
      finish();
    });
    worker.on('exit', finish);
  });
}

/** Saves a failing input as a regression fixture; returns its path relative to the repository. */
function save(f: Failure): string {
  const target = targetByName(f.target)!;
  const dir = path.join(REGRESSIONS, f.target);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${f.hash}.${target.ext}`);
  fs.writeFileSync(file, f.input);
  return path.relative(path.join(REGRESSIONS, '..', '..', '..'), file);
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  if (typeof options === 'string') {
    process.stderr.write(`${options}\n`);
    return 2;
  }
  const chosen = options.targets.length > 0 ? options.targets : TARGETS.map((t) => t.name);
  const share = (options.minutes * 60_000) / chosen.length;
  process.stdout.write(
    `fuzzing ${chosen.length} targets for ${options.minutes} min (${(share / 1000).toFixed(0)} s each), seed ${options.seed}\n`,
  );
  let failed = 0;
  const rows: string[] = [];
  for (const name of chosen) {
    const started = performance.now();
    const r: Outcome = { executions: 0, failures: [] };
    // A worker lost to a hang or to memory is replaced (next seed) for the rest of the target's time.
    for (let round = 0; ; round++) {
      const left = share - (performance.now() - started);
      const runs = options.runs !== undefined ? options.runs - r.executions : undefined;
      if (round > 0 && (left < 1000 || (runs !== undefined && runs <= 0))) break;
      const seed = hashSeed(options.seed, round === 0 ? name : `${name}#${round}`);
      const part = await fuzzInWorker(name, seed, Math.max(left, 1000), runs);
      r.executions += part.executions;
      for (const f of part.failures) if (!r.failures.some((g) => g.hash === f.hash)) r.failures.push(f);
      if (!part.failures.some((f) => f.kind === 'hang' || f.kind === 'memory')) break;
    }
    const secs = (performance.now() - started) / 1000;
    const perMinute = Math.round((r.executions / Math.max(secs, 0.001)) * 60);
    rows.push(
      `${name.padEnd(12)} ${String(r.executions).padStart(9)} executions  ${String(perMinute).padStart(8)}/min  ${r.failures.length} failures`,
    );
    process.stdout.write(`${rows.at(-1)}\n`);
    for (const f of r.failures) {
      failed++;
      process.stdout.write(`  ${f.kind}: ${f.message}\n    saved ${save(f)}\n`);
    }
  }
  process.stdout.write(`\n${rows.join('\n')}\n${failed === 0 ? 'no failures' : `${failed} failures`}\n`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
