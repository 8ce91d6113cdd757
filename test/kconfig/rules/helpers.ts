import { compileText } from '../../../compiler/compile.js';
import type { Diagnostic } from '../../../compiler/diagnostics/diagnostic.js';
import { checkKconfig, type KconfigCheckResult } from '../../../schemas/kconfig/check.js';
import type { SupportedKernel } from '../../../schemas/kconfig/data/versions.js';
import { MemoryKconfigReader } from '../../../schemas/kconfig/engine/index.js';
import type { KconfigRule, KconfigRuleExample } from '../../../schemas/kconfig/rules/define.js';
import { builtinSource, treeSource } from '../../../schemas/kconfig/rules/support/source.js';

/** Compiles a DTS text and checks it against a built-in kernel model (or a one-file Kconfig tree). */
export function check(
  dts: string,
  config: string,
  kernel: SupportedKernel,
  options: { kconfig?: string; rules?: readonly KconfigRule[] } = {},
): KconfigCheckResult {
  const compiled = compileText('board.dts', dts);
  if (!compiled.tree)
    throw new Error(`example does not compile: ${compiled.diagnostics.map((d) => d.message).join('; ')}`);
  const source = options.kconfig
    ? treeSource('.', { reader: new MemoryKconfigReader({ Kconfig: options.kconfig }), kernel })
    : builtinSource(kernel);
  return checkKconfig(
    compiled.tree,
    source,
    { text: config, file: 'board.config' },
    {
      ...(options.rules ? { rules: options.rules } : {}),
    },
  );
}

export function runExample(e: KconfigRuleExample, rules?: readonly KconfigRule[]): KconfigCheckResult {
  return check(e.dts, e.config, e.kernel, {
    ...(e.kconfig ? { kconfig: e.kconfig } : {}),
    ...(rules ? { rules } : {}),
  });
}

export const codes = (ds: readonly Diagnostic[]): string[] => ds.map((d) => d.code);
export const withCode = (ds: readonly Diagnostic[], code: string): Diagnostic[] =>
  ds.filter((d) => d.code === code);
