/**
 * The default limits and the sandbox stay out of the way of real trees: every bundled platform
 * (board, includes and scenario) and, when ../shared is present, a sample of corpus boards compile
 * with default limits inside the sandbox without a single limit/ or sandbox/ diagnostic.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileFile } from '../../compiler/compile.js';
import { PreprocessCache } from '../../compiler/preprocess/index.js';
import { NodeFileSystem } from '../../compiler/source/file-system.js';
import { parseScenario } from '../../runtime/platform/scenario.js';
import { readYaml } from '../../runtime/platform/yaml-source.js';
import { readTsv, sharedDir } from '../support/shared.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const platformsDir = path.join(repo, 'platforms');
const platforms = fs
  .readdirSync(platformsDir)
  .filter((name) => fs.existsSync(path.join(platformsDir, name, 'board.dts')));

const guarded = (codes: readonly { code: string }[]) =>
  codes.map((d) => d.code).filter((c) => c.startsWith('limit/') || c.startsWith('sandbox/'));

describe('default limits on the bundled platforms', () => {
  it('finds the platforms', () => expect(platforms.length).toBeGreaterThanOrEqual(6));

  for (const name of platforms) {
    it(`${name}: compiles in the sandbox, scenario within scenario-length`, () => {
      const board = path.join(platformsDir, name, 'board.dts');
      const result = compileFile(board, { includeDirs: [path.join(platformsDir, 'include')], sandbox: true });
      expect(guarded(result.diagnostics)).toEqual([]);
      expect(result.ok).toBe(true);
      const scenarioFile = path.join(platformsDir, name, 'scenario.yaml');
      if (fs.existsSync(scenarioFile)) {
        const parsed = parseScenario(readYaml(scenarioFile, fs.readFileSync(scenarioFile, 'utf8')).value);
        expect(parsed.issues).toEqual([]);
      }
    });
  }
});

const shared = sharedDir();
const hashes = shared ? path.join(shared, 'conformance', 'corpus', 'dtb-sha256-dtc-1.8.1.tsv') : undefined;

describe.skipIf(!hashes || !fs.existsSync(hashes))('default limits on a sample of corpus boards', () => {
  it('every 165th board compiles in the sandbox without a limit diagnostic', () => {
    const linux = path.join(shared as string, 'corpus', 'linux');
    const boards = readTsv(hashes as string)
      .filter((_, i) => i % 165 === 0)
      .map((r) => r.board as string);
    const fsys = new NodeFileSystem();
    const cache = new PreprocessCache();
    for (const board of boards) {
      const file = path.join(linux, board);
      const result = compileFile(file, {
        includeDirs: [path.join(linux, 'include'), path.join(linux, 'src'), path.dirname(file)],
        sandbox: true,
        fs: fsys,
        cache,
      });
      expect(guarded(result.diagnostics), board).toEqual([]);
      expect(result.tree, board).toBeDefined();
    }
  });
});
