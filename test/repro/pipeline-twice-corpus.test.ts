/**
 * Reproducibility (issue 7) on a small fixed sample of corpus boards (only with ../shared): the
 * same twice-run comparison as pipeline-twice.test.ts, on copies of just the files each board
 * reads. Juno (SCMI over an MHU), STM32MP1 (SCMI over OP-TEE), RK3588 (SCMI over SMC) and a
 * Qualcomm X1E80100 (SCMI over a CPUCP mailbox): four families, kept small for run time.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileFile } from '../../compiler/compile.js';
import { sharedDir } from '../support/shared.js';
import { cleanUp, twice } from './support.js';

afterAll(cleanUp);

const SAMPLE = [
  'src/arm64/arm/juno-r1-scmi.dts',
  'src/arm/st/stm32mp157c-dk2-scmi.dts',
  'src/arm64/rockchip/rk3588-evb1-v10.dts',
  'src/arm64/qcom/x1e80100-crd.dts',
];
const shared = sharedDir();
const linux = shared ? path.join(shared, 'corpus', 'linux') : '';

describe.skipIf(!shared)('the pipeline twice: corpus sample', () => {
  for (const board of SAMPLE)
    it.skipIf(!fs.existsSync(path.join(linux, board)))(board, { timeout: 180_000 }, async () => {
      const includes = ['include', 'src', path.dirname(board)];
      const read = compileFile(path.join(linux, board), {
        includeDirs: includes.map((i) => path.join(linux, i)),
      });
      expect(read.tree, `${board} compiles`).toBeDefined();
      const files = read.dependencies.map((f) => ({ from: f, to: path.relative(linux, f) }));
      await twice({ id: path.basename(board, '.dts'), dts: board, platform: board, includes }, files);
    });
});
