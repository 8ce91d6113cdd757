/**
 * `npm run bench:compile`: the whole corpus compiled in one dtpc process, against `cpp | dtc` per
 * board measured in the same run on the same machine. Prints wall times, the ratio and dtpc's peak
 * memory (the cold start of one board is `npm run bench:cold-start`). A benchmark, not a test.
 *
 * `npm run bench:compile` gives this process 64 MB semi-spaces, as dtpc gives its worker threads
 * (cli/lint-runner.ts): compiling board after board with V8's default 16 MB, a third of the time
 * goes to scavenging the current board's live tokens and trees (measured: 35 ms/board against
 * 18 ms/board). The flags in use are printed.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { compileFile } from '../compiler/compile.js';
import { writeDtb } from '../compiler/dtb/writer.js';
import { PreprocessCache } from '../compiler/preprocess/index.js';
import { NodeFileSystem } from '../compiler/source/file-system.js';
import { haveCommand, readTsv, requireShared } from '../test/support/shared.js';

const shared = requireShared();
const linux = path.join(shared, 'corpus', 'linux');
const boards = readTsv(path.join(shared, 'conformance', 'corpus', 'dtb-sha256-dtc-1.8.1.tsv')).map(
  (r) => r.board!,
);
const readable = new Map(
  readTsv(path.join(shared, 'corpus', 'boards.tsv')).map((r) => [r.board!, r['dtc_1.6.1'] === 'ok']),
);
process.chdir(linux);
const includeDirs = (board: string) => ['include', 'src', path.dirname(board)];

function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

// dtpc: every board in this one process, sharing the file and include caches as a CI run would.
const fs = new NodeFileSystem();
const cache = new PreprocessCache();
let failed = 0;
const t0 = process.hrtime.bigint();
for (const board of boards) {
  const result = compileFile(board, { includeDirs: includeDirs(board), fs, cache });
  if (result.ok && result.tree) writeDtb(result.tree);
  else failed++;
}
const dtpcMs = ms(t0);
const peakMiB = process.resourceUsage().maxRSS / 1024;

// cpp + dtc, per board, on the boards Debian's dtc can read.
let toolMs = 0;
let toolBoards = 0;
let dtpcSubsetMs = 0;
if (haveCommand('cpp') && haveCommand('dtc')) {
  for (const board of boards.filter((b) => readable.get(b))) {
    const s = process.hrtime.bigint();
    const pre = spawnSync(
      'cpp',
      [
        '-nostdinc',
        ...includeDirs(board).flatMap((d) => ['-I', d]),
        '-undef',
        '-D__DTS__',
        '-x',
        'assembler-with-cpp',
        board,
      ],
      {
        maxBuffer: 64 << 20,
      },
    );
    spawnSync('dtc', ['-q', '-I', 'dts', '-O', 'dtb', '-o', '/dev/null', '-'], {
      input: pre.stdout,
      maxBuffer: 64 << 20,
    });
    toolMs += ms(s);
    toolBoards++;
  }
  // dtpc on exactly the same subset, warm, for an apples-to-apples ratio.
  const s = process.hrtime.bigint();
  for (const board of boards.filter((b) => readable.get(b))) {
    const result = compileFile(board, { includeDirs: includeDirs(board), fs, cache });
    if (result.tree) writeDtb(result.tree);
  }
  dtpcSubsetMs = ms(s);
}

console.log(`node ${process.version} ${process.execArgv.join(' ') || '(default V8 flags)'}`);
console.log(`boards: ${boards.length} (${failed} failed to compile)`);
console.log(
  `dtpc, one process, all boards: ${(dtpcMs / 1000).toFixed(2)} s (${(dtpcMs / boards.length).toFixed(1)} ms/board)`,
);
console.log(`dtpc peak memory (RSS): ${peakMiB.toFixed(0)} MiB`);
if (toolBoards > 0) {
  console.log(
    `cpp + dtc, ${toolBoards} boards: ${(toolMs / 1000).toFixed(2)} s (${(toolMs / toolBoards).toFixed(1)} ms/board)`,
  );
  console.log(`dtpc on the same ${toolBoards} boards (warm caches): ${(dtpcSubsetMs / 1000).toFixed(2)} s`);
  console.log(
    `ratio dtpc / (cpp + dtc), cold caches: ${(dtpcMs / boards.length / (toolMs / toolBoards)).toFixed(2)} per board`,
  );
} else console.log('cpp + dtc: not measured (cpp or dtc not installed)');
