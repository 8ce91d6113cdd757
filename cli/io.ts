import * as fs from 'node:fs';
import * as path from 'node:path';

/** Exit codes shared by every subcommand. */
export const EXIT_OK = 0;
export const EXIT_INPUT_ERRORS = 1;
export const EXIT_USAGE = 2;
/** A bug in dtpc itself (an exception no diagnostic covered): reported in one line, never a stack trace. */
export const EXIT_INTERNAL = 3;

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

type StdinReader = (maxBytes: number) => Uint8Array;

/**
 * Reads standard input, at most `maxBytes + 1` bytes: enough for the input-size limit to see that
 * the input is too big without holding all of it.
 */
const readFd0: StdinReader = (maxBytes) => {
  const chunks: Buffer[] = [];
  let total = 0;
  const chunk = Buffer.alloc(64 * 1024);
  while (total <= maxBytes) {
    let n: number;
    try {
      n = fs.readSync(0, chunk, 0, Math.min(chunk.length, maxBytes + 1 - total), null);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
        // A non-blocking pipe with nothing yet: wait a little instead of spinning.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      if ((error as NodeJS.ErrnoException).code === 'EOF') break;
      throw error;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(chunk.subarray(0, n)));
    total += n;
  }
  return Buffer.concat(chunks);
};

let stdinReader: StdinReader = readFd0;

export function readStdin(maxBytes: number): Uint8Array {
  return stdinReader(maxBytes);
}

/** Tests run the CLI in-process: they hand it standard input here (undefined restores the real one). */
export function setStdinReader(reader: StdinReader | undefined): void {
  stdinReader = reader ?? readFd0;
}

/**
 * A file being written under a byte budget (`--trace` and its `trace-size` limit): lines go to a
 * temporary file next to the target; `commit` renames it into place, `abort` removes it, so a run
 * that hit the limit or failed leaves no file (and a previous one untouched).
 */
export class BoundedFileWriter {
  private readonly tmp: string;
  private fd: number | undefined;
  private written = 0;
  private pending: string[] = [];
  private pendingBytes = 0;
  /** Set once the budget is spent: nothing more is written. */
  overLimit = false;

  constructor(
    readonly file: string,
    readonly maxBytes: number,
  ) {
    const dir = path.dirname(file);
    fs.mkdirSync(dir, { recursive: true });
    this.tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
    this.fd = fs.openSync(this.tmp, 'w');
  }

  write(line: string): void {
    if (this.overLimit) return;
    const bytes = Buffer.byteLength(line);
    if (this.written + this.pendingBytes + bytes > this.maxBytes) {
      this.overLimit = true;
      this.pending = [];
      return;
    }
    this.pending.push(line);
    this.pendingBytes += bytes;
    if (this.pending.length >= 4096) this.flush();
  }

  private flush(): void {
    if (this.fd === undefined || this.pending.length === 0) return;
    fs.writeSync(this.fd, this.pending.join(''));
    this.written += this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** Puts the file in place; false (and nothing written) when the budget was exceeded. */
  commit(): boolean {
    if (this.overLimit) {
      this.abort();
      return false;
    }
    this.flush();
    this.close();
    fs.renameSync(this.tmp, this.file);
    return true;
  }

  abort(): void {
    this.close();
    fs.rmSync(this.tmp, { force: true });
  }

  private close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}
