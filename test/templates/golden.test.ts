/**
 * Golden outputs: each fixture board rendered to every output, compared with the committed files
 * under test/fixtures/templates/golden/<board>/. Regenerate with UPDATE_GOLDEN=1.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMIT_FILES, EMIT_KINDS } from '../../templates/emit.js';
import { BOARDS_DIR, emitFixture, GOLDEN_DIR } from './support.js';

const update = process.env.UPDATE_GOLDEN === '1';
const boards = fs.readdirSync(BOARDS_DIR).filter((f) => f.endsWith('.dts'));

describe('golden outputs', () => {
  for (const board of boards) {
    it(board, async () => {
      const result = await emitFixture(path.join(BOARDS_DIR, board), EMIT_KINDS);
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const dir = path.join(GOLDEN_DIR, board.replace(/\.dts$/, ''));
      if (update) fs.mkdirSync(dir, { recursive: true });
      const expected = EMIT_KINDS.flatMap((k) => EMIT_FILES[k]);
      expect(result.files.map((f) => f.name).sort()).toEqual([...expected].sort());
      for (const f of result.files) {
        const golden = path.join(dir, f.name);
        if (update) fs.writeFileSync(golden, f.content);
        expect(f.content, `${golden} (UPDATE_GOLDEN=1 regenerates)`).toBe(fs.readFileSync(golden, 'utf8'));
      }
      // Approximations are warnings with codes; record them beside the outputs.
      const codes = result.diagnostics.map((d) => `${d.severity} ${d.code} ${d.nodePath ?? ''}`).join('\n');
      const diagFile = path.join(dir, 'emit-diagnostics.txt');
      if (update) fs.writeFileSync(diagFile, `${codes}\n`);
      expect(`${codes}\n`).toBe(fs.readFileSync(diagFile, 'utf8'));
    });
  }
});
