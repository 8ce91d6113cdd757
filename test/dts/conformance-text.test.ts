/**
 * The three places where dtc's own test suite compares `-O dts` output textually
 * (`tests/run_tests.sh`): our printer must print the same text. Needs shared/ (skipped without it).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileFile } from '../../compiler/compile.js';
import { readDtb } from '../../compiler/dtb/reader.js';
import { printDts } from '../../compiler/dts/printer.js';
import { sharedDir } from '../support/shared.js';

const shared = sharedDir();
const inputs = shared ? path.join(shared, 'conformance', 'dtc', 'inputs') : '';
const golden = shared ? path.join(shared, 'conformance', 'dtc', 'golden', 'dtc-1.8.1') : '';

function printSource(file: string): string {
  const result = compileFile(path.join(inputs, file), { cpp: false });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return printDts(result.tree!);
}

describe.skipIf(!shared)('dtc test-suite -O dts comparisons', () => {
  it('stringlist.dts: dtb -> dts prints the source text', () => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(golden, 'stringlist.dts.dtb')));
    const { tree } = readDtb(bytes, 'stringlist.dts.dtb');
    expect(printDts(tree!)).toBe(fs.readFileSync(path.join(inputs, 'stringlist.dts'), 'latin1'));
  });

  it('type-preservation.dts: dts -> dts prints the source text', () => {
    expect(printSource('type-preservation.dts')).toBe(
      fs.readFileSync(path.join(inputs, 'type-preservation.dts'), 'latin1'),
    );
  });

  it('delete_reinstate_multilabel.dts prints delete_reinstate_multilabel_ref.dts', () => {
    expect(printSource('delete_reinstate_multilabel.dts')).toBe(
      fs.readFileSync(path.join(inputs, 'delete_reinstate_multilabel_ref.dts'), 'latin1'),
    );
  });
});
