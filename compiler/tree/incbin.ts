import type { FileSystem } from '../source/file-system.js';
import { dirname, joinPath } from '../source/paths.js';

export type IncbinResult = { bytes: Uint8Array } | { error: string; hint?: string };

/** Default cap on what one `/incbin/` may pull in (a DT blob is limited to 4 GiB anyway). */
export const DEFAULT_INCBIN_LIMIT = 64 * 1024 * 1024;

/**
 * Reads the bytes of `/incbin/("file"[, offset, length])` as dtc does: the including file's folder
 * first, then the include folders; offset and length select a window (a length of -1 in dtc means
 * "to the end", which only arises from the two-argument form here).
 */
export function readIncbin(
  file: string,
  includingFile: string,
  options: { fs: FileSystem; includeDirs: string[]; limits?: { incbinBytes?: number } },
  offset?: bigint,
  length?: bigint,
): IncbinResult {
  const candidates = [
    joinPath(dirname(includingFile), file),
    ...options.includeDirs.map((d) => joinPath(d, file)),
  ];
  const found = file.startsWith('/') ? file : candidates.find((c) => options.fs.isFile(c));
  const bytes = found === undefined ? undefined : options.fs.readBytes(found);
  if (!bytes) return { error: `Couldn't open "${file}"`, hint: 'add the folder that holds it with -i' };
  const start = offset ?? 0n;
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
  const limit = BigInt(options.limits?.incbinBytes ?? DEFAULT_INCBIN_LIMIT);
  if (want > limit) {
    return {
      error: `/incbin/ of ${want} bytes is over the limit of ${limit}`,
      hint: 'raise --max-incbin-bytes',
    };
  }
  return { bytes: bytes.subarray(Number(start), Number(start + want)) };
}
