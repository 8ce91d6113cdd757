/**
 * The compiler's input flags, shared by every subcommand that reads a tree (compile, lint, build,
 * run, kconfig): dtc's spellings where dtc has the flag.
 */
import type { Command } from 'commander';
import type { CompileOptions } from '../compiler/compile.js';
import { UsageError } from './io.js';

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
    .option('-E, --error <check>', 'enable a check as an error (-Eno-<check> disables it)', collect, []);
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
  };
}
