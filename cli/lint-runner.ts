/**
 * Runs the inputs of a many-input `dtpc lint` or `dtpc compile`: in this thread for one job, or on
 * N worker threads (`--jobs N`). Workers take the next input as soon as they finish one (boards
 * differ in cost by two orders of magnitude, so fixed shares leave cores idle), and results are
 * returned in input order, so the output is the same whatever the job count or completion order.
 */
import { createRequire } from 'node:module';
import type { LintResult } from '../schemas/lint-file.js';
import { ContentCache } from './cache/content-cache.js';
import type { CompileJob, CompileOutcome } from './compile-task.js';
import type { LintJob } from './lint-task.js';
import { type RunSettings, type TaskContext, taskContext } from './task.js';

export type { LintJob, PlainLintOptions } from './lint-task.js';

export type TaskKind = 'lint' | 'compile';
export interface TaskJob {
  lint: LintJob;
  compile: CompileJob;
}
export interface TaskResult {
  lint: LintResult;
  compile: CompileOutcome;
}
export type TaskRunner<J, R> = (job: J, context: TaskContext, settings: RunSettings) => R;

/** What a worker thread is started with. */
export interface WorkerSetup {
  kind: TaskKind;
  settings: RunSettings;
}
/** Main thread → worker: one input to run, or undefined to stop. */
export type WorkerRequest = { index: number; job: TaskJob[TaskKind] } | undefined;
/** Worker → main thread. */
export type WorkerReply = { index: number; result: TaskResult[TaskKind] };

export function runSerial<J, R>(
  jobs: readonly J[],
  run: TaskRunner<J, R>,
  settings: RunSettings,
  progress?: (done: number) => void,
): R[] {
  const context = taskContext(settings);
  const results: R[] = [];
  for (const job of jobs) {
    results.push(run(job, context, settings));
    progress?.(results.length);
  }
  return results;
}

/** A worker as the pool sees it: send it one input, hear back its result. */
export interface PoolWorker<J, R> {
  send(request: { index: number; job: J } | undefined): void;
  onReply(handler: (reply: { index: number; result: R }) => void): void;
  /** Resolves when the worker has stopped; rejects if it died. */
  done: Promise<void>;
}

/**
 * Hands inputs to workers one at a time and collects results by input index. Separate from
 * thread creation so that a test can drive it with workers finishing in any order.
 */
export async function runPool<J, R>(
  jobs: readonly J[],
  workers: number,
  start: () => PoolWorker<J, R>,
  progress?: (done: number) => void,
): Promise<R[]> {
  const results: R[] = new Array(jobs.length);
  let next = 0;
  let done = 0;
  const feed = (w: PoolWorker<J, R>) => {
    if (next < jobs.length) {
      const index = next++;
      w.send({ index, job: jobs[index]! });
    } else w.send(undefined);
  };
  const pool = Array.from({ length: Math.min(workers, jobs.length) }, () => {
    const w = start();
    w.onReply((reply) => {
      results[reply.index] = reply.result;
      // Not `progress?.(++done)`: an optional call skips evaluating its arguments.
      done++;
      progress?.(done);
      feed(w);
    });
    feed(w);
    return w.done;
  });
  await Promise.all(pool);
  if (done !== jobs.length) throw new Error(`workers returned ${done} of ${jobs.length} results`);
  return results;
}

export type CachedRunner<J, R> = (job: J, cache: ContentCache, settings: RunSettings) => R | undefined;

/**
 * `--jobs N` with the cache on: this thread answers every hit itself and hands only the misses
 * to workers (none are started when everything hits, the common case of a re-run in CI), then
 * puts the results back in input order.
 */
export async function runCachedParallel<K extends TaskKind>(
  kind: K,
  jobs: readonly TaskJob[K][],
  workers: number,
  settings: RunSettings,
  cached: CachedRunner<TaskJob[K], TaskResult[K]>,
  run: TaskRunner<TaskJob[K], TaskResult[K]>,
  progress?: (done: number) => void,
): Promise<TaskResult[K][]> {
  const results: TaskResult[K][] = new Array(jobs.length);
  const misses: number[] = [];
  let done = 0;
  if (settings.cacheDir !== undefined) {
    const cache = new ContentCache(settings.cacheDir);
    jobs.forEach((job, i) => {
      const hit = cached(job, cache, settings);
      if (hit === undefined) misses.push(i);
      else {
        results[i] = hit;
        done++;
        progress?.(done);
      }
    });
  } else misses.push(...jobs.keys());
  const missed = misses.map((i) => jobs[i]!);
  const after = (n: number) => progress?.(done + n);
  // One miss is not worth a thread's start-up (it loads the whole front end again).
  const fresh =
    missed.length > 1 && workers > 1
      ? await runParallel(kind, missed, Math.min(workers, missed.length), settings, after)
      : runSerial(missed, run, settings, after);
  misses.forEach((i, k) => {
    results[i] = fresh[k]!;
  });
  return results;
}

export function runParallel<K extends TaskKind>(
  kind: K,
  jobs: readonly TaskJob[K][],
  workers: number,
  settings: RunSettings,
  progress?: (done: number) => void,
): Promise<TaskResult[K][]> {
  const setup: WorkerSetup = { kind, settings };
  return runPool<TaskJob[K], TaskResult[K]>(jobs, workers, () => threadWorker(setup), progress);
}

function threadWorker<J, R>(share: WorkerSetup): PoolWorker<J, R> {
  // Loaded here, not at import (some 4 ms): a single-job run never starts a worker.
  const { Worker } = createRequire(import.meta.url)(
    'node:worker_threads',
  ) as typeof import('node:worker_threads');
  const worker = new Worker(new URL('./lint-worker.js', import.meta.url), {
    workerData: share,
    // A worker compiles board after board, and each compile's tokens and trees are still alive when
    // the young generation fills: with V8's 16 MB semi-spaces a third of a corpus run was
    // scavenging. 64 MB semi-spaces (young generation = 3 semi-spaces): the corpus compiled in one
    // thread went from 35 to 18 ms/board; `lint --jobs 2` over 200 boards took 8% less time.
    resourceLimits: { maxYoungGenerationSizeMb: 3 * 64 },
  });
  return {
    send: (request) => worker.postMessage(request),
    onReply: (handler) => worker.on('message', handler),
    done: new Promise<void>((resolve, reject) => {
      worker.on('error', reject);
      worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker exited with ${code}`))));
    }),
  };
}
