/**
 * Build step after `tsc` (`npm run build`): bundles the CLI into one CommonJS file,
 * `dist/cli/dtpc.bundle.cjs`, which the `dtpc` binary (`cli/dtpc.cts`) runs through V8's code cache.
 * One classic script is what `vm.Script`'s `cachedData` can cache (Node 20 has no compile cache for
 * ES modules), and it spares the ES module loader its per-file resolve and link work: about 120
 * files on the compile path.
 *
 * What the bundle keeps from the module layout:
 * - The packages every compile loads (commander; zod, which the result cache's schemas need at
 *   import) are inside it, so they too come from the cached script instead of some hundred files.
 *   The others stay outside and load only when first used, each behind a small lazy wrapper around
 *   `require`: `dtpc compile` never loads yaml, handlebars, chevrotain or Graphviz.
 * - `import.meta.url` keeps meaning the module's own file in `dist/`, so paths relative to it (the
 *   templates folder, the lint worker script) resolve as they do unbundled; the worker threads run
 *   the unbundled modules.
 * - The chevrotain parser (`full-parse.js`, loaded by `parse.js` only when the fast parser gives up)
 *   is bundled behind a lazy `require`, so both parsers share one copy of the modules they import.
 *   chevrotain itself is bundled from its single-file build (see `chevrotainSingleFile`).
 *
 * Without rolldown (a development dependency) it says so and leaves no bundle: the binary then runs
 * the unbundled modules, only slower.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const cliDir = path.dirname(fileURLToPath(import.meta.url));
const distDir = path.dirname(cliDir);
const repoDir = path.dirname(distDir);
export const BUNDLE = path.join(cliDir, 'dtpc.bundle.cjs');
/** Where the binary keeps its code cache; a new bundle makes any cache there stale. */
export const CACHE_DIR = path.join(cliDir, '.v8-cache');
const LAZY = '\0lazy-package:';

/**
 * chevrotain's package entry is some 40 ES modules that import lodash-es, some 600 more: loading them
 * took 1.5 s on this machine, paid by every input with a syntax error (the full parser is what reports
 * them) and by every test file. The package also ships the same API as one file (`lib/chevrotain.mjs`,
 * not in its `exports` map, hence the path), which loads in some 60 ms. The bundle and the tests
 * (vitest.config.ts) use that one.
 */
export function chevrotainSingleFile(): string {
  const entry = createRequire(import.meta.url).resolve('chevrotain'); // …/chevrotain/lib/src/api.js
  return path.join(path.dirname(entry), '..', 'chevrotain.mjs');
}
/** Packages bundled in (see above); every other package is required lazily from node_modules. */
const INLINE = new Set(['commander', 'zod']);
const FULL_PARSE_LOAD = "createRequire(import.meta.url)('./full-parse.js')";
/**
 * commander requires `node:child_process` at load (some 2 ms of start-up) but uses it only to run
 * an executable subcommand, which dtpc has none of: the bundle loads it on first use instead.
 */
const COMMANDER_CHILD_PROCESS = "const childProcess = require('node:child_process');";
const LAZY_CHILD_PROCESS =
  "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };";

interface ResolvedId {
  id: string;
  external?: boolean;
}
interface Transformed {
  code: string;
}
/** The slice of rolldown's plugin interface this build uses. */
export interface BundlePlugin {
  name: string;
  resolveId(source: string, importer: string | undefined): string | ResolvedId | null;
  load(id: string): { code: string; moduleType: 'js' } | null;
  transform(code: string, id: string): Transformed | null;
}

