/**
 * The flags that spread a many-input run over cores, CI jobs and runs: `--jobs`, `--shard` and
 * `--cache`, shared by `dtpc lint` and `dtpc compile`.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import type { Command } from 'commander';
import { UsageError } from './io.js';
import { parseShard, type Shard } from './shard.js';

export interface ScaleFlags {
  jobs: string;
  shard?: string;
  /** `true` for `--cache`, `false` for `--no-cache`, undefined when neither is given. */
  cache?: boolean;
  /** `--cache-dir <dir>`: the folder, which also turns the cache on. */
  cacheDir?: string;
}

export interface ScaleSettings {
  jobs: number;
  shard: Shard | undefined;
  cacheDir: string | undefined;
}

export function addScaleOptions(command: Command): Command {
  return command
    .option('--jobs <n>', 'worker threads, or auto for every core (default 1)', '1')
    .option('--shard <k/n>', 'handle only the k-th of n parts of the inputs (for CI matrix jobs)')
    .option('--cache', 'reuse results of unchanged boards (folder: $DTPC_CACHE_DIR or ~/.cache/dtpc)')
    .option('--cache-dir <dir>', 'the cache folder (turns the cache on)')
    .option('--no-cache', 'do not use the cache, even when --cache-dir or DTPC_CACHE_DIR is given');
}

export function scaleSettings(flags: ScaleFlags, env: NodeJS.ProcessEnv = process.env): ScaleSettings {
  return {
    jobs: parseJobs(flags.jobs),
    shard: flags.shard === undefined ? undefined : parseShard(flags.shard),
    cacheDir: cacheDirFor(flags, env),
  };
}

export function parseJobs(value: string): number {
  if (value === 'auto') return Math.max(1, os.availableParallelism());
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1)
    throw new UsageError(`--jobs takes a positive integer or auto, got '${value}'`);
  return n;
}

/**
 * The cache is off unless asked for: `--cache-dir dir`, `--cache` (then `$DTPC_CACHE_DIR`, else
 * `$XDG_CACHE_HOME/dtpc`, else `~/.cache/dtpc`), or `DTPC_CACHE_DIR` set in the environment, which
 * CI sets once for every step. `--no-cache` wins over everything. The folder is its own flag, not
 * an optional value of `--cache`, so `--cache board.dts` never takes a board for a folder.
 */
export function cacheDirFor(
  flags: Pick<ScaleFlags, 'cache' | 'cacheDir'>,
  env: NodeJS.ProcessEnv,
): string | undefined {
  if (flags.cache === false) return undefined;
  if (flags.cacheDir !== undefined && flags.cacheDir !== '') return path.resolve(flags.cacheDir);
  const fromEnv = env.DTPC_CACHE_DIR;
  if (fromEnv) return path.resolve(fromEnv);
  if (flags.cache !== true) return undefined;
  const xdg = env.XDG_CACHE_HOME;
  return path.join(xdg ? path.resolve(xdg) : path.join(os.homedir(), '.cache'), 'dtpc');
}
