import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundlePlugin, chevrotainSingleFile } from '../../cli/bundle.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('bundle plugin', () => {
  const out = path.join('/pkg', 'dist', 'cli', 'dtpc.bundle.cjs');
  const warnings: string[] = [];
  const plugin = bundlePlugin(out, (m) => warnings.push(m));
  const importer = '/pkg/dist/cli/compile.js';

  it('inlines the packages every compile loads and defers the others', () => {
    expect(plugin.resolveId('commander', importer)).toBeNull();
    expect(plugin.resolveId('zod', importer)).toBeNull();
    expect(plugin.resolveId('zod/v4/core', '/pkg/node_modules/zod/index.js')).toBeNull();
    const lazy = plugin.resolveId('yaml', importer);
    expect(lazy).toMatch(/^\0.*yaml$/);
    expect(plugin.resolveId('@hpcc-js/wasm-graphviz', importer)).toMatch(/^\0.*@hpcc-js\/wasm-graphviz$/);
    // The wrapper's own require of the package is left to Node.
    expect(plugin.resolveId('yaml', lazy as string)).toEqual({ id: 'yaml', external: true });
    expect(plugin.load(lazy as string)?.code).toBe('module.exports = require("yaml");');
    expect(plugin.load('/pkg/dist/cli/io.js')).toBeNull();
  });

  it("bundles chevrotain from its single-file build, which has the package entry's API", async () => {
    const single = plugin.resolveId('chevrotain', '/pkg/dist/compiler/syntax/parser.js');
    expect(single).toBe(chevrotainSingleFile());
    // By the package's own entry file: vitest aliases the name 'chevrotain' to the single file.
    const entryFile = createRequire(import.meta.url).resolve('chevrotain');
    expect(entryFile).not.toBe(single);
    const [entry, file] = await Promise.all([import(entryFile), import(single as string)]);
    expect(Object.keys(file).sort()).toEqual(Object.keys(entry).sort());
    expect(file.VERSION).toBe(entry.VERSION);
  });

  it('leaves built-ins to Node and relative imports to the bundler', () => {
    expect(plugin.resolveId('node:fs', importer)).toEqual({ id: 'node:fs', external: true });
    expect(plugin.resolveId('events', '/pkg/node_modules/commander/lib/command.js')).toEqual({
      id: 'events',
      external: true,
    });
    expect(plugin.resolveId('./io.js', importer)).toBeNull();
  });

  it("keeps import.meta.url the module's own file in dist", () => {
    const code = "const w = new URL('./lint-worker.js', import.meta.url);";
    const result = plugin.transform(code, '/pkg/dist/cli/lint-runner.js');
    expect(result?.code).toContain('join(__dirname, "lint-runner.js")');
    expect(result?.code).not.toContain('import.meta');
    const deeper = plugin.transform('f(import.meta.url)', '/pkg/dist/templates/engine.js');
    expect(deeper?.code).toContain('join(__dirname, "../templates/engine.js")');
    expect(plugin.transform('const x = 1;', '/pkg/dist/cli/io.js')).toBeNull();
  });

  it('bundles the chevrotain parser behind a lazy require, and warns when it cannot', () => {
    const parse = path.join('/pkg', 'dist', 'compiler', 'syntax', 'parse.js');
    const code = "const loaded = createRequire(import.meta.url)('./full-parse.js');";
    expect(plugin.transform(code, parse)?.code).toBe("const loaded = require('./full-parse.js');");
    expect(warnings).toEqual([]);
    plugin.transform('const loaded = other();', parse);
    expect(warnings).toHaveLength(1);
  });
});

// The binary and its bundle are built by `npm run build` (part of `npm ci`); skipped without them.
const binary = path.join(root, 'dist/cli/dtpc.cjs');
const modules = path.join(root, 'dist/cli/main.js');
const built = fs.existsSync(path.join(root, 'dist/cli/dtpc.bundle.cjs')) && fs.existsSync(binary);

describe.skipIf(!built)('the bundled binary (built CLI)', () => {
  const run = (entry: string, args: string[]) => {
    const result = spawnSync(process.execPath, [entry, ...args], { cwd: root, encoding: 'latin1' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const both = (args: string[]) => {
    const bundled = run(binary, args);
    expect(bundled).toEqual(run(modules, args));
    return bundled;
  };

  it('compiles, reports syntax errors through the chevrotain parser, and prints its version as the modules do', () => {
    const board = both(['compile', '-i', 'platforms/include', 'platforms/virt-optee/board.dts', '-O', 'dts']);
    expect(board.code).toBe(0);
    expect(board.stdout).toContain('/dts-v1/;');
    const bad = path.join(root, 'test', '.tmp', `bundle-${process.pid}.dts`);
    fs.mkdirSync(path.dirname(bad), { recursive: true });
    fs.writeFileSync(bad, '/dts-v1/;\n/ {\n\ta = <1 2;\n\tb = "x;\n};\n');
    try {
      const errors = both(['compile', '--format', 'json', bad, '-O', 'null']);
      expect(errors.code).toBe(1);
      expect(errors.stdout).toContain('parse/');
    } finally {
      fs.rmSync(bad, { force: true });
    }
    expect(both(['--version']).code).toBe(0);
    // The code cache is written beside the bundle (by the build, or by the runs above).
    expect(fs.readdirSync(path.join(root, 'dist/cli/.v8-cache')).some((f) => f.endsWith('.bin'))).toBe(true);
  }, 60_000);

  it('is pure ASCII, so the binary reads it as a one-byte string', () => {
    const bytes = fs.readFileSync(path.join(root, 'dist/cli/dtpc.bundle.cjs'));
    expect(bytes.findIndex((b) => b > 0x7f)).toBe(-1);
  });

  it('lints on worker threads (the worker script resolves from the bundle)', () => {
    const boards = ['platforms/virt-optee/board.dts', 'platforms/scmi-smc/board.dts'];
    const lint = both(['lint', '--jobs', '2', '--format', 'json', '-i', 'platforms/include', ...boards]);
    expect(lint.code).toBe(0);
    expect(JSON.parse(lint.stdout)).toHaveLength(2);
  }, 60_000);
});
