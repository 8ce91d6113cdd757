/** Worker thread for `dtpc lint --jobs N`: lints its share of inputs with its own caches. */
import { parentPort, workerData } from 'node:worker_threads';
import { PreprocessCache } from '../compiler/preprocess/index.js';
import { NodeFileSystem } from '../compiler/source/file-system.js';
import { type PlainLintOptions, safeLint } from './lint-runner.js';

const share = workerData as { input: string; options: PlainLintOptions; index: number }[];
const fs = new NodeFileSystem();
const cache = new PreprocessCache();
for (const job of share) {
  const result = safeLint(job.input, { ...job.options, fs, cache });
  parentPort?.postMessage({ index: job.index, result });
}
