/**
 * `node dist/test/conformance/kconfig-real-trees.js [--boards N] [--json file]`: the Kconfig checker
 * against whole kernel trees (Debian's linux-source-6.1 / -6.12, unpacked).
 *
 * 1. For each tree and each scenario (arm64 defconfig alone, and with the lab's OP-TEE/SCMI
 *    fragments appended), the kernel's own olddefconfig runs on a temporary copy of the
 *    configuration (`make O=<tmp> ARCH=arm64 olddefconfig`; a tree that was configured in place
 *    cannot take O=, then its built `scripts/kconfig/conf --olddefconfig` runs with KCONFIG_CONFIG
 *    pointing at the copy). The engine must give every family symbol the same value; the built-in
 *    model of the same version is compared too (differences listed, they are approximations).
 * 2. Every family board of shared/corpus/boards.tsv is checked against the defconfig configuration
 *    of each tree (loaded once) without a crash; findings are counted per code.
 *
 * Trees: $KCONFIG_LINUX_6_1 / $KCONFIG_LINUX_6_12, else /work/kernel/linux-source-6.{1,12}. A missing
 * tree is skipped. Exit status 1 on a value mismatch of the engine or a crash.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compileFile } from '../../compiler/compile.js';
import { PreprocessCache } from '../../compiler/preprocess/index.js';
import { NodeFileSystem } from '../../compiler/source/file-system.js';
import { type ConfigInput, checkKconfig } from '../../schemas/kconfig/check.js';
import { builtinKconfig } from '../../schemas/kconfig/data/builtin.js';
import { FAMILY_SYMBOLS } from '../../schemas/kconfig/data/family.js';
import { readConfig, resolveConfig } from '../../schemas/kconfig/engine/index.js';
import { treeSource } from '../../schemas/kconfig/rules/support/source.js';
import { readTsv, sharedDir } from '../support/shared.js';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const boardLimit = option('--boards') ? Number(option('--boards')) : Infinity;
const jsonOut = option('--json');

const TREES = [
  { kernel: 'v6.1' as const, dir: process.env.KCONFIG_LINUX_6_1 ?? '/work/kernel/linux-source-6.1' },
  { kernel: 'v6.12' as const, dir: process.env.KCONFIG_LINUX_6_12 ?? '/work/kernel/linux-source-6.12' },
];

const SCENARIOS: { name: string; fragment: string }[] = [
  { name: 'defconfig', fragment: '' },
  {
    name: 'OPTEE=m SCMI=y',
    fragment: 'CONFIG_TEE=y\nCONFIG_OPTEE=m\nCONFIG_ARM_SCMI_PROTOCOL=y\nCONFIG_ARM_SCMI_TRANSPORT_OPTEE=y\n',
  },
  { name: 'OPTEE=m SCMI=m', fragment: 'CONFIG_TEE=y\nCONFIG_OPTEE=m\nCONFIG_ARM_SCMI_PROTOCOL=m\n' },
  {
    name: 'no STM32, OPTEE=y SCMI=m, no mailbox',
    fragment:
      '# CONFIG_ARCH_STM32 is not set\nCONFIG_OPTEE=y\nCONFIG_ARM_SCMI_PROTOCOL=m\n# CONFIG_MAILBOX is not set\n',
  },
  { name: 'virtio transport', fragment: 'CONFIG_VIRTIO=m\nCONFIG_ARM_SCMI_TRANSPORT_VIRTIO=y\n' },
];

/** Runs the kernel's olddefconfig on `config`; returns the resulting .config text. */
function kernelOlddefconfig(src: string, config: string): string {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'kconfig-real-'));
  try {
    fs.writeFileSync(path.join(out, '.config'), config);
    const clean =
      !fs.existsSync(path.join(src, '.config')) && !fs.existsSync(path.join(src, 'include', 'config'));
    if (clean) {
      execFileSync('make', ['-s', '-C', src, `O=${out}`, 'ARCH=arm64', 'olddefconfig'], { stdio: 'pipe' });
    } else {
      const conf = path.join(src, 'scripts', 'kconfig', 'conf');
      if (!fs.existsSync(conf)) throw new Error(`${src} was configured in place and has no built conf`);
      execFileSync(conf, ['--olddefconfig', 'Kconfig'], {
        cwd: src,
        stdio: 'pipe',
        env: {
          ...process.env,
          srctree: src,
          ARCH: 'arm64',
          SRCARCH: 'arm64',
          CC: 'gcc',
          LD: 'ld',
          KCONFIG_CONFIG: path.join(out, '.config'),
        },
      });
    }
    return fs.readFileSync(path.join(out, '.config'), 'latin1');
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

function valuesOf(dotConfig: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of dotConfig.split('\n')) {
    const set = /^CONFIG_(\w+)=(.*)$/.exec(line);
    if (set) out.set(set[1]!, set[2]!.replace(/^"(.*)"$/, '$1'));
    const unset = /^# CONFIG_(\w+) is not set$/.exec(line);
    if (unset) out.set(unset[1]!, 'n');
  }
  return out;
}

const WATCHED = ['MODULES', ...FAMILY_SYMBOLS];
let failures = 0;
const summary: Record<string, unknown> = {};

