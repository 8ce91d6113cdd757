/**
 * Everything `dtpc build` and `dtpc run` accept, read through the compiler's `FileSystem`: a board
 * DTS/DTB, a `platform.json` written by build (or a folder holding one), or a bundled platform
 * folder (`board.dts`, `firmware.yaml`, `scenario.yaml`; includes from `../include`). The user's
 * `--firmware` and `--scenario` win over a folder's own.
 */

import * as path from 'node:path';
import { type CompileOptions, compileFile } from '../../compiler/compile.js';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { appendAll } from '../../compiler/diagnostics/diagnostic.js';
import { readDtb } from '../../compiler/dtb/reader.js';
import { limitHint, resolveLimits } from '../../compiler/limits.js';
import { type FileSystem, SizeLimitedFileSystem } from '../../compiler/source/file-system.js';
import type { DeviceTree } from '../../compiler/tree/tree.js';
import { dtbOf, type PlatformConfig, parseConfig } from './config.js';
import { type Prepared, preparePlatform } from './prepare.js';
import { parseScenario, type Scenario } from './scenario.js';
import type { SimulationInput } from './simulate.js';
import { readYaml, type YamlSource } from './yaml-source.js';

export interface LoadRequest {
  input: string;
  firmware?: string;
  scenario?: string;
  compile: CompileOptions;
  fs: FileSystem;
}

export interface Loaded {
  ok: boolean;
  diagnostics: Diagnostic[];
  /** Base name of the board source. */
  board: string;
  /** `derived`, or the base name of the profile file overlaid. */
  profileSource: string;
  tree?: DeviceTree;
  prepared?: Prepared;
  scenario?: Scenario;
  config?: PlatformConfig;
}

/**
 * What `simulate` needs from a load: undefined unless the load gave a tree and a firmware profile
 * (a load with errors, or a board none can be derived for).
 */
export function simulationInput(loaded: Loaded): SimulationInput | undefined {
  const { tree, prepared } = loaded;
  if (!loaded.ok || !tree || !prepared?.profile) return undefined;
  return { tree, description: prepared.description, profile: prepared.profile, findings: prepared.findings };
}

type Source = { kind: 'board'; file: string; includes: string[] } | { kind: 'config'; file: string };

function resolveInput(req: LoadRequest): { source: Source; firmware?: string; scenario?: string } {
  const { input, fs } = req;
  const inFolder = (name: string) => path.join(input, name);
  if (fs.isFile(inFolder('board.dts'))) {
    const firmware =
      req.firmware ?? (fs.isFile(inFolder('firmware.yaml')) ? inFolder('firmware.yaml') : undefined);
    const scenario =
      req.scenario ?? (fs.isFile(inFolder('scenario.yaml')) ? inFolder('scenario.yaml') : undefined);
    return {
      source: {
        kind: 'board',
        file: inFolder('board.dts'),
        includes: [path.join(input, '..', 'include'), input],
      },
      ...(firmware ? { firmware } : {}),
      ...(scenario ? { scenario } : {}),
    };
  }
  const rest = {
    ...(req.firmware ? { firmware: req.firmware } : {}),
    ...(req.scenario ? { scenario: req.scenario } : {}),
  };
  if (fs.isFile(inFolder('platform.json')))
    return { source: { kind: 'config', file: inFolder('platform.json') }, ...rest };
  if (input.endsWith('.json')) return { source: { kind: 'config', file: input }, ...rest };
  return { source: { kind: 'board', file: input, includes: [] }, ...rest };
}

function readSource(
  fs: FileSystem,
  file: string,
  code: string,
  diagnostics: Diagnostic[],
): YamlSource | undefined {
  const text = fs.readText(file);
  if (text === undefined) {
    const refused = fs.refusal?.(file);
    diagnostics.push(
      refused
        ? {
            code: refused.code,
            severity: 'error',
            message: refused.message,
            span: { file, line: 1, col: 1, endLine: 1, endCol: 1 },
            hint: refused.hint,
          }
        : { code, severity: 'error', message: `cannot read ${file}` },
    );
    return undefined;
  }
  const y = readYaml(file, text);
  for (const e of y.errors)
    diagnostics.push({
      code,
      severity: 'error',
      message: `${file}: ${e.message}`,
      ...(e.span ? { span: e.span } : {}),
    });
  return y.errors.length > 0 ? undefined : y;
}

