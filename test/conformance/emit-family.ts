/**
 * `dtpc build <board> --emit report,diagram,platform,qemu,renode,kconfig -o <dir>` on every bundled
 * platform and every family board of the corpus (boards.tsv rows whose `selected_by` contains
 * `family`, compiled from shared/corpus/linux with `-i include -i src -i <board's folder>`), in
 * process through `buildPlatform` (the function behind the command), and a few boards through the
 * real CLI binary, whose outputs must equal the in-process ones byte for byte.
 *
 * A board passes when nothing throws, no `emit/` error other than an output declining a board it
 * cannot represent (`emit/qemu-unrepresentable`, `emit/renode-no-gic`: reported, counted, not
 * failures), every other output is written and well formed: report.html one self-contained page
 * with no external URL, wiring.svg one SVG element, wiring.dot a digraph, platform.json re-read by
 * `dtpc run`'s loader, qemu.sh accepted by `sh -n`, kconfig.fragment only CONFIG_ lines, and
 * platform.repl valid in the subset we emit with its interrupt lines numbered as Renode numbers them.
 *
 * Usage: node dist/test/conformance/emit-family.js [--only <regex>] [--keep <dir>] [--verbose]
 * Exit status: 0 when every board passes, 1 otherwise.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildFlags, buildPlatform } from '../../cli/build.js';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { PreprocessCache } from '../../compiler/preprocess/index.js';
import { NodeFileSystem } from '../../compiler/source/file-system.js';
import type { InterruptDescription } from '../../runtime/platform/description.js';
import { loadPlatform } from '../../runtime/platform/load.js';
import { EMIT_FILES, EMIT_KINDS, type EmitKind } from '../../templates/emit.js';
import {
  checkDot,
  checkHtmlPage,
  checkKconfigFragment,
  checkRepl,
  checkReplWiring,
  checkSvg,
} from '../support/emitted-files.js';
import { readTsv, requireShared } from '../support/shared.js';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const only = option('--only');
const keep = option('--keep');
const verbose = args.includes('--verbose');
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const cli = path.join(repo, 'dist', 'cli', 'main.js');
const EMIT_LIST = 'report,diagram,platform,qemu,renode,kconfig';
/** Outputs that decline a board they cannot stand in for, with a diagnostic saying why. */
const DECLINES: Readonly<Record<string, EmitKind>> = {
  'emit/qemu-unrepresentable': 'qemu',
  'emit/renode-no-gic': 'renode',
};
/** Boards also run through the real CLI binary (the first match of each pattern). */
const THROUGH_CLI = [/virt-optee/, /juno-r1-scmi/, /stm32mp157c-dk2-scmi/, /rk3588/, /imx95/, /zynqmp/];

const shared = requireShared();
const linux = path.join(shared, 'corpus', 'linux');
const platforms = fs
  .readdirSync(path.join(repo, 'platforms'))
  .filter((p) => fs.existsSync(path.join(repo, 'platforms', p, 'board.dts')))
  .sort()
  .map((p) => path.join(repo, 'platforms', p));
const boards = [
  ...platforms,
  ...readTsv(path.join(shared, 'corpus', 'boards.tsv'))
    .filter((r) => r.selected_by?.includes('family'))
    .map((r) => r.board!),
].filter((b) => !only || new RegExp(only).test(b));
process.chdir(linux);

const flagsFor = (board: string): BuildFlags => ({
  include: board.startsWith(repo) ? [] : ['include', 'src', path.dirname(board)],
  define: [],
  undefine: [],
  warning: [],
  error: [],
  cpp: true,
});
const cliArgs = (board: string, out: string) => [
  cli,
  'build',
  board,
  ...flagsFor(board).include.flatMap((i) => ['-i', i]),
  '--emit',
  EMIT_LIST,
  '-o',
  out,
];

/** Problems of the files one build wrote (empty when every expected file is there and well formed). */
function checkOutputs(out: string, kinds: readonly EmitKind[], interrupts: readonly InterruptDescription[]) {
  const problems: string[] = [];
  const read = (name: string) => {
    const file = path.join(out, name);
    if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8');
    problems.push(`${name} not written`);
    return undefined;
  };
  const check = (name: string, found: string[]) => problems.push(...found.map((p) => `${name}: ${p}`));
  const json = read('platform.json');
  if (json !== undefined) {
    const again = loadPlatform({
      input: path.join(out, 'platform.json'),
      compile: {},
      fs: new NodeFileSystem(),
    });
    if (!again.ok) check('platform.json', [`does not re-read: ${again.diagnostics[0]?.message ?? '?'}`]);
  }
  for (const kind of kinds)
    for (const name of EMIT_FILES[kind]) {
      const text = read(name);
      if (text === undefined) continue;
      if (name === 'report.html') check(name, checkHtmlPage(text));
      if (name === 'wiring.svg') check(name, checkSvg(text));
      if (name === 'wiring.dot') check(name, checkDot(text));
      if (name === 'kconfig.fragment') check(name, checkKconfigFragment(text));
      if (name === 'platform.repl') {
        const repl = checkRepl(text);
        check(name, [...repl.problems, ...checkReplWiring(repl.entries, interrupts)]);
      }
      if (name === 'qemu.sh') {
        const sh = spawnSync('sh', ['-n', path.join(out, name)], { encoding: 'utf8' });
        if (sh.status !== 0) check(name, [`sh -n: ${sh.stderr.trim()}`]);
        if ((fs.statSync(path.join(out, name)).mode & 0o111) === 0) check(name, ['not executable']);
      }
    }
  return problems;
}

