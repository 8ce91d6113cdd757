/** Helpers for the scale tests: a private copy of the scale fixtures, and runs of the CLI in it. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CliRun, runCli } from '../../support/cli.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/scale');

/** A fresh copy of test/fixtures/scale, so tests can edit includes and write results. */
export function fixtureCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtpc-scale-'));
  fs.cpSync(FIXTURES, dir, { recursive: true });
  return dir;
}

/** The boards, in an order that is not sorted (so input order and sorted order differ). */
export function boards(dir: string): string[] {
  const names = fs.readdirSync(path.join(dir, 'boards')).filter((f) => f.endsWith('.dts'));
  names.sort();
  return [...names.slice(3), ...names.slice(0, 3).reverse()].map((n) => `boards/${n}`);
}

export function lint(dir: string, args: string[]): Promise<CliRun> {
  return runCli(['lint', '-i', 'include', ...args], dir);
}

/** Runs every shard of a sharded run, saves each output, and returns the file names. */
export async function shardFiles(dir: string, count: number, args: string[], ext: string): Promise<string[]> {
  const files: string[] = [];
  for (let k = 1; k <= count; k++) {
    const run = await runCli([...args, '--shard', `${k}/${count}`], dir);
    const file = path.join(dir, `shard-${k}.${ext}`);
    fs.writeFileSync(file, run.stdout);
    files.push(file);
  }
  return files;
}
