/**
 * `npm run conformance:corpus`: every board of shared/corpus/linux compiled with our own
 * preprocessor must give the DTB dtc 1.8.1 gave (recorded hashes), and, live in the same run, the
 * same bytes as `cpp | dtc` on this machine (Debian's dtc 1.6.1 reads all but nine of them).
 * Same flags on both sides: cpp's include folders, dtc's defaults (no -b: the boot CPU is guessed).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { compileFile } from '../../compiler/compile.js';
import { writeDtb } from '../../compiler/dtb/writer.js';
import { PreprocessCache } from '../../compiler/preprocess/index.js';
import { NodeFileSystem } from '../../compiler/source/file-system.js';
import { haveCommand, readTsv, requireShared } from '../support/shared.js';

const shared = requireShared();
const linux = path.join(shared, 'corpus', 'linux');
const hashes = readTsv(path.join(shared, 'conformance', 'corpus', 'dtb-sha256-dtc-1.8.1.tsv'));
const readable = new Map(
  readTsv(path.join(shared, 'corpus', 'boards.tsv')).map((r) => [r.board!, r['dtc_1.6.1'] === 'ok']),
);
const live = process.env.DTPC_NO_LIVE !== '1' && haveCommand('cpp') && haveCommand('dtc');
process.chdir(linux);

/** The include folders Linux's build passes to cpp for a board. */
function corpusIncludeDirs(board: string): string[] {
  return ['include', 'src', path.dirname(board)];
}

const fs = new NodeFileSystem();
const cache = new PreprocessCache();
let passed = 0;
let livePassed = 0;
let liveCompared = 0;
const failures: string[] = [];

for (const row of hashes) {
  const board = row.board!;
  let bytes: Uint8Array | undefined;
  try {
    const result = compileFile(board, { includeDirs: corpusIncludeDirs(board), fs, cache });
    if (!result.ok || !result.tree) {
      const first = result.diagnostics.find((d) => d.severity === 'error');
      const where = first?.span ? `${first.span.file}:${first.span.line}:${first.span.col}` : '';
      failures.push(`${board}: rejected: ${where} ${first?.code} ${first?.message}`);
      continue;
    }
    bytes = writeDtb(result.tree);
  } catch (error) {
    failures.push(`${board}: crashed: ${error instanceof Error ? error.stack : String(error)}`);
    continue;
  }
  const digest = createHash('sha256').update(bytes).digest('hex');
  if (digest === row.dtb_sha256) passed++;
  else failures.push(`${board}: DTB differs from dtc 1.8.1's`);

  if (live && readable.get(board)) {
    const pre = spawnSync(
      'cpp',
      [
        '-nostdinc',
        ...corpusIncludeDirs(board).flatMap((d) => ['-I', d]),
        '-undef',
        '-D__DTS__',
        '-x',
        'assembler-with-cpp',
        board,
      ],
      { maxBuffer: 64 << 20 },
    );
    const dtc = spawnSync('dtc', ['-q', '-I', 'dts', '-O', 'dtb', '-o', '-', '-'], {
      input: pre.stdout,
      maxBuffer: 64 << 20,
    });
    if (pre.status === 0 && dtc.status === 0) {
      liveCompared++;
      if (Buffer.compare(Buffer.from(bytes), dtc.stdout) === 0) livePassed++;
      else failures.push(`${board}: DTB differs from live cpp | dtc`);
    } else failures.push(`${board}: live cpp | dtc failed (${pre.status}/${dtc.status})`);
  }
}

for (const f of failures) console.log(`FAIL ${f}`);
console.log(`recorded dtc 1.8.1 hashes: ${passed}/${hashes.length} identical`);
console.log(
  live
    ? `live cpp | dtc: ${livePassed}/${liveCompared} identical`
    : 'live cpp | dtc: skipped (cpp or dtc not installed)',
);
console.log(`${passed + livePassed} passed, ${failures.length} failed`);
process.exitCode = failures.length > 0 ? 1 : 0;
