/**
 * `node dist/test/conformance/kconfig-oracle.js [runs]`: random configurations of the real TEE,
 * OP-TEE, SCMI, mailbox, GIC (irqchip), PSCI and SMCCC Kconfig files of Linux v6.1 and v6.12
 * (shared/kconfig/upstream), resolved by this engine and by an oracle, compared line by line as
 * the `.config` each writes.
 *
 * Oracles:
 * - Debian's python3-kconfiglib 14.1.0 (`/usr/bin/python3`), valid here because these files use
 *   neither `imply` nor `choice`, the two constructs where kconfiglib differs from the C tools;
 * - Linux's own `scripts/kconfig/conf --olddefconfig` when `KCONFIG_CONF` names a built binary
 *   (e.g. from Debian's linux-source-6.12: `make ARCH=arm64 defconfig` builds it).
 *
 * The tree is assembled at run time in a temporary directory: the upstream files, empty files for
 * the sources that were not collected, and a root Kconfig that defines MODULES and every symbol
 * the files reference but do not define (ARM64, OF, COMPILE_TEST, …) as a user-settable tristate,
 * so that random assignments reach every dependency.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import {
  loadKconfig,
  NodeKconfigReader,
  readConfig,
  resolveConfig,
} from '../../schemas/kconfig/engine/index.js';
import { sharedDir } from '../support/shared.js';

export const ORACLE_VERSIONS = ['v6.1.192-debian', 'v6.12.117-debian'] as const;

const FILES = [
  'drivers/tee/Kconfig',
  'drivers/firmware/arm_scmi/Kconfig',
  'drivers/firmware/psci/Kconfig',
  'drivers/firmware/smccc/Kconfig',
  'drivers/mailbox/Kconfig',
  'drivers/irqchip/Kconfig',
];

export interface OracleTree {
  readonly dir: string;
  /** Root file for kconfiglib (`option modules`) and for the C tools (`modules`). */
  readonly rootKconfiglib: string;
  readonly rootLinux: string;
  /** Symbols a user can set (bool/tristate with a prompt). */
  readonly settable: readonly { readonly name: string; readonly tristate: boolean }[];
}

function copyTree(shared: string, version: string, dir: string): void {
  const base = path.join(shared, 'kconfig', 'upstream', version);
  const pending = [...FILES];
  const done = new Set<string>();
  while (pending.length > 0) {
    const rel = pending.pop()!;
    if (done.has(rel)) continue;
    done.add(rel);
    const target = path.join(dir, rel);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const source = path.join(base, rel);
    const text = fs.existsSync(source) ? fs.readFileSync(source, 'latin1') : '';
    fs.writeFileSync(target, text, 'latin1');
    for (const m of text.matchAll(/^\s*source\s+"([^"]+)"/gm)) pending.push(m[1]!);
  }
}

/** Copies one version's files into `dir` and writes the two root files. */
export function buildOracleTree(shared: string, version: string, dir: string): OracleTree {
  copyTree(shared, version, dir);
  const sources = FILES.map((f) => `source "${f}"\n`).join('');
  fs.writeFileSync(path.join(dir, 'Kconfig.body'), sources);
  const probe = loadKconfig(new NodeKconfigReader(), 'Kconfig.body', { srctree: dir });
  const missing = [...new Set(probe.undefinedReferences().map((u) => u.name))].sort();
  const stubs = missing.map((name) => `config ${name}\n\ttristate "${name}"\n`).join('');
  const root = (modules: string) =>
    `mainmenu "dtpc kconfig oracle"\nconfig MODULES\n\tbool "modules"\n\t${modules}\n\tdefault y\n${stubs}source "Kconfig.body"\n`;
  fs.writeFileSync(path.join(dir, 'Kconfig.kconfiglib'), root('option modules'));
  fs.writeFileSync(path.join(dir, 'Kconfig'), root('modules'));
  const tree = loadKconfig(new NodeKconfigReader(), 'Kconfig', { srctree: dir });
  const settable = tree
    .symbolNames()
    .map((name) => tree.symbol(name)!)
    .filter((s) => (s.type === 'bool' || s.type === 'tristate') && s.props.some((p) => p.text !== undefined))
    .map((s) => ({ name: s.name, tristate: s.type === 'tristate' }));
  return { dir, rootKconfiglib: 'Kconfig.kconfiglib', rootLinux: 'Kconfig', settable };
}

