/** Linting one input of `dtpc lint`, through the content-hash cache when it is on. */
import { z } from 'zod';
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { type LintOptions, type LintResult, lintFile } from '../schemas/lint-file.js';
import type { ContentCache } from './cache/content-cache.js';
import type { RunSettings, TaskContext } from './task.js';

/** Options that cross a worker boundary must be plain data (no fs, no cache). */
export type PlainLintOptions = Omit<LintOptions, 'fs' | 'cache' | 'checkSettings'>;

export interface LintJob {
  input: string;
  options: PlainLintOptions;
}

const lintResultSchema: z.ZodType<LintResult> = z.strictObject({
  input: z.string(),
  ok: z.boolean(),
  diagnostics: z.array(z.custom<Diagnostic>((d) => typeof d === 'object' && d !== null && 'code' in d)),
});

const cacheKey = (job: LintJob, settings: RunSettings) => ({
  tool: settings.tool,
  kind: 'lint',
  options: job.options,
});

export function runLintJob(job: LintJob, context: TaskContext, settings: RunSettings): LintResult {
  const lint = (fs: TaskContext['fs']) => safeLint(job.input, { ...job.options, fs, cache: context.cache });
  if (!context.content) return lint(context.fs);
  return context.content.run(cacheKey(job, settings), job.input, lintResultSchema, context.fs, lint);
}

/** The cached result of this job, if the cache has a valid one. */
export function cachedLintJob(
  job: LintJob,
  cache: ContentCache,
  settings: RunSettings,
): LintResult | undefined {
  return cache.peek(cacheKey(job, settings), job.input, lintResultSchema);
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
