/**
 * Lints many inputs: in this thread for one job, or split across worker threads (`--jobs N`),
 * with results returned in input order so output is the same whatever the job count.
 */
import { Worker } from 'node:worker_threads';
import { PreprocessCache } from '../compiler/preprocess/index.js';
import { NodeFileSystem } from '../compiler/source/file-system.js';
import { type LintOptions, type LintResult, lintFile } from '../schemas/lint-file.js';

export interface LintJob {
  input: string;
  options: LintOptions;
}

/** Options that cross a worker boundary must be plain data (no fs, no cache). */
export type PlainLintOptions = Omit<LintOptions, 'fs' | 'cache' | 'checkSettings'>;

export function lintSerial(jobs: readonly LintJob[], progress?: (done: number) => void): LintResult[] {
  const fs = new NodeFileSystem();
  const cache = new PreprocessCache();
  const results: LintResult[] = [];
  for (const job of jobs) {
    results.push(safeLint(job.input, { ...job.options, fs, cache }));
    progress?.(results.length);
  }
  return results;
}

export function safeLint(input: string, options: LintOptions): LintResult {
  try {
    return lintFile(input, options);
  } catch (error) {
    // A bug in dtpc must not take the whole run down: report it against the input.
    return {
      input,
      ok: false,
      diagnostics: [
        {
          code: 'internal/crash',
          severity: 'error',
          message: `dtpc failed on this input: ${error instanceof Error ? error.message : String(error)}`,
          hint: 'please report this with the input attached',
        },
      ],
    };
  }
}

export async function lintParallel(
  jobs: readonly { input: string; options: PlainLintOptions }[],
  workers: number,
  progress?: (done: number) => void,
): Promise<LintResult[]> {
  const results: LintResult[] = new Array(jobs.length);
  let done = 0;
  // Round-robin by index keeps each worker's share of big and small boards even.
  const shares = Array.from({ length: workers }, (_, w) =>
    jobs.map((j, i) => ({ ...j, index: i })).filter((j) => j.index % workers === w),
  );
  await Promise.all(
    shares
      .filter((s) => s.length > 0)
      .map(
        (share) =>
          new Promise<void>((resolve, reject) => {
            const worker = new Worker(new URL('./lint-worker.js', import.meta.url), { workerData: share });
            worker.on('message', (m: { index: number; result: LintResult }) => {
              results[m.index] = m.result;
              progress?.(++done);
            });
            worker.on('error', reject);
            worker.on('exit', (code) =>
              code === 0 ? resolve() : reject(new Error(`lint worker exited with ${code}`)),
            );
          }),
      ),
  );
  return results;
}