for (const { kernel, dir } of TREES) {
  if (!fs.existsSync(path.join(dir, 'Kconfig'))) {
    console.log(`${kernel}: ${dir} not found, skipped`);
    continue;
  }
  const t0 = performance.now();
  const source = treeSource(dir, { kernel });
  console.log(`${kernel}: loaded ${dir} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const defconfigText = fs.readFileSync(path.join(dir, 'arch/arm64/configs/defconfig'), 'latin1');
  const builtin = builtinKconfig(kernel);
  const scenarioResults: Record<string, { engine: string[]; builtin: string[] }> = {};
  for (const scenario of SCENARIOS) {
    const kernelValues = valuesOf(kernelOlddefconfig(dir, defconfigText + scenario.fragment));
    const configs = [readConfig(defconfigText, 'defconfig'), readConfig(scenario.fragment, 'fragment')];
    const engine = resolveConfig(source.tree, configs);
    const model = resolveConfig(builtin.tree, configs);
    const engineDiff: string[] = [];
    const builtinDiff: string[] = [];
    for (const name of WATCHED) {
      if (!source.tree.symbol(name)) continue;
      const want = kernelValues.get(name) ?? 'n';
      const got = engine.value(name) ?? 'n';
      if (got !== want) engineDiff.push(`${name}: conf ${want}, engine ${got}`);
      const m = builtin.tree.symbol(name) ? (model.value(name) ?? 'n') : undefined;
      if (m !== undefined && m !== want) builtinDiff.push(`${name}: conf ${want}, built-in model ${m}`);
    }
    failures += engineDiff.length;
    scenarioResults[scenario.name] = { engine: engineDiff, builtin: builtinDiff };
    console.log(
      `  ${scenario.name}: engine ${engineDiff.length ? `DIFFERS (${engineDiff.join('; ')})` : 'same as conf'}; built-in model ${builtinDiff.length ? `differs (${builtinDiff.join('; ')})` : 'same'}`,
    );
  }

  // Every family board against arm64 defconfig on this tree.
  const shared = sharedDir();
  const boardsFile = shared ? path.join(shared, 'corpus', 'boards.tsv') : undefined;
  if (!boardsFile || !fs.existsSync(boardsFile)) {
    console.log('  corpus not found: boards skipped');
    summary[kernel] = { scenarios: scenarioResults };
    continue;
  }
  const linux = path.join(shared!, 'corpus', 'linux');
  const boards = readTsv(boardsFile)
    .filter((r) => r.selected_by?.includes('family'))
    .map((r) => r.board!)
    .slice(0, boardLimit);
  const fsys = new NodeFileSystem();
  const cache = new PreprocessCache();
  const configs: ConfigInput[] = [{ text: defconfigText, file: 'arch/arm64/configs/defconfig' }];
  const counts = new Map<string, number>();
  const perBoard: { board: string; findings: string[] }[] = [];
  const fragments = new Map<string, string[]>();
  let crashes = 0;
  let compiled = 0;
  const t1 = performance.now();
  for (const board of boards) {
    const file = path.join(linux, board);
    const result = compileFile(file, {
      includeDirs: [path.join(linux, 'include'), path.join(linux, 'src'), path.dirname(file)],
      fs: fsys,
      cache,
    });
    if (!result.tree) continue;
    compiled++;
    try {
      const r = checkKconfig(result.tree, source, configs, { fragment: false });
      const findings = r.diagnostics
        .filter((d) => d.code.startsWith('kconfig/') && d.severity !== 'info')
        .map((d) => `${d.severity} ${d.code} ${d.nodePath ?? d.span?.file ?? ''}: ${d.message}`);
      for (const d of r.diagnostics) counts.set(d.code, (counts.get(d.code) ?? 0) + 1);
      if (
        findings.some((f) => f.includes('kconfig/no-driver') || f.includes('kconfig/provider-not-drivable'))
      ) {
        const key = findings.filter((f) => f.includes('no-driver')).join('\n');
        if (!fragments.has(key)) fragments.set(key, checkKconfig(result.tree, source, configs).fragment);
      }
      if (findings.length) perBoard.push({ board, findings });
    } catch (error) {
      crashes++;
      console.log(`  CRASH ${board}: ${error instanceof Error ? error.stack : String(error)}`);
    }
  }
  failures += crashes;
  console.log(
    `  ${compiled}/${boards.length} family boards compiled and checked in ${((performance.now() - t1) / 1000).toFixed(1)} s, ${crashes} crash(es)`,
  );
  for (const [code, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`    ${n}\t${code}`);
  const fragmentLines = [...new Set([...fragments.values()].flat())].sort();
  if (fragmentLines.length)
    console.log(`  fragment lines suggested across boards: ${fragmentLines.join(' ')}`);
  summary[kernel] = {
    scenarios: scenarioResults,
    boards: boards.length,
    compiled,
    crashes,
    counts: Object.fromEntries(counts),
    fragmentLines,
    perBoard,
  };
}

if (jsonOut) fs.writeFileSync(jsonOut, `${JSON.stringify(summary, null, 2)}\n`);
console.log(failures === 0 ? 'OK' : `${failures} failure(s)`);
process.exitCode = failures === 0 ? 0 : 1;
