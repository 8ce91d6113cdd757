/**
 * Lints every family board of the corpus (boards.tsv rows whose `selected_by` contains `family`):
 * compiled from shared/corpus/linux with our preprocessor, then `lintTree` (bindings + wiring rules).
 *
 * - Binding errors must be zero: upstream dt-schema 2025.08 reports none in our families on these
 *   boards, so any error here is a false positive of our schemas.
 * - Every wiring finding is listed (docs/wiring-findings.md explains each one).
 *
 * Usage: node dist/test/conformance/family-boards.js [--only <regex>] [--json <file>]
 * Exit status: 0 when there is no binding error and every board compiles, 1 otherwise.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { compileFile } from '../../compiler/compile.js';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { PreprocessCache } from '../../compiler/preprocess/index.js';
import { NodeFileSystem } from '../../compiler/source/file-system.js';
import type { DeviceTree, Node } from '../../compiler/tree/tree.js';
import { bindings } from '../../schemas/bindings/index.js';
import { selects } from '../../schemas/define.js';
import { lintTree } from '../../schemas/lint.js';
import { compatibleOf } from '../../schemas/types/status.js';
import { readTsv, requireShared } from '../support/shared.js';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const only = option('--only');
const jsonOut = option('--json');

const shared = requireShared();
const linux = path.join(shared, 'corpus', 'linux');
const boards = readTsv(path.join(shared, 'corpus', 'boards.tsv'))
  .filter((r) => r.selected_by?.includes('family'))
  .map((r) => r.board!)
  .filter((b) => !only || new RegExp(only).test(b));
process.chdir(linux);

const fs = new NodeFileSystem();
const cache = new PreprocessCache();

interface BoardReport {
  board: string;
  compiled: boolean;
  /** Binding errors on family nodes: must be none. */
  bindingErrors: Diagnostic[];
  /** Binding errors from the always-applying core schemas on other nodes (listed, not failing). */
  otherErrors: Diagnostic[];
  wiring: Diagnostic[];
}

/**
 * Is a diagnostic about our families? Any finding of a compatible-selected binding (OP-TEE, SCMI,
 * shmem, PSCI, mailboxes, GIC) is; a core-schema finding (interrupts, mboxes, …) is when its node, or
 * an ancestor, is selected by one of those bindings (SCMI protocol nodes, shmem sections).
 */
const familyBindings = bindings.filter((b) => b.compatible.length > 0);
function isFamily(tree: DeviceTree, d: Diagnostic): boolean {
  if (!/^schema\/(core|type)\//.test(d.code)) return true;
  for (let n: Node | undefined = d.nodePath ? tree.nodeByPath(d.nodePath) : undefined; n; n = n.parent)
    if (familyBindings.some((b) => selects(b, n!, compatibleOf(n!)))) return true;
  return false;
}

const reports: BoardReport[] = [];
const where = (d: Diagnostic) => (d.span ? `${d.span.file}:${d.span.line}:${d.span.col}` : '?');

for (const board of boards) {
  const result = compileFile(board, { includeDirs: ['include', 'src', path.dirname(board)], fs, cache });
  if (!result.ok || !result.tree) {
    const first = result.diagnostics.find((d) => d.severity === 'error');
    console.log(
      `${board}: does not compile: ${first ? `${where(first)} ${first.code} ${first.message}` : ''}`,
    );
    reports.push({ board, compiled: false, bindingErrors: [], otherErrors: [], wiring: [] });
    continue;
  }
  const tree = result.tree;
  const diagnostics = lintTree(tree);
  const errors = diagnostics.filter((d) => d.code.startsWith('schema/') && d.severity === 'error');
  const report: BoardReport = {
    board,
    compiled: true,
    bindingErrors: errors.filter((d) => isFamily(tree, d)),
    otherErrors: errors.filter((d) => !isFamily(tree, d)),
    wiring: diagnostics.filter((d) => d.code.startsWith('wiring/')),
  };
  reports.push(report);
  for (const d of report.bindingErrors)
    console.log(`${board}: binding error: ${where(d)} ${d.nodePath} [${d.code}] ${d.message}`);
  for (const d of report.otherErrors)
    console.log(
      `${board}: core-schema error outside the families: ${where(d)} ${d.nodePath} [${d.code}] ${d.message}`,
    );
  for (const d of report.wiring)
    console.log(`${board}: ${d.severity}: ${where(d)} ${d.nodePath} [${d.code}] ${d.message}`);
}

const compiled = reports.filter((r) => r.compiled).length;
const bindingErrors = reports.reduce((n, r) => n + r.bindingErrors.length, 0);
const byCode = new Map<string, { findings: number; boards: number }>();
for (const r of reports) {
  const codes = new Set<string>();
  for (const d of r.wiring) {
    const key = `${d.code} (${d.severity})`;
    const entry = byCode.get(key) ?? { findings: 0, boards: 0 };
    entry.findings++;
    if (!codes.has(key)) entry.boards++;
    codes.add(key);
    byCode.set(key, entry);
  }
}
console.log('');
const otherErrors = reports.reduce((n, r) => n + r.otherErrors.length, 0);
console.log(
  `${boards.length} family boards, ${compiled} compiled, ${bindingErrors} binding error(s) in the families, ${otherErrors} core-schema error(s) outside them`,
);
for (const [code, n] of [...byCode].sort())
  console.log(`  ${code}: ${n.findings} finding(s) on ${n.boards} board(s)`);
if (jsonOut)
  writeFileSync(path.resolve(process.env.INIT_CWD ?? '.', jsonOut), JSON.stringify(reports, null, 1));
const failed = reports.filter((r) => !r.compiled || r.bindingErrors.length > 0).length;
console.log(`${reports.length - failed} passed, ${failed} failed`);
process.exitCode = bindingErrors > 0 || compiled < reports.length ? 1 : 0;
