/**
 * Compiling one input of `dtpc compile` to its output bytes, through the content-hash cache when
 * it is on. Files are written by the caller, in input order, so a run's side effects are the same
 * whatever the job count.
 */
import { z } from 'zod';
import { compileFile, wasCutShort } from '../compiler/compile.js';
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { writeDtb } from '../compiler/dtb/writer.js';
import { printDts } from '../compiler/dts/printer.js';
import type { FileSystem } from '../compiler/source/file-system.js';
import type { ContentCache } from './cache/content-cache.js';
import type { PlainLintOptions } from './lint-task.js';
import type { RunSettings, TaskContext } from './task.js';

export interface BlobSettings {
  padding?: number;
  space?: number;
  align?: number;
  reserveExtra?: number;
}

export interface CompileJob {
  input: string;
  options: Omit<PlainLintOptions, 'rules'>;
  outFormat: 'dtb' | 'dts' | 'null';
  force: boolean;
  blob: BlobSettings;
  /** Whether this input's output goes anywhere (else only diagnostics are wanted). */
  emit: boolean;
}

export interface CompileOutcome {
  input: string;
  ok: boolean;
  diagnostics: Diagnostic[];
  dependencies: string[];
  /** The output, when the tree is good to emit (or forced) and the job wants it. */
  data?: Uint8Array | string;
}

/** The cached form: bytes as base64 so the entry is JSON. */
const buildStoredSchema = () =>
  z.strictObject({
    input: z.string(),
    ok: z.boolean(),
    diagnostics: z.array(z.custom<Diagnostic>((d) => typeof d === 'object' && d !== null && 'code' in d)),
    dependencies: z.array(z.string()),
    dtb: z.string().optional(),
    dts: z.string().optional(),
  });
type Stored = z.infer<ReturnType<typeof buildStoredSchema>>;
let builtStoredSchema: ReturnType<typeof buildStoredSchema> | undefined;
/** Built on first use rather than at load: a compile without `--cache` never needs it. */
function storedSchema(): ReturnType<typeof buildStoredSchema> {
  builtStoredSchema ??= buildStoredSchema();
  return builtStoredSchema;
}

const cacheKey = (job: CompileJob, settings: RunSettings) => ({
  tool: settings.tool,
  kind: 'compile',
  options: job.options,
  outFormat: job.outFormat,
  force: job.force,
  blob: job.blob,
  emit: job.emit,
});

export function runCompileJob(job: CompileJob, context: TaskContext, settings: RunSettings): CompileOutcome {
  if (!context.content) return compileOne(job, context.fs, context);
  const stored = context.content.run(cacheKey(job, settings), job.input, storedSchema(), context.fs, (fs) =>
    toStored(compileOne(job, fs, context)),
  );
  return fromStored(stored);
}

/** The cached outcome of this job, if the cache has a valid one. */
export function cachedCompileJob(
  job: CompileJob,
  cache: ContentCache,
  settings: RunSettings,
): CompileOutcome | undefined {
  const stored = cache.peek(cacheKey(job, settings), job.input, storedSchema());
  return stored && fromStored(stored);
}

function compileOne(job: CompileJob, fs: FileSystem, context: TaskContext): CompileOutcome {
  let result: ReturnType<typeof compileFile>;
  try {
    result = compileFile(job.input, { ...job.options, fs, cache: context.cache });
  } catch (error) {
    // A bug in dtpc must not take the whole run down: report it against the input.
    const message = `dtpc failed on this input: ${error instanceof Error ? error.message : String(error)}`;
    return {
      input: job.input,
      ok: false,
      dependencies: [job.input],
      diagnostics: [
        {
          code: 'internal/crash',
          severity: 'error',
          message,
          hint: 'please report this with the input attached',
        },
      ],
    };
  }
  const outcome: CompileOutcome = {
    input: job.input,
    ok: result.ok,
    diagnostics: result.diagnostics,
    dependencies: result.dependencies,
  };
  // -f writes a tree with ordinary errors, never one from a run a limit or the sandbox stopped.
  const good = result.ok || (job.force && !wasCutShort(result.diagnostics));
  if (!good || !result.tree || !job.emit || job.outFormat === 'null') return outcome;
  outcome.data = job.outFormat === 'dts' ? printDts(result.tree) : writeDtb(result.tree, job.blob);
  return outcome;
}

function toStored(o: CompileOutcome): Stored {
  return {
    input: o.input,
    ok: o.ok,
    diagnostics: o.diagnostics,
    dependencies: o.dependencies,
    ...(typeof o.data === 'string' ? { dts: o.data } : {}),
    ...(o.data instanceof Uint8Array ? { dtb: Buffer.from(o.data).toString('base64') } : {}),
  };
}

function fromStored(s: Stored): CompileOutcome {
  return {
    input: s.input,
    ok: s.ok,
    diagnostics: s.diagnostics,
    dependencies: s.dependencies,
    ...(s.dts !== undefined ? { data: s.dts } : {}),
    ...(s.dtb !== undefined ? { data: new Uint8Array(Buffer.from(s.dtb, 'base64')) } : {}),
  };
}
