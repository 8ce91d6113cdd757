/**
 * Reproducibility (issue 7): the whole pipeline twice — compile (DTB, DTS, dependency file), lint
 * (JSON, SARIF), kconfig (JSON, fragment), `build --emit all`, `run` (timeline, `--trace`) — on
 * two copies of the inputs at different absolute paths, each run from its copy, under different TZ
 * and LANG, gives byte-identical outputs with no absolute path in them (test/repro/support.ts).
 * Here: every bundled platform and a board with mistakes (its diagnostics go through an include
 * and macros); the corpus sample is in pipeline-twice-corpus.test.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { type BoardSpec, cleanUp, distIsFresh, repoFiles, twice } from './support.js';

afterAll(cleanUp);

const platforms = fs
  .readdirSync('platforms')
  .filter((p) => fs.existsSync(path.join('platforms', p, 'board.dts')))
  .sort();
// A third run in a child process on dist/ when dist/ is built from the current sources.
const child = distIsFresh();

describe('the pipeline twice: bundled platforms', () => {
  for (const name of platforms)
    it(name, { timeout: 120_000 }, async () => {
      const b: BoardSpec = {
        id: name,
        dts: `platforms/${name}/board.dts`,
        platform: `platforms/${name}`,
        includes: ['platforms/include'],
      };
      await twice(b, repoFiles([`platforms/${name}`, 'platforms/include']), child && name === 'virt-optee');
    });

  it('a board with mistakes', { timeout: 120_000 }, async () => {
    const dts = 'test/fixtures/repro/flawed/board.dts';
    await twice(
      { id: 'flawed', dts, platform: dts, includes: [] },
      repoFiles(['test/fixtures/repro/flawed']),
      child,
    );
  });
});
