import * as fs from 'node:fs';
import * as path from 'node:path';

/** Exit codes shared by every subcommand. */
export const EXIT_OK = 0;
export const EXIT_INPUT_ERRORS = 1;
export const EXIT_USAGE = 2;

/**
 * Writes a file atomically (temporary file in the same folder, then rename), so that a failed or
 * interrupted run never leaves a half-written output behind.
 */
export function writeFileAtomic(file: string, data: Uint8Array | string): void {
  if (file === '-') {
    process.stdout.write(data);
    return;
  }
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}

/** Thrown for bad command lines; main turns it into a usage message and exit code 2. */
export class UsageError extends Error {}