export function loadPlatform(req: LoadRequest): Loaded {
  const diagnostics: Diagnostic[] = [];
  const { source, firmware, scenario: scenarioFile } = resolveInput(req);
  const fail = (board: string): Loaded => ({ ok: false, diagnostics, board, profileSource: 'derived' });

  // Profiles, scenarios and platform.json are inputs too: the input-size limit applies to them.
  const maxInput = resolveLimits(req.compile.limits).inputSize;
  const guarded = new SizeLimitedFileSystem(req.fs, maxInput, limitHint('inputSize', maxInput));
  const userProfile = firmware ? readSource(guarded, firmware, 'sim/profile-read', diagnostics) : undefined;
  if (firmware && !userProfile) return fail(path.basename(source.file));
  const profileSource = firmware ? path.basename(firmware) : 'derived';

  let scenario: Scenario | undefined;
  if (scenarioFile) {
    const y = readSource(guarded, scenarioFile, 'sim/scenario-invalid', diagnostics);
    if (!y) return fail(path.basename(source.file));
    const parsed = parseScenario(y.value ?? {}, resolveLimits(req.compile.limits).scenarioLength);
    for (const i of parsed.issues) {
      const span = y.spanOf(i.key);
      diagnostics.push({
        code: i.code ?? 'sim/scenario-invalid',
        severity: 'error',
        message: `scenario: ${i.key || '(top level)'}: ${i.message}`,
        ...(span ? { span } : {}),
        ...(i.hint ? { hint: i.hint } : {}),
      });
    }
    if (!parsed.scenario) return fail(path.basename(source.file));
    scenario = parsed.scenario;
  }

  let tree: DeviceTree | undefined;
  let config: PlatformConfig | undefined;
  let board: string;
  if (source.kind === 'config') {
    const text = guarded.readText(source.file);
    if (text === undefined) {
      const refused = guarded.refusal(source.file);
      diagnostics.push(
        refused
          ? { code: refused.code, severity: 'error', message: refused.message, hint: refused.hint }
          : { code: 'sim/config-invalid', severity: 'error', message: `cannot read ${source.file}` },
      );
      return fail(path.basename(source.file));
    }
    const parsed = parseConfig(text);
    for (const i of parsed.issues)
      diagnostics.push({
        code: 'sim/config-invalid',
        severity: 'error',
        message: `${source.file}: ${i.key || '(top level)'}: ${i.message}`,
      });
    if (!parsed.config) return fail(path.basename(source.file));
    config = parsed.config;
    board = config.board;
    const read = readDtb(dtbOf(config), source.file);
    appendAll(diagnostics, read.diagnostics);
    if (!read.tree) return fail(board);
    tree = read.tree;
  } else {
    board = path.basename(source.file);
    const result = compileFile(source.file, {
      ...req.compile,
      includeDirs: [...(req.compile.includeDirs ?? []), ...source.includes],
      fs: req.fs,
    });
    appendAll(diagnostics, result.diagnostics);
    if (!result.ok || !result.tree) return fail(board);
    tree = result.tree;
  }

  const prepared = preparePlatform(tree, {
    ...(userProfile ? { userProfile } : {}),
    ...(config ? { baseProfile: config.profile, description: config.description } : {}),
  });
  appendAll(diagnostics, prepared.diagnostics);
  const ok = prepared.profile !== undefined && !diagnostics.some((d) => d.code.startsWith('sim/profile'));
  return {
    ok,
    diagnostics,
    board,
    profileSource: config && !firmware ? config.profileSource : profileSource,
    tree,
    prepared,
    ...(scenario ? { scenario } : {}),
    ...(config ? { config } : {}),
  };
}