/** Random .config texts: each settable symbol unset, n, m or y (m is invalid for bools on purpose). */
export function sampleConfigs(tree: OracleTree, runs: number, seed: number): string[] {
  const value = fc.constantFrom(undefined, 'n', 'm', 'y');
  const arb = fc.array(value, { minLength: tree.settable.length, maxLength: tree.settable.length });
  return fc.sample(arb, { numRuns: runs, seed }).map((values) =>
    values
      .map((v, i) => {
        const name = tree.settable[i]!.name;
        if (v === undefined) return '';
        return v === 'n' ? `# CONFIG_${name} is not set\n` : `CONFIG_${name}=${v}\n`;
      })
      .join(''),
  );
}

export function oursDotConfig(tree: OracleTree, configs: readonly string[]): string[][] {
  const t = loadKconfig(new NodeKconfigReader(), tree.rootLinux, { srctree: tree.dir });
  return configs.map((text) => resolveConfig(t, readConfig(text, '.config')).dotConfig().sort());
}

const KCONFIGLIB_SCRIPT = `
import json, sys, os, kconfiglib
req = json.load(sys.stdin)
os.chdir(req["dir"])
kconf = kconfiglib.Kconfig(req["root"], warn=False)
out = []
for i, text in enumerate(req["configs"]):
    with open("oracle.in", "w") as f:
        f.write(text)
    kconf.load_config("oracle.in", replace=True)
    kconf.write_config("oracle.out", header="")
    with open("oracle.out") as f:
        out.append(sorted(l.rstrip("\\n") for l in f if l.startswith("CONFIG_") or l.startswith("# CONFIG_")))
json.dump(out, sys.stdout)
`;

export function haveKconfiglib(): boolean {
  const r = spawnSync('/usr/bin/python3', ['-c', 'import kconfiglib'], { stdio: 'ignore' });
  return r.status === 0;
}

export function kconfiglibDotConfig(tree: OracleTree, configs: readonly string[]): string[][] {
  const out = execFileSync('/usr/bin/python3', ['-c', KCONFIGLIB_SCRIPT], {
    input: JSON.stringify({ dir: tree.dir, root: tree.rootKconfiglib, configs }),
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(out.toString('utf8')) as string[][];
}

export function linuxConfDotConfig(conf: string, tree: OracleTree, configs: readonly string[]): string[][] {
  return configs.map((text) => {
    const file = path.join(tree.dir, 'oracle.config');
    fs.writeFileSync(file, text);
    spawnSync(conf, ['--olddefconfig', tree.rootLinux], {
      cwd: tree.dir,
      env: { ...process.env, KCONFIG_CONFIG: file, srctree: tree.dir },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    return fs
      .readFileSync(file, 'latin1')
      .split('\n')
      .filter((l) => l.startsWith('CONFIG_') || l.startsWith('# CONFIG_'))
      .sort();
  });
}

/** The first line-level difference, or undefined. */
export function diffLines(ours: readonly string[], theirs: readonly string[]): string | undefined {
  const a = new Set(ours);
  const b = new Set(theirs);
  const onlyOurs = ours.filter((l) => !b.has(l));
  const onlyTheirs = theirs.filter((l) => !a.has(l));
  if (onlyOurs.length === 0 && onlyTheirs.length === 0) return undefined;
  return `ours only: ${onlyOurs.slice(0, 5).join(' | ')}\n   oracle only: ${onlyTheirs.slice(0, 5).join(' | ')}`;
}

function main(): void {
  const shared = sharedDir();
  if (!shared || !fs.existsSync(path.join(shared, 'kconfig', 'upstream'))) {
    process.stderr.write('shared/kconfig/upstream not found: set DTPC_SHARED\n');
    process.exit(2);
  }
  const runs = Number(process.argv[2] ?? 200);
  const conf = process.env.KCONFIG_CONF;
  const useKconfiglib = haveKconfiglib();
  if (!useKconfiglib && !conf) {
    process.stderr.write('no oracle: install python3-kconfiglib or set KCONFIG_CONF\n');
    process.exit(2);
  }
  let passed = 0;
  let failed = 0;
  for (const version of ORACLE_VERSIONS) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kconfig-oracle-'));
    try {
      const tree = buildOracleTree(shared, version, dir);
      const configs = sampleConfigs(tree, runs, 0x5eed);
      const ours = oursDotConfig(tree, configs);
      const oracles: [string, string[][]][] = [];
      if (useKconfiglib) oracles.push(['kconfiglib', kconfiglibDotConfig(tree, configs)]);
      if (conf) oracles.push(['conf', linuxConfDotConfig(conf, tree, configs)]);
      for (const [name, theirs] of oracles) {
        configs.forEach((text, i) => {
          const diff = diffLines(ours[i]!, theirs[i]!);
          if (!diff) passed++;
          else {
            failed++;
            if (failed <= 5) process.stdout.write(`FAIL ${version} vs ${name}, input:\n${text}   ${diff}\n`);
          }
        });
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  process.exitCode = failed > 0 ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) main();
