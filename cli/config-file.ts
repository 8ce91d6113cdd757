/**
 * `dtpc.config.json` beside a board: rule levels and defaults for the trees in that folder, so a
 * repository can keep its lint policy next to its boards. Validated with zod; unknown keys are an
 * error so that typos do not silently do nothing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { type Limits, parseLimitValue } from '../compiler/limits.js';
import { UsageError } from './io.js';

export const CONFIG_FILE_NAME = 'dtpc.config.json';

const buildLintConfigSchema = () =>
  z.strictObject({
    /** Code, dtc check name or `prefix/*` → level. */
    rules: z.record(z.string(), z.enum(['off', 'warning', 'error'])).optional(),
    /** Folders added to -i, relative to the config file. */
    include: z.array(z.string()).optional(),
    /** Extra -D macros. */
    defines: z.array(z.string()).optional(),
    maxWarnings: z.number().int().nonnegative().optional(),
    /** Resource limits by `--limit` name: `{ "include-depth": 50, "input-size": "16MiB" }`. */
    limits: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
    /** `--sandbox` for the boards of this folder (the command line wins). */
    sandbox: z.boolean().optional(),
  });

export type LintConfig = z.infer<ReturnType<typeof buildLintConfigSchema>>;

let builtSchema: ReturnType<typeof buildLintConfigSchema> | undefined;
/** Built when a config file is first found: most boards have none, and building it slows every start. */
export function lintConfigSchema(): ReturnType<typeof buildLintConfigSchema> {
  builtSchema ??= buildLintConfigSchema();
  return builtSchema;
}

const cache = new Map<string, { config: LintConfig; dir: string } | undefined>();

/** The config that applies to a board: `dtpc.config.json` in the board's folder, if any. */
export function configFor(board: string): { config: LintConfig; dir: string } | undefined {
  const dir = path.dirname(path.resolve(board));
  if (cache.has(dir)) return cache.get(dir);
  const file = path.join(dir, CONFIG_FILE_NAME);
  let found: { config: LintConfig; dir: string } | undefined;
  if (fs.existsSync(file)) {
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      throw new UsageError(
        `${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    const parsed = lintConfigSchema().safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UsageError(`${file}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
    }
    found = { config: parsed.data, dir };
  }
  cache.set(dir, found);
  return found;
}

/** The config's `limits` as limits; an unknown name or a bad value is a usage error (exit 2). */
export function limitsFromConfig(found: { config: LintConfig; dir: string } | undefined): Partial<Limits> {
  const limits: Partial<Limits> = {};
  for (const [name, value] of Object.entries(found?.config.limits ?? {})) {
    const parsed = parseLimitValue(name, value);
    if ('error' in parsed)
      throw new UsageError(`${path.join(found!.dir, CONFIG_FILE_NAME)}: limits: ${parsed.error}`);
    limits[parsed.key] = parsed.value;
  }
  return limits;
}
