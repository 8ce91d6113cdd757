#!/usr/bin/env node
/**
 * The `dtpc` binary. Starting Node costs what it costs; what dtpc adds on top is mostly compiling
 * and linking its own JavaScript. So the CLI runs from one bundled script (`dtpc.bundle.cjs`, see
 * `bundle.ts`) compiled with V8's code cache: bytecode for every function a previous run used,
 * kept in `.v8-cache/` beside the bundle. The cache belongs to one bundle (by size and mtime) and one
 * Node; V8 refuses a cache from other flags, and then a fresh one is written. A read-only install
 * just runs without one. Without a bundle (built by `tsc` alone) the ES modules run as before.
 *
 * CommonJS on purpose: a classic script starts faster than an ES module and can use `require`.
 */
import fs = require('node:fs');
import path = require('node:path');
import vm = require('node:vm');
import nodeModule = require('node:module');
import v8 = require('node:v8');

/**
 * Most dtpc commands run for a fraction of a second, and there V8's optimising compiler only costs:
 * it compiles the lexer and parser loops on a second thread, on a 2-core machine that thread competes
 * with the compile itself, and the optimised code arrives about when the work is done (measured on a
 * corpus board: 25-30% less CPU and wall time without it). Sixteen times V8's default budget before a
 * function is optimised keeps that out of short runs, while the loops of a long run (linting
 * hundreds of boards, a runtime soak) still reach optimised code after a few milliseconds more.
 * Set before the script is compiled, so the code cache is made and checked under the same flags.
 */
v8.setFlagsFromString('--interrupt-budget=1081344');
/**
 * The young generation starts at 1 MB and doubles after each scavenge; the front end's tokens, syntax
 * tree and device tree all live to the end of a compile, so every early scavenge copies them again
 * (a corpus board: six scavenges, some 35 ms). Growing sixteenfold reaches V8's 16 MB cap after the
 * first scavenge: two scavenges, some 6 ms, for at most 30 MB more of committed memory.
 * (`--min-semi-space-size` would do it outright, but only on Node's command line.)
 */
v8.setFlagsFromString('--semi-space-growth-factor=16');

interface Cli {
  main(argv: string[]): Promise<number>;
}

const bundle = path.join(__dirname, 'dtpc.bundle.cjs');

function cacheFile(stat: fs.Stats): string {
  const key = `${process.version}-${process.arch}-${stat.size}-${Math.trunc(stat.mtimeMs)}`;
  return path.join(__dirname, '.v8-cache', `${key}.bin`);
}

function readOptional(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Writes next to the final name, then renames, so two runs at once never read a torn cache. */
function writeCache(file: string, data: () => Buffer): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Serialising costs a few milliseconds: not on an install this user cannot write to.
    fs.accessSync(path.dirname(file), fs.constants.W_OK);
    for (const old of fs.readdirSync(path.dirname(file))) {
      if (old.endsWith('.bin') && old !== path.basename(file))
        fs.rmSync(path.join(path.dirname(file), old), { force: true });
    }
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, data());
    fs.renameSync(temp, file);
  } catch {
    // A read-only install: no cache, only a slower start.
  }
}

async function runBundled(stat: fs.Stats, argv: string[]): Promise<number> {
  const file = cacheFile(stat);
  const cachedData = readOptional(file);
  const source = fs.readFileSync(bundle, 'utf8');
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundle,
    ...(cachedData ? { cachedData } : {}),
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  const module = { exports: {} as Cli };
  wrapper.call(module.exports, module.exports, nodeModule.createRequire(bundle), module, bundle, __dirname);
  const code = await module.exports.main(argv);
  // After the run, so the cache holds the bytecode of every function this command needed.
  if (!cachedData || script.cachedDataRejected) writeCache(file, () => script.createCachedData());
  return code;
}

async function run(argv: string[]): Promise<number> {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(bundle);
  } catch {
    stat = undefined;
  }
  if (stat) return runBundled(stat, argv);
  const { main } = (await import('./program.js')) as Cli;
  return main(argv);
}

run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
