/**
 * The twice-run reproducibility check (issue 7), shared by the bundled-platform and corpus tests.
 *
 * Reproducibility: the whole pipeline run twice gives byte-identical outputs. Each run
 * works on its own copy of the inputs at a different absolute path, from that copy as the current
 * folder, under a different TZ and LANG/LC_ALL, through the CLI (`main`, as `dtpc` runs it):
 * compile to DTB, DTS and a dependency file, lint as JSON and SARIF, kconfig as JSON with its
 * fragment, `build --emit all`, and `run` with its timeline and `--trace` JSON lines. Every exit
 * code, stdout, stderr and written file must match, and none may hold the absolute path of its
 * input folder, the repository or the user's home.
 *
 * Runs for every bundled platform and, when ../shared is present, a small fixed sample of corpus
 * boards (only the files each board reads are copied). When dist/ is at least as new as the
 * sources, a third run goes through a child `node dist/cli/main.js` process (so LANG and TZ are
 * the process's own from its start) and must match too.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'vitest';
import { runCli } from '../support/cli.js';
import { sharedDir } from '../support/shared.js';

const repo = process.cwd();

/** One board as the CLI sees it: paths relative to the run's folder. */
export interface BoardSpec {
  id: string;
  /** The DTS to compile, lint and check. */
  dts: string;
  /** What build and run take: a bundled platform folder, or the DTS. */
  platform: string;
  includes: string[];
}

interface Job {
  name: string;
  args: string[];
}

/** A small .config for `dtpc kconfig`: OP-TEE as a module under a built-in SCMI core. */
const KCONFIG = 'CONFIG_ARM64=y\nCONFIG_OF=y\nCONFIG_TEE=y\nCONFIG_OPTEE=m\nCONFIG_ARM_SCMI_PROTOCOL=y\n';

function jobsFor(b: BoardSpec): Job[] {
  const out = `out/${b.id}`;
  const inc = b.includes.flatMap((i) => ['-i', i]);
  const cli = b.platform === b.dts ? inc : [];
  return [
    {
      name: 'compile-dtb',
      args: ['compile', b.dts, ...inc, '-O', 'dtb', '-o', `${out}/board.dtb`, '-d', `${out}/deps`],
    },
    { name: 'compile-dts', args: ['compile', b.dts, ...inc, '-O', 'dts', '-o', `${out}/board.out.dts`] },
    { name: 'lint-json', args: ['lint', b.dts, ...inc, '--format', 'json'] },
    { name: 'lint-sarif', args: ['lint', b.dts, ...inc, '--format', 'sarif'] },
    {
      name: 'kconfig',
      args: [
        'kconfig',
        b.dts,
        ...inc,
        '--config',
        'repro.config',
        '--kernel',
        'v6.12',
        '--format',
        'json',
        '--write-fragment',
        `${out}/fragment`,
      ],
    },
    { name: 'build', args: ['build', b.platform, ...cli, '--emit', 'all', '-o', `${out}/build`] },
    { name: 'run', args: ['run', b.platform, ...cli, '--trace', `${out}/trace.jsonl`] },
  ];
}

type Outputs = Map<string, Buffer>;

/** Every file under `dir`, by relative path. */
function filesUnder(dir: string, into: Outputs, prefix = ''): Outputs {
  if (!fs.existsSync(dir)) return into;
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) filesUnder(path.join(dir, e.name), into, rel);
    else into.set(`file ${rel}`, fs.readFileSync(path.join(dir, e.name)));
  }
  return into;
}

/** The board's inputs copied to a fresh folder at its own absolute path (under a different depth). */
function copyInputs(files: readonly { from: string; to: string }[], depth: number): string {
  const root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dtpc-repro-')), ...Array(depth).fill('x'));
  for (const f of files) {
    const to = path.join(root, f.to);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(f.from, to);
  }
  fs.writeFileSync(path.join(root, 'repro.config'), KCONFIG);
  return root;
}

const ENVS = [
  { TZ: 'UTC', LANG: 'C', LC_ALL: 'C' },
  { TZ: 'Pacific/Chatham', LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' },
];

/** Runs the jobs in-process (the CLI's `main`) from `root`, under `env`. */
async function runInProcess(b: BoardSpec, root: string, env: Record<string, string>): Promise<Outputs> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  const outputs: Outputs = new Map();
  try {
    for (const job of jobsFor(b)) {
      const r = await runCli(job.args, root);
      outputs.set(`${job.name} exit`, Buffer.from(String(r.code)));
      outputs.set(`${job.name} stdout`, Buffer.from(r.stdout, 'latin1'));
      outputs.set(`${job.name} stderr`, Buffer.from(r.stderr));
    }
  } finally {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  }
  return filesUnder(path.join(root, 'out', b.id), outputs);
}

/** Is dist/ built from the sources as they are now? (A stale build would differ for that reason.) */
export function distIsFresh(): boolean {
  const main = path.join(repo, 'dist', 'cli', 'main.js');
  if (!fs.existsSync(main)) return false;
  const built = fs.statSync(main).mtimeMs;
  const newest = (dir: string): number =>
    fs.readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return Math.max(m, newest(p));
      return /\.(ts|hbs)$/.test(e.name) ? Math.max(m, fs.statSync(p).mtimeMs) : m;
    }, 0);
  return ['compiler', 'schemas', 'runtime', 'templates', 'cli'].every(
    (d) => newest(path.join(repo, d)) <= built,
  );
}

