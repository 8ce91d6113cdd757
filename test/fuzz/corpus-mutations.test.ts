/**
 * Mutated real board text (when shared/ is present) and random bytes through the whole front end:
 * preprocessor, assembler, parser, tree building, checks. Nothing may throw, and each input must
 * finish quickly. Without shared/ the seeds are this repository's own platform boards.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileText } from '../../compiler/compile.js';
import { readDtb } from '../../compiler/dtb/reader.js';
import { MemoryFileSystem } from '../../compiler/source/file-system.js';
import { sharedDir } from '../support/shared.js';

function seeds(): { name: string; text: string }[] {
  const shared = sharedDir();
  const files: string[] = [];
  if (shared) {
    const root = path.join(shared, 'corpus', 'linux', 'src', 'arm64', 'arm');
    for (const f of fs.readdirSync(root)) if (/\.dtsi?$/.test(f)) files.push(path.join(root, f));
  }
  const platforms = path.resolve(__dirname, '../../platforms');
  for (const d of fs.readdirSync(platforms)) {
    const board = path.join(platforms, d, 'board.dts');
    if (fs.existsSync(board)) files.push(board);
  }
  return files.slice(0, 12).map((f) => ({ name: path.basename(f), text: fs.readFileSync(f, 'latin1') }));
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.constantFrom(
      '{',
      '}',
      ';',
      '<',
      '>',
      '"',
      '/*',
      '#if 1\n',
      '#define X X X\n',
      '&',
      '/delete-node/ ',
      '/include/ "x"',
      'a:',
      '(',
      '0x',
      '\\\n',
      '\0',
    ),
  }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant('swap' as const), a: fc.nat(), b: fc.nat() }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function apply(text: string, m: Mutation): string {
  const n = Math.max(1, text.length);
  switch (m.kind) {
    case 'delete': {
      const at = m.at % n;
      return text.slice(0, at) + text.slice(at + m.len);
    }
    case 'insert': {
      const at = m.at % n;
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'duplicate': {
      const at = m.at % n;
      return text.slice(0, at) + text.slice(at, at + m.len) + text.slice(at);
    }
    case 'swap': {
      const chars = [...text];
      const a = m.a % n;
      const b = m.b % n;
      [chars[a], chars[b]] = [chars[b] ?? '', chars[a] ?? ''];
      return chars.join('');
    }
  }
}

function compileQuickly(text: string): void {
  const fs = new MemoryFileSystem({ 'board.dts': text, x: '/ { };' });
  const start = performance.now();
  const result = compileText('board.dts', text, { fs, limits: { expansionBudget: 200_000 } });
  expect(Array.isArray(result.diagnostics)).toBe(true);
  expect(performance.now() - start).toBeLessThan(5_000);
}

describe('front end under mutation', () => {
  const corpus = seeds();

  it('never throws or hangs on mutated board text', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: corpus.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        (i, ms) => {
          let text = corpus[i]!.text;
          for (const m of ms) text = apply(text, m);
          compileQuickly(text);
        },
      ),
      { numRuns: 60, seed: 20261122 },
    );
  });

  it('never throws on random bytes as DTS or as a DTB', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
        compileQuickly(Buffer.from(bytes).toString('latin1'));
        const read = readDtb(bytes, 'random.dtb');
        expect(Array.isArray(read.diagnostics)).toBe(true);
      }),
      { numRuns: 150, seed: 7 },
    );
  });
});
