/**
 * `dtpc run` on every family board of the corpus (boards.tsv rows whose `selected_by` contains
 * `family`), compiled from shared/corpus/linux, with the profile derived from each tree: does every
 * firmware interface the tree describes come up (OP-TEE driver bound, every SCMI agent probed, every
 * SCMI consumer bound)? Interfaces outside the modelled families are listed as not modelled, not as
 * failures. Each board that does not come up must be listed with its reason in
 * docs/runtime-corpus.md; an unlisted one fails the run. The first boards also run twice to check
 * that the trace is byte-identical.
 *
 * Usage: node dist/test/conformance/runtime-corpus.js [--only <regex>] [--verbose]
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileFile } from '../../compiler/compile.js';
import { PreprocessCache } from '../../compiler/preprocess/index.js';
import { NodeFileSystem } from '../../compiler/source/file-system.js';
import { preparePlatform } from '../../runtime/platform/prepare.js';
import { simulate } from '../../runtime/platform/simulate.js';
import { readTsv, requireShared } from '../support/shared.js';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const only = option('--only');
const verbose = args.includes('--verbose');
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const shared = requireShared();
const linux = path.join(shared, 'corpus', 'linux');
const boards = readTsv(path.join(shared, 'corpus', 'boards.tsv'))
  .filter((r) => r.selected_by?.includes('family'))
  .map((r) => r.board!)
  .filter((b) => !only || new RegExp(only).test(b));
process.chdir(linux);

/** Boards docs/runtime-corpus.md explains (first column of its table: `| src/… |`). */
const documented = new Set(
  readFileSync(path.join(repo, 'docs', 'runtime-corpus.md'), 'latin1')
    .split('\n')
    .map((l) => /^\|\s*`?(src\/[^|`\s]+)`?\s*\|/.exec(l)?.[1])
    .filter((b): b is string => b !== undefined),
);

const fs = new NodeFileSystem();
const cache = new PreprocessCache();
let up = 0;
let withInterfaces = 0;
let compileFailed = 0;
let deterministic = 0;
let partly = 0;
const failures: { board: string; why: string; documented: boolean }[] = [];
const notModelled = new Map<string, number>();
const started = Date.now();

for (const [i, board] of boards.entries()) {
  const r = compileFile(board, { includeDirs: ['include', 'src', path.dirname(board)], fs, cache });
  if (!r.tree) {
    compileFailed++;
    failures.push({ board, why: 'does not compile', documented: documented.has(board) });
    continue;
  }
  const prepared = preparePlatform(r.tree);
  for (const n of prepared.description.notModelled)
    notModelled.set(n.reason, (notModelled.get(n.reason) ?? 0) + 1);
  if (!prepared.profile) {
    failures.push({ board, why: 'derived profile does not validate', documented: documented.has(board) });
    continue;
  }
  const input = {
    tree: r.tree,
    description: prepared.description,
    profile: prepared.profile,
    findings: prepared.findings,
  };
  const lines: string[] = [];
  const sim = simulate(input, { traceLimit: 10_000, ...(i < 20 ? { traceSink: (l) => lines.push(l) } : {}) });
  if (i < 20) {
    const again: string[] = [];
    simulate(input, { traceLimit: 10_000, traceSink: (l) => again.push(l) });
    if (again.join('') === lines.join('')) deterministic++;
    else failures.push({ board, why: 'trace differs between two runs', documented: false });
  }
  if (sim.report.probes.length > 0) withInterfaces++;
  // SCMI agents behind a mailbox (or virtio) we do not model, and their consumers, are not failures.
  const d = prepared.description;
  const unmodelledPaths = new Set(d.notModelled.map((n) => n.path));
  const unmodelledAgents = new Set(
    d.scmi
      .filter(
        (s) =>
          s.transport === 'virtio' ||
          s.channels.some((c) => c.mboxes.some((m) => unmodelledPaths.has(m.controller))),
      )
      .map((s) => s.path),
  );
  const agentOf = (p: string) => [...unmodelledAgents].some((a) => p === a || p.startsWith(`${a}/`));
  const outside = (p: { path: string; what: string }) =>
    agentOf(p.path) ||
    (p.what === 'consumer' &&
      (d.consumers.find((c) => c.path === p.path)?.uses ?? []).some((u) => agentOf(u.provider)));
  const failing = sim.report.probes.filter((p) => p.state !== 'bound' && !outside(p));
  if (unmodelledAgents.size > 0 && failing.length === 0 && sim.platform.problems.length === 0) {
    up++;
    partly++;
    if (verbose) console.log(`up      ${board} (SCMI agent behind an unmodelled mailbox not counted)`);
    continue;
  }
  if (sim.report.up) {
    up++;
    if (verbose) console.log(`up      ${board} (${sim.report.probes.length} drivers)`);
    continue;
  }
  const bad = sim.report.probes.find((p) => p.state !== 'bound');
  const why = bad
    ? `${bad.path}: ${bad.what} ${bad.state}${bad.reason ? ` (${bad.reason})` : ''}`
    : (sim.platform.problems[0] ?? 'not up');
  failures.push({ board, why, documented: documented.has(board) });
}

const secs = ((Date.now() - started) / 1000).toFixed(1);
console.log(
  `${up - partly}/${boards.length} family boards bring up every firmware interface their tree describes; ${partly} more bring up every modelled one (their SCMI agent sits behind a mailbox controller we do not model); ${boards.length - up} do not come up (${withInterfaces} boards describe at least one driven interface; ${compileFailed} do not compile; ${secs} s)`,
);
console.log(`trace byte-identical across two runs: ${deterministic}/${Math.min(20, boards.length)}`);
for (const [reason, n] of [...notModelled].sort((a, b) => b[1] - a[1]))
  console.log(`not modelled (${n}): ${reason}`);
for (const f of failures) console.log(`${f.documented ? 'known  ' : 'UNKNOWN'} ${f.board}: ${f.why}`);
const unknown = failures.filter((f) => !f.documented);
process.exit(unknown.length > 0 ? 1 : 0);
