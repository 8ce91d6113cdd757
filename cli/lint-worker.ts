/**
 * Worker thread for `--jobs N` (lint and compile): runs the inputs the main thread sends, one at a
 * time, with its own file system and caches, until it is sent nothing. Only the task module of
 * its command is loaded (a compile worker never loads the lint schemas).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { TaskRunner, WorkerReply, WorkerRequest, WorkerSetup } from './lint-runner.js';
import { taskContext } from './task.js';

const setup = workerData as WorkerSetup;
const run = (
  setup.kind === 'lint'
    ? (await import('./lint-task.js')).runLintJob
    : (await import('./compile-task.js')).runCompileJob
) as TaskRunner<unknown, WorkerReply['result']>;
const context = taskContext(setup.settings);
parentPort?.on('message', (request: WorkerRequest) => {
  if (request === undefined) {
    parentPort?.close();
    return;
  }
  const reply: WorkerReply = { index: request.index, result: run(request.job, context, setup.settings) };
  parentPort?.postMessage(reply);
});