const fsys = new NodeFileSystem();
const cache = new PreprocessCache();
const tmp = keep ? path.resolve(keep) : fs.mkdtempSync(path.join(os.tmpdir(), 'dtpc-emit-family-'));
const declined = new Map<string, number>();
const failures: { board: string; problems: string[] }[] = [];
const cliBoards = new Set(
  THROUGH_CLI.map((re) => boards.find((b) => re.test(b))).filter((b) => b !== undefined),
);
let cliRuns = 0;
const started = performance.now();

for (const [i, board] of boards.entries()) {
  const out = path.join(tmp, String(i));
  const problems: string[] = [];
  let diagnostics: Diagnostic[] = [];
  try {
    const built = await buildPlatform(board, flagsFor(board), EMIT_KINDS, out, { fs: fsys, cache });
    diagnostics = built.diagnostics;
    const skipped = new Set<EmitKind>();
    for (const d of diagnostics.filter((d) => d.code.startsWith('emit/') && d.severity === 'error')) {
      const kind = DECLINES[d.code];
      if (kind) {
        skipped.add(kind);
        declined.set(`${d.code}: ${d.message}`, (declined.get(`${d.code}: ${d.message}`) ?? 0) + 1);
      } else problems.push(`[${d.code}] ${d.message}`);
    }
    const fatal = built.diagnostics.filter((d) => d.severity === 'error' && !d.code.startsWith('emit/'));
    if (built.written.length === 0)
      problems.push(
        `not built: ${fatal.map((d) => `[${d.code}] ${d.message}`).join('; ') || `exit ${built.code}`}`,
      );
    else {
      const description = loadPlatform({ input: path.join(out, 'platform.json'), compile: {}, fs: fsys })
        .prepared?.description;
      problems.push(
        ...checkOutputs(
          out,
          EMIT_KINDS.filter((k) => !skipped.has(k)),
          description?.interrupts ?? [],
        ),
      );
    }
    if (cliBoards.has(board) && problems.length === 0) {
      cliRuns++;
      const viaCli = `${out}-cli`;
      const r = spawnSync(process.execPath, cliArgs(board, viaCli), { encoding: 'utf8' });
      const expected = r.status === built.code;
      if (!expected)
        problems.push(`CLI exited ${r.status}, in-process ${built.code}: ${r.stderr.slice(0, 400)}`);
      const names = fs.readdirSync(out).sort();
      const cliNames = fs.existsSync(viaCli) ? fs.readdirSync(viaCli).sort() : [];
      if (names.join() !== cliNames.join())
        problems.push(`CLI wrote ${cliNames.join()}, in-process ${names.join()}`);
      for (const n of names.filter((n) => cliNames.includes(n)))
        if (!fs.readFileSync(path.join(out, n)).equals(fs.readFileSync(path.join(viaCli, n))))
          problems.push(`${n}: the CLI's differs from the in-process one`);
    }
  } catch (error) {
    problems.push(`threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
  if (problems.length > 0) failures.push({ board, problems });
  if (verbose || problems.length > 0)
    console.log(
      `${problems.length > 0 ? 'FAIL' : 'ok  '} ${board}${problems.map((p) => `\n    ${p}`).join('')}`,
    );
  if (!keep) {
    fs.rmSync(out, { recursive: true, force: true });
    fs.rmSync(`${out}-cli`, { recursive: true, force: true });
  }
}
if (!keep) fs.rmSync(tmp, { recursive: true, force: true });

const secs = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `\n${boards.length} boards (${platforms.filter((p) => boards.includes(p)).length} bundled platforms, the rest corpus family boards), every output; ${cliRuns} also through the CLI binary; ${secs} s`,
);
for (const [what, n] of [...declined].sort((a, b) => b[1] - a[1]))
  console.log(`  declined on ${n} board(s): ${what}`);
console.log(`${boards.length - failures.length} passed, ${failures.length} failed`);
process.exitCode = failures.length > 0 ? 1 : 0;
