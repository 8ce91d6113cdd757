/** Compiles a fixture board and renders its outputs the way `dtpc build --emit` does. */
import * as fs from 'node:fs';
import { compileFile, compileText } from '../../compiler/compile.js';
import { preparePlatform } from '../../runtime/platform/prepare.js';
import { checkKconfig } from '../../schemas/kconfig/check.js';
import { lintTree } from '../../schemas/lint.js';
import { type EmitInputs, type EmitKind, type EmitResult, renderOutputs } from '../../templates/emit.js';

export const BOARDS_DIR = 'test/fixtures/templates/boards';
export const GOLDEN_DIR = 'test/fixtures/templates/golden';

export function inputsFor(file: string, text?: string): EmitInputs {
  const compiled = text === undefined ? compileFile(file) : compileText(file, text);
  if (!compiled.tree)
    throw new Error(`${file} did not compile: ${compiled.diagnostics.map((d) => d.message).join('; ')}`);
  const prepared = preparePlatform(compiled.tree);
  const diagnostics = [
    ...compiled.diagnostics,
    ...prepared.diagnostics,
    ...lintTree(compiled.tree, prepared.view),
  ];
  const kconfig = checkKconfig(compiled.tree, { kernel: 'v6.12' }, []);
  return {
    board: file.replace(/^.*\//, ''),
    tree: compiled.tree,
    description: prepared.description,
    diagnostics,
    sources: [{ file, text: text ?? fs.readFileSync(file, 'latin1') }],
    kconfig: { kernel: 'v6.12', fragment: kconfig.fragment },
  };
}

export function emitFixture(file: string, kinds: readonly EmitKind[], text?: string): Promise<EmitResult> {
  return renderOutputs(kinds, inputsFor(file, text));
}