/** The package an import names (`zod` for `zod/v4`); undefined for a path, a built-in or a virtual module. */
function packageOf(source: string): string | undefined {
  if (/^[./\0]/.test(source) || source.startsWith('node:') || builtinModules.includes(source))
    return undefined;
  const parts = source.split('/');
  return source.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** The plugin that inlines or defers packages and keeps module-relative paths right, for a bundle written to `outFile`. */
export function bundlePlugin(outFile: string, warn: (message: string) => void): BundlePlugin {
  return {
    name: 'dtpc-bundle',
    resolveId(source, importer) {
      if (source.startsWith(LAZY)) return source;
      if (importer?.startsWith(LAZY)) return { id: source, external: true };
      if (source === 'chevrotain') return chevrotainSingleFile();
      const pkg = packageOf(source);
      if (pkg === undefined) return /^[./\0]/.test(source) ? null : { id: source, external: true };
      return INLINE.has(pkg) ? null : LAZY + source;
    },
    load(id) {
      if (!id.startsWith(LAZY)) return null;
      // A CommonJS module inside the bundle is initialised by the first module that imports it,
      // and only then does this `require` run.
      return {
        code: `module.exports = require(${JSON.stringify(id.slice(LAZY.length))});`,
        moduleType: 'js',
      };
    },
    transform(code, id) {
      let out = code;
      if (id.endsWith(`${path.sep}syntax${path.sep}parse.js`)) {
        if (out.includes(FULL_PARSE_LOAD)) out = out.replace(FULL_PARSE_LOAD, "require('./full-parse.js')");
        else
          warn('parse.js no longer loads full-parse.js as expected: the chevrotain parser stays unbundled');
      }
      if (id.endsWith(path.join('commander', 'lib', 'command.js'))) {
        if (out.includes(COMMANDER_CHILD_PROCESS))
          out = out.replace(COMMANDER_CHILD_PROCESS, LAZY_CHILD_PROCESS);
        else warn('commander no longer requires child_process as expected: it loads at start-up');
      }
      if (out.includes('import.meta.url')) {
        const rel = path.relative(path.dirname(outFile), id).split(path.sep).join('/');
        const url = `require('node:url').pathToFileURL(require('node:path').join(__dirname, ${JSON.stringify(rel)})).href`;
        out = out.replaceAll('import.meta.url', url);
      }
      return out === code ? null : { code: out };
    },
  };
}

async function main(): Promise<number> {
  let rolldown: typeof import('rolldown');
  try {
    rolldown = await import('rolldown');
  } catch {
    process.stderr.write('dtpc bundle: rolldown is not installed; dtpc runs unbundled (slower start)\n');
    fs.rmSync(BUNDLE, { force: true });
    return 0;
  }
  const warnings: string[] = [];
  await rolldown.build({
    input: path.join(cliDir, 'program.js'),
    platform: 'node',
    plugins: [bundlePlugin(BUNDLE, (m) => warnings.push(m))],
    // ASCII only and no comments: the binary reads this file on every start, and a pure-ASCII source
    // is read as a one-byte string (a single arrow in a comment makes V8 hold all of it as two-byte
    // text, decoded from UTF-8 at some 10 ms per start on a 1.4 MB bundle). Comments stay in dist/.
    output: {
      file: BUNDLE,
      format: 'cjs',
      codeSplitting: false,
      strict: true,
      charset: 'ascii',
      comments: false,
    },
    logLevel: 'warn',
  });
  for (const w of warnings) process.stderr.write(`dtpc bundle: ${w}\n`);
  fs.rmSync(CACHE_DIR, { recursive: true, force: true });
  // Compiling the bundled boards to DTBs writes the code cache, so the first real run starts warm
  // with bytecode for the whole compile path (preprocessor, both tree passes, checks, DTB writer).
  const platforms = path.join(repoDir, 'platforms');
  const boards = fs
    .readdirSync(platforms)
    .map((name) => path.join('platforms', name, 'board.dts'))
    .filter((board) => fs.existsSync(path.join(repoDir, board)));
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtpc-warm-'));
  const warm = spawnSync(
    process.execPath,
    [path.join(cliDir, 'dtpc.cjs'), 'compile', '-i', 'platforms/include', '--out-dir', outDir, ...boards],
    { cwd: repoDir, encoding: 'utf8' },
  );
  fs.rmSync(outDir, { recursive: true, force: true });
  if (warm.status !== 0) {
    process.stderr.write(`dtpc bundle: the bundled CLI failed on the bundled boards:\n${warm.stderr}`);
    return 1;
  }
  return 0;
}

// Run as the build step, not when a test imports the plugin.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
