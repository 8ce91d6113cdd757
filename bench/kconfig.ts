/**
 * `npm run bench:kconfig`: time to load and resolve a whole kernel Kconfig tree with the engine vs the
 * kernel's own `conf --olddefconfig` on the same tree and the same arm64 defconfig, plus the built-in
 * family model. Trees: $KCONFIG_LINUX_6_1 / $KCONFIG_LINUX_6_12, else /work/kernel/linux-source-6.{1,12}
 * (skipped when absent). conf is built once in a temporary O= folder (for a tree configured in place, its
 * own scripts/kconfig/conf is used); its build is not timed. Median of `--runs` (default 3). Wall clock:
 * the machine is shared, so read the numbers as orders of magnitude. A benchmark, not a test.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { builtinKconfig } from '../schemas/kconfig/data/builtin.js';
import {
  loadKconfig,
  NodeKconfigReader,
  readConfig,
  resolveConfig,
} from '../schemas/kconfig/engine/index.js';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;

const TREES = [
  { kernel: 'v6.1' as const, dir: process.env.KCONFIG_LINUX_6_1 ?? '/work/kernel/linux-source-6.1' },
  { kernel: 'v6.12' as const, dir: process.env.KCONFIG_LINUX_6_12 ?? '/work/kernel/linux-source-6.12' },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(f: () => void): number {
  const t = performance.now();
  f();
  return performance.now() - t;
}

const ms = (x: number) => `${x.toFixed(0).padStart(6)} ms`;

for (const { kernel, dir } of TREES) {
  if (!fs.existsSync(path.join(dir, 'Kconfig'))) {
    console.log(`${kernel}: ${dir} not found, skipped`);
    continue;
  }
  const defconfigText = fs.readFileSync(path.join(dir, 'arch/arm64/configs/defconfig'), 'latin1');
  const env = {
    SRCARCH: 'arm64',
    ARCH: 'arm64',
    srctree: dir,
    CC: 'gcc',
    LD: 'ld',
    KERNELVERSION: kernel.slice(1),
  };

  const load: number[] = [];
  const resolve: number[] = [];
  for (let i = 0; i < runs; i++) {
    let tree: ReturnType<typeof loadKconfig> | undefined;
    load.push(time(() => (tree = loadKconfig(new NodeKconfigReader(), 'Kconfig', { srctree: dir, env }))));
    resolve.push(time(() => resolveConfig(tree!, readConfig(defconfigText, 'defconfig')).dotConfig()));
  }

  // The kernel's conf: built once, then timed alone.
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-kconfig-'));
  const conf: number[] = [];
  try {
    const inPlace =
      fs.existsSync(path.join(dir, '.config')) || fs.existsSync(path.join(dir, 'include', 'config'));
    let confBin = path.join(dir, 'scripts', 'kconfig', 'conf');
    if (!inPlace) {
      fs.writeFileSync(path.join(out, '.config'), defconfigText);
      execFileSync('make', ['-s', '-C', dir, `O=${out}`, 'ARCH=arm64', 'olddefconfig'], { stdio: 'pipe' });
      confBin = path.join(out, 'scripts', 'kconfig', 'conf');
    }
    for (let i = 0; i < runs; i++) {
      fs.writeFileSync(path.join(out, '.config'), defconfigText);
      const t = performance.now();
      const r = spawnSync(confBin, ['--olddefconfig', 'Kconfig'], {
        cwd: dir,
        stdio: 'pipe',
        env: { ...process.env, ...env, KCONFIG_CONFIG: path.join(out, '.config') },
      });
      if (r.status !== 0) throw new Error(`conf failed: ${r.stderr}`);
      conf.push(performance.now() - t);
    }
  } catch (error) {
    console.log(
      `${kernel}: conf not available (${error instanceof Error ? error.message.split('\n')[0] : error})`,
    );
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }

  const builtin: number[] = [];
  const model = builtinKconfig(kernel);
  for (let i = 0; i < runs; i++)
    builtin.push(time(() => resolveConfig(model.tree, readConfig(defconfigText, 'defconfig'))));

  console.log(`${kernel} (${dir}), median of ${runs}:`);
  console.log(`  engine: load ${ms(median(load))}, resolve defconfig + write .config ${ms(median(resolve))}`);
  if (conf.length)
    console.log(
      `  conf --olddefconfig (parse + resolve + write) ${ms(median(conf))}  → engine/conf ${(
        (median(load) + median(resolve)) / median(conf)
      ).toFixed(1)}x`,
    );
  console.log(`  built-in family model: resolve defconfig ${ms(median(builtin))}`);
}
