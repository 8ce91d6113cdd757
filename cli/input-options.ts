/**
 * The compiler's input flags, shared by every subcommand that reads a tree (compile, lint, build,
 * run, kconfig): dtc's spellings where dtc has the flag.
 */
import type { Command } from 'commander';
import type { CompileOptions } from '../compiler/compile.js';
import { formatLimit, LIMITS, type Limits, parseLimit, resolveLimits } from '../compiler/limits.js';
import { STDIN_NAME } from '../compiler/source/file-system.js';
import { configFor, limitsFromConfig } from './config-file.js';
import { readStdin, UsageError } from './io.js';

export interface InputFlags {
  inFormat?: string;
  include: string[];
  define: string[];
  undefine: string[];
  cpp: boolean;
  bootCpu?: string;
  symbols?: boolean;
  phandle?: string;
  warning: string[];
  error: string[];
  localFixups?: boolean;
  autoAliases?: boolean;
  /** `--limit name=value`, repeatable. */
  limit?: string[];
  /** `--sandbox` / `--no-sandbox`; unset: on for standard input only. */
  sandbox?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function addInputOptions(command: Command): Command {
  return command
    .option('-I, --in-format <format>', 'input format: dts or dtb (default: from the extension, else dts)')
    .option('-i, --include <dir>', 'add a folder searched by #include, /include/ and /incbin/', collect, [])
    .option('-D, --define <name[=value]>', 'define a preprocessor macro', collect, [])
    .option('-U, --undefine <name>', 'undefine a preprocessor macro', collect, [])
    .option('--no-cpp', 'do not run the C preprocessor (read the file exactly as dtc does)')
    .option('-b, --boot-cpu <n>', 'boot CPU (default: reg of the first /cpus child)')
    .option('-@, --symbols', 'emit __symbols__ for overlays')
    .option('-L, --local-fixups', 'emit __local_fixups__ and __fixups__ without /plugin/')
    .option('-A, --auto-aliases', 'add /aliases entries for every label')
    .option('-H, --phandle <style>', 'phandle properties to generate: epapr, legacy or both', 'epapr')
    .option('-W, --warning <check>', 'enable a check as a warning (-Wno-<check> disables it)', collect, [])
    .option('-E, --error <check>', 'enable a check as an error (-Eno-<check> disables it)', collect, [])
    .option(
      '--limit <name=value>',
      `raise or lower a resource limit (repeatable): ${LIMITS.map((l) => `${l.name} (default ${formatLimit(l.default)})`).join(', ')}`,
      collect,
      [],
    )
    .option(
      '--sandbox',
      'read only regular files inside the input folder and the -i folders (default for stdin)',
    )
    .option('--no-sandbox', 'read includes from anywhere, even for standard input');
}

/** `--limit` flags as limits; an unknown name or a bad value is a usage error (exit 2). */
export function limitsFrom(specs: readonly string[]): Partial<Limits> {
  const limits: Partial<Limits> = {};
  for (const spec of specs) {
    const parsed = parseLimit(spec);
    if ('error' in parsed) throw new UsageError(parsed.error);
    limits[parsed.key] = parsed.value;
  }
  return limits;
}

/**
 * One input's name and options: `-` becomes standard input (read here, up to the input-size
 * limit); `dtpc.config.json` beside a board adds its limits and sandbox setting, under the command
 * line's; the sandbox is on when asked for, else for standard input only.
 */
export function inputOptions(
  input: string,
  flags: Pick<InputFlags, 'sandbox'>,
  base: CompileOptions,
): { input: string; options: CompileOptions } {
  const found = input === '-' ? undefined : configFor(input);
  const limits = { ...limitsFromConfig(found), ...base.limits };
  const sandbox = flags.sandbox ?? found?.config.sandbox ?? input === '-';
  if (input !== '-') return { input, options: { ...base, limits, sandbox } };
  const bytes = readStdin(resolveLimits(limits).inputSize);
  const stdin = Buffer.from(bytes).toString('latin1');
  return { input: STDIN_NAME, options: { ...base, limits, sandbox, stdin } };
}

/** Input format for one file: the flag, else `.dtb`/`.dtbo` means dtb, else dts. */
export function inputFormatFor(file: string, flags: InputFlags): 'dts' | 'dtb' {
  const f = flags.inFormat;
  if (f === 'dts' || f === 'dtb') return f;
  if (f !== undefined) throw new UsageError(`unknown input format '${f}' (expected dts or dtb)`);
  return /\.dtbo?$/.test(file) ? 'dtb' : 'dts';
}

export function compileOptionsFrom(flags: InputFlags): CompileOptions {
  const style = flags.phandle ?? 'epapr';
  if (style !== 'epapr' && style !== 'legacy' && style !== 'both') {
    throw new UsageError(`invalid -H style '${style}' (expected epapr, legacy or both)`);
  }
  let bootCpu: number | undefined;
  if (flags.bootCpu !== undefined) {
    if (!/^(0[xX][0-9a-fA-F]+|\d+)$/.test(flags.bootCpu))
      throw new UsageError(`invalid -b value '${flags.bootCpu}'`);
    bootCpu = Number(flags.bootCpu);
  }
  return {
    includeDirs: flags.include,
    defines: flags.define,
    undefines: flags.undefine,
    cpp: flags.cpp,
    symbols: flags.symbols ?? false,
    localFixups: flags.localFixups ?? false,
    autoAliases: flags.autoAliases ?? false,
    phandleStyle: style,
    checkFlags: [...flags.warning.map((w) => `-W${w}`), ...flags.error.map((e) => `-E${e}`)],
    ...(bootCpu !== undefined ? { bootCpu } : {}),
    limits: limitsFrom(flags.limit ?? []),
    sandbox: flags.sandbox === true,
  };
}
