import { DEFAULT_LIMITS, limitHint, limitInfo } from '../limits.js';
import { type FileSystem, searchFiles } from '../source/file-system.js';
import { dirname, joinPath } from '../source/paths.js';

export type IncbinResult = { bytes: Uint8Array } | { error: string; hint?: string; code?: string };

/**
 * Reads the bytes of `/incbin/("file"[, offset, length])` as dtc does: the including file's folder
 * first, then the include folders; offset and length select a window (a length of -1 in dtc means
 * "to the end", which only arises from the two-argument form here). The `incbin-size` limit is
 * checked against the file's size before anything is read, and a guard's refusal (sandbox,
 * input-size) comes back with its own code.
 */
export function readIncbin(
  file: string,
  includingFile: string,
  options: { fs: FileSystem; includeDirs: string[]; limits?: { incbinBytes?: number } },
  offset?: bigint,
  length?: bigint,
): IncbinResult {
  const { fs } = options;
  const candidates = file.startsWith('/')
    ? [file]
    : [joinPath(dirname(includingFile), file), ...options.includeDirs.map((d) => joinPath(d, file))];
  const search = searchFiles(
    fs,
    candidates.map((path) => ({ path })),
    (path) => (fs.isFile(path) ? path : undefined),
  );
  if (search && 'refused' in search) {
    return { error: search.refused.message, hint: search.refused.hint, code: search.refused.code };
  }
  if (!search) return { error: `Couldn't open "${file}"`, hint: 'add the folder that holds it with -i' };
  const found = search.value;
  const limit = BigInt(options.limits?.incbinBytes ?? DEFAULT_LIMITS.incbinBytes);
  const tooMuch = (want: bigint): IncbinResult => ({
    error: `/incbin/ of ${want} bytes is over the incbin-size limit of ${limit}`,
    hint: limitHint('incbinBytes', Number(limit), Number(want)),
    code: limitInfo('incbinBytes').code,
  });
  const start = offset ?? 0n;
  // Refuse from the size alone when we know it: a huge file is never read for nothing.
  const size = fs.size?.(found);
  if (size !== undefined) {
    const want = length ?? BigInt(size) - start;
    if (want > limit && start <= BigInt(size)) return tooMuch(want);
  }
  const bytes = fs.readBytes(found);
  if (!bytes) {
    const refused = fs.refusal?.(found);
    if (refused) return { error: refused.message, hint: refused.hint, code: refused.code };
    return { error: `Couldn't open "${file}"`, hint: 'add the folder that holds it with -i' };
  }
  if (start > BigInt(bytes.length)) {
    return { error: `Couldn't seek to offset ${start} in "${file}"` };
  }
  const available = BigInt(bytes.length) - start;
  const want = length === undefined ? available : length;
  if (want > available) {
    return {
      error: `Couldn't read ${want} bytes from "${file}" at offset ${start}: only ${available} available`,
    };
  }
  if (want > limit) return tooMuch(want);
  return { bytes: bytes.subarray(Number(start), Number(start + want)) };
}
