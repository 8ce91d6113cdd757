/** Keeps the target registry honest: every file in `targets/` is registered, under its own name. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TARGETS } from './targets/index.js';

const dir = path.join(import.meta.dirname, 'targets');
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();

describe('fuzz target registry', () => {
  it('registers every target file, named after its file', () => {
    expect(TARGETS.map((t) => t.name).sort()).toEqual(files);
  });

  it('gives each target a fixture extension, a budget and at least one seed', () => {
    for (const t of TARGETS) {
      expect(t.ext, t.name).toMatch(/^[a-z]+$/);
      expect(t.budgetMs, t.name).toBeGreaterThan(0);
      expect(t.seeds().length, t.name).toBeGreaterThan(0);
    }
  });

  it('stores every seed so that it reads back the same', () => {
    for (const t of TARGETS)
      for (const s of t.seeds().slice(0, 3)) {
        const bytes = t.encode(s);
        expect(Buffer.from(t.encode(t.decode(bytes))).equals(Buffer.from(bytes)), t.name).toBe(true);
      }
  });
});
