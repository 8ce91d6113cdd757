/**
 * Compares our preprocessor with gcc's cpp over every board of the Linux corpus:
 *   npx tsc -p tsconfig.build.json && node dist/test/conformance/preprocess-corpus.js [filter]
 * Runs from /work/shared/corpus/linux with `-I include -I src -I src/<arch>`, like a kernel build.
 * Both outputs are split on whitespace (after dropping cpp's line markers); the token sequences must
 * be equal, which also proves the spacing is the same (a missing or extra space changes the split).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PreprocessCache, preprocess } from '../../compiler/preprocess/index.js';
import { NodeFileSystem } from '../../compiler/source/file-system.js';

const root = process.env.DTPC_LINUX_CORPUS ?? '/work/shared/corpus/linux';
const filter = process.argv[2];

function findBoards(dir: string, out: string[]): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) findBoards(p, out);
    else if (e.name.endsWith('.dts')) out.push(p);
  }
}

function words(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => !/^# \d+ "/.test(l))
    .join('\n')
    .split(/\s+/)
    .filter((w) => w.length > 0);
}

function main(): void {
  if (!fs.existsSync(root)) {
    console.log(`corpus not found at ${root}; skipped`);
    return;
  }
  process.chdir(root);
  const boards: string[] = [];
  findBoards('src', boards);
  boards.sort();
  const selected = filter ? boards.filter((b) => b.includes(filter)) : boards;
  const fsys = new NodeFileSystem();
  const cache = new PreprocessCache();
  let ours = 0;
  let theirs = 0;
  let passed = 0;
  const failures: string[] = [];
  for (const board of selected) {
    const arch = board.split('/')[1] as string;
    const includeDirs = ['include', 'src', `src/${arch}`];
    const t0 = performance.now();
    const result = preprocess(board, { includeDirs, fs: fsys, cache });
    const t1 = performance.now();
    let expected: string;
    try {
      expected = execFileSync(
        'cpp',
        [
          '-nostdinc',
          '-undef',
          '-D__DTS__',
          '-x',
          'assembler-with-cpp',
          ...includeDirs.flatMap((d) => ['-I', d]),
          board,
        ],
        { encoding: 'latin1', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] },
      );
    } catch (e) {
      expected = (e as { stdout?: string }).stdout ?? '';
    }
    theirs += performance.now() - t1;
    ours += t1 - t0;
    const a = words(result.source.text);
    const b = words(expected);
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    if (i === a.length && i === b.length && errors.length === 0) passed++;
    else {
      const why =
        i === a.length && i === b.length
          ? `diagnostics: ${errors.map((d) => `${d.code} ${d.message}`).join('; ')}`
          : `token ${i}: ours ${JSON.stringify(a.slice(Math.max(0, i - 3), i + 4))} cpp ${JSON.stringify(b.slice(Math.max(0, i - 3), i + 4))}`;
      failures.push(`${board}: ${why}`);
    }
  }
  for (const f of failures.slice(0, 20)) console.log(`FAIL ${f}`);
  console.log(`${passed} passed, ${failures.length} failed`);
  console.log(`time: ours ${(ours / 1000).toFixed(2)} s, cpp ${(theirs / 1000).toFixed(2)} s`);
  if (failures.length > 0) process.exitCode = 1;
}

main();
