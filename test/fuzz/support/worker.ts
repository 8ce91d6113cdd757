/**
 * One target's fuzzing loop in a worker thread. Before each execution the encoded input is copied
 * into a shared buffer, so the parent can save it when the worker hangs (it stops sending
 * progress) or dies of memory exhaustion — cases where the worker can no longer report anything.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type Failure, fuzzLoop } from './engine.js';

export interface WorkerJob {
  target: string;
  seed: number;
  /** Wall-clock milliseconds to fuzz for. */
  ms: number;
  maxExecutions?: number;
  /** [length, …bytes] of the input being executed; length -1 when it did not fit. */
  current: SharedArrayBuffer;
}

export type WorkerMessage =
  | { kind: 'progress'; executions: number }
  | { kind: 'failure'; failure: Failure }
  | { kind: 'done'; executions: number; bySource: Record<string, number> };

async function main(): Promise<void> {
  const job = workerData as WorkerJob;
  const port = parentPort!;
  // The registry is loaded here, not at the top: a worker only needs the targets it runs.
  const { targetByName } = await import('../targets/index.js');
  const target = targetByName(job.target)!;
  const header = new Int32Array(job.current, 0, 1);
  const body = new Uint8Array(job.current, 4);
  const result = fuzzLoop(target, {
    seed: job.seed,
    deadline: performance.now() + job.ms,
    ...(job.maxExecutions !== undefined ? { maxExecutions: job.maxExecutions } : {}),
    beforeRun(encoded) {
      if (encoded.length > body.length) {
        Atomics.store(header, 0, -1);
        return;
      }
      body.set(encoded);
      Atomics.store(header, 0, encoded.length);
    },
    onFailure: (failure) => port.postMessage({ kind: 'failure', failure } satisfies WorkerMessage),
    onProgress: (executions) => port.postMessage({ kind: 'progress', executions } satisfies WorkerMessage),
  });
  port.postMessage({
    kind: 'done',
    executions: result.executions,
    bySource: result.bySource,
  } satisfies WorkerMessage);
}

void main();
