/**
 * A content-hash cache of each board's includes and results, in the manner of ccache's direct
 * mode. An entry is keyed by the hash of dtpc's version, the options that affect the result, the
 * input's path and its bytes; it stores every file the run looked at (with its content hash, or
 * that it was absent) and the result. A lookup re-hashes the listed files, and any difference is a
 * miss, so a cached result is always the one a fresh run would give.
 *
 * Entries are written atomically (a temporary file, then rename) so concurrent workers and CI
 * jobs sharing the folder never see half an entry; an entry that does not parse or validate is a
 * miss, and a cache that cannot be written is simply not filled: the cache never fails a run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import type { FileSystem } from '../../compiler/source/file-system.js';
import { ABSENT, EXISTS, FileHasher, type FileState, sha256 } from './hasher.js';
import { RecordingFileSystem } from './recording-fs.js';

/** Bumped when the entry layout changes; old entries are then never looked at. */
const LAYOUT = 'v1';

const buildEntrySchema = () =>
  z.strictObject({
    layout: z.literal(LAYOUT),
    key: z.string(),
    files: z.array(z.tuple([z.string(), z.string()])),
    result: z.unknown(),
  });
let builtEntrySchema: ReturnType<typeof buildEntrySchema> | undefined;
/** Built on first use rather than at load: a run without `--cache` never needs it. */
function entrySchema(): ReturnType<typeof buildEntrySchema> {
  builtEntrySchema ??= buildEntrySchema();
  return builtEntrySchema;
}

export class ContentCache {
  readonly hasher = new FileHasher();
  private counts = { hits: 0, misses: 0 };

  constructor(readonly dir: string) {}

  /** Runs `compute` on a recording file system, or returns the stored result of an identical earlier run. */
  run<T>(
    keyParts: unknown,
    input: string,
    schema: z.ZodType<T>,
    inner: FileSystem,
    compute: (fs: FileSystem) => T,
  ): T {
    const key = this.key(keyParts, input);
    const hit = this.lookup(key, schema);
    if (hit !== undefined) {
      this.counts.hits++;
      return hit;
    }
    this.counts.misses++;
    const recording = new RecordingFileSystem(inner, this.hasher);
    const result = compute(recording);
    this.store(key, recording.files(), result);
    return result;
  }

  /**
   * The stored result, if there is a valid one, without computing anything on a miss: the main
   * thread answers hits itself so that a warm run over an unchanged tree starts no workers.
   */
  peek<T>(keyParts: unknown, input: string, schema: z.ZodType<T>): T | undefined {
    const hit = this.lookup(this.key(keyParts, input), schema);
    if (hit !== undefined) this.counts.hits++;
    return hit;
  }

  private key(keyParts: unknown, input: string): string {
    return sha256(canonicalJson({ layout: LAYOUT, keyParts, input, bytes: this.hasher.current(input) }));
  }

  stats(): { hits: number; misses: number } {
    return { ...this.counts };
  }

  private file(key: string): string {
    return path.join(this.dir, LAYOUT, key.slice(0, 2), `${key}.json`);
  }

  private lookup<T>(key: string, schema: z.ZodType<T>): T | undefined {
    let text: string;
    try {
      text = fs.readFileSync(this.file(key), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const entry = entrySchema().parse(JSON.parse(text));
      if (entry.key !== key) return undefined;
      for (const [file, state] of entry.files) if (!this.unchanged(file, state)) return undefined;
      const result = schema.safeParse(entry.result);
      return result.success ? result.data : undefined;
    } catch {
      return undefined;
    }
  }

  private unchanged(file: string, state: FileState): boolean {
    const now = this.hasher.current(file);
    if (state === EXISTS) return now !== ABSENT;
    return now === state;
  }

  private store(key: string, files: [string, FileState][], result: unknown): void {
    const target = this.file(key);
    // pid + a random suffix keep writers apart, worker threads of one process included.
    const tmp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(tmp, JSON.stringify({ layout: LAYOUT, key, files, result }));
      fs.renameSync(tmp, target);
    } catch {
      try {
        fs.rmSync(tmp, { force: true });
      } catch {
        // Nothing more to do: an unwritable cache only means the next run is not faster.
      }
    }
  }
}

/** JSON with object keys sorted at every level, so equal options always give the same key. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}