/** The same jobs in one child `node` process on dist/, started with `env`. */
function runInChild(b: BoardSpec, root: string, env: Record<string, string>): Outputs {
  const program = path.join(repo, 'dist', 'cli', 'program.js');
  const driver = `
    const { main } = await import(${JSON.stringify(`file://${program}`)});
    const jobs = JSON.parse(process.argv[1]);
    const results = [];
    const write = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
    for (const job of jobs) {
      let stdout = [], stderr = [];
      process.stdout.write = (c) => (stdout.push(Buffer.from(c)), true);
      process.stderr.write = (c) => (stderr.push(Buffer.from(c)), true);
      const code = await main(job.args);
      process.stdout.write = write.out;
      process.stderr.write = write.err;
      results.push({ name: job.name, code, stdout: Buffer.concat(stdout).toString('base64'), stderr: Buffer.concat(stderr).toString('base64') });
    }
    process.stdout.write(JSON.stringify(results));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', driver, JSON.stringify(jobsFor(b))], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`child run failed: ${r.stderr}`);
  const outputs: Outputs = new Map();
  for (const j of JSON.parse(r.stdout) as { name: string; code: number; stdout: string; stderr: string }[]) {
    outputs.set(`${j.name} exit`, Buffer.from(String(j.code)));
    outputs.set(`${j.name} stdout`, Buffer.from(j.stdout, 'base64'));
    outputs.set(`${j.name} stderr`, Buffer.from(j.stderr, 'base64'));
  }
  return filesUnder(path.join(root, 'out', b.id), outputs);
}

/** Differences between two runs, by output name (the first differing line of each). */
function differences(a: Outputs, b: Outputs): string[] {
  const names = [...new Set([...a.keys(), ...b.keys()])].sort();
  return names.flatMap((n) => {
    const x = a.get(n);
    const y = b.get(n);
    if (x && y && x.equals(y)) return [];
    if (!x || !y) return [`${n}: only in run ${x ? 1 : 2}`];
    const xl = x.toString('latin1').split('\n');
    const yl = y.toString('latin1').split('\n');
    const i = xl.findIndex((l, k) => l !== yl[k]);
    return [
      `${n}: line ${i + 1}: ${JSON.stringify(xl[i]?.slice(0, 160))} vs ${JSON.stringify(yl[i]?.slice(0, 160))}`,
    ];
  });
}

/** Outputs holding an absolute path they were not asked for. */
function absolutePaths(outputs: Outputs, roots: readonly string[]): string[] {
  const home = os.homedir();
  const forbidden = [
    ...roots,
    repo,
    ...(home.length > 1 ? [home] : []),
    ...(sharedDir() ? [sharedDir()!] : []),
  ];
  const found: string[] = [];
  for (const [name, content] of outputs) {
    const text = content.toString('latin1');
    for (const p of forbidden) if (text.includes(p)) found.push(`${name} holds ${p}`);
  }
  return found;
}

/** Temporary folders made by `twice`, removed by `cleanUp` (each test file's afterAll). */
const made: string[] = [];
export function cleanUp(): void {
  for (const root of made.splice(0))
    fs.rmSync(root.replace(/(\/dtpc-repro-[^/]+).*$/, '$1'), { recursive: true, force: true });
}

/** Files under `dirs` (relative to the repository), as copy instructions. */
export function repoFiles(dirs: readonly string[]): { from: string; to: string }[] {
  return dirs.flatMap((dir) =>
    fs
      .readdirSync(path.join(repo, dir), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => {
        const rel = path.relative(repo, path.join(e.parentPath, e.name));
        return { from: path.join(repo, rel), to: rel };
      }),
  );
}

/**
 * Runs the pipeline on two copies of `files` (at different absolute paths and depths, each its own
 * current folder, under different TZ and LANG) and expects byte-identical outputs with no absolute
 * path in them; with `child`, a third run in a child process on dist/ must match too.
 */
export async function twice(
  b: BoardSpec,
  files: readonly { from: string; to: string }[],
  child = false,
): Promise<void> {
  const roots = [copyInputs(files, 1), copyInputs(files, 3)];
  made.push(...roots);
  const first = await runInProcess(b, roots[0]!, ENVS[0]!);
  const second = await runInProcess(b, roots[1]!, ENVS[1]!);
  // Every stage produced something (a run that fails early would compare equal but prove nothing).
  const exits = [...first]
    .filter(([k]) => / (exit|stderr)$/.test(k))
    .map(([k, v]) => `${k}: ${v.toString().slice(0, 300)}`)
    .join('\n');
  for (const name of [
    'file build/platform.json',
    'file build/report.html',
    'file trace.jsonl',
    'file board.dtb',
  ])
    expect(first.has(name), `${b.id}: ${name} written\n${exits}`).toBe(true);
  expect(first.get('lint-sarif stdout')!.length).toBeGreaterThan(0);
  expect(differences(first, second)).toEqual([]);
  expect(absolutePaths(first, roots)).toEqual([]);
  expect(absolutePaths(second, roots)).toEqual([]);
  if (child) {
    const root = copyInputs(files, 2);
    made.push(root);
    const third = runInChild(b, root, ENVS[1]!);
    expect(differences(first, third)).toEqual([]);
    expect(absolutePaths(third, [root])).toEqual([]);
  }
}
