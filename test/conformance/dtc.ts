/**
 * `npm run conformance:dtc`: dtc's own test inputs against what dtc 1.8.1 did with them.
 *
 * - Every input dtc 1.8.1 compiled with default flags must compile to the byte-identical DTB, with
 *   and without `-@` (goldens in shared/conformance/dtc/golden).
 * - Every input dtc rejected must be rejected by us with an error diagnostic, never a crash.
 * - The manifest's flagged variants (`-i`, `-b`, `-H`, …) must compile or fail as it says.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type CompileOptions, compileFile } from '../../compiler/compile.js';
import { writeDtb } from '../../compiler/dtb/writer.js';
import { readTsv, requireShared } from '../support/shared.js';

const shared = requireShared();
const root = path.join(shared, 'conformance', 'dtc');
const inputs = path.join(root, 'inputs');
const results = readTsv(path.join(root, 'results-1.8.1-head.tsv'));
const manifest = new Map(readTsv(path.join(root, 'manifest.tsv')).map((r) => [r.file!, r.expectations!]));
process.chdir(inputs);

let passed = 0;
const failures: string[] = [];
const pass = () => passed++;
const fail = (what: string) => failures.push(what);

function run(file: string, options: CompileOptions) {
  try {
    return compileFile(file, { cpp: false, ...options });
  } catch (error) {
    return { crash: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

function sha(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

for (const row of results) {
  const file = row.file!;
  const rc = Number(row.rc);
  for (const symbols of [false, true]) {
    const label = `${file}${symbols ? ' -@' : ''}`;
    const result = run(file, { symbols });
    if ('crash' in result) {
      fail(`${label}: crashed: ${result.crash.split('\n').slice(0, 3).join(' | ')}`);
      continue;
    }
    if (rc === 0) {
      const golden = path.join(
        root,
        'golden',
        symbols ? 'dtc-1.8.1-symbols' : 'dtc-1.8.1',
        `${file.replaceAll('/', '_')}.dtb`,
      );
      if (!result.ok || !result.tree) {
        const first = result.diagnostics.find((d) => d.severity === 'error');
        fail(`${label}: dtc compiles it, we reject it: ${first?.code} ${first?.message}`);
        continue;
      }
      const ours = writeDtb(result.tree);
      const theirs = fs.readFileSync(golden);
      if (sha(ours) === sha(theirs)) pass();
      else fail(`${label}: DTB differs from dtc 1.8.1 (${ours.length} vs ${theirs.length} bytes)`);
    } else if (result.ok) {
      fail(`${label}: dtc rejects it (rc ${rc}: ${row.first_diag}), we accept it`);
    } else if (!result.diagnostics.some((d) => d.severity === 'error')) {
      fail(`${label}: rejected without an error diagnostic`);
    } else pass();
  }
}

/** Flagged variants from the manifest, e.g. `compile-ok[-i search_dir]`, `must-fail(rc!=0)[-i search_dir_b only]`. */
for (const [file, expectations] of manifest) {
  for (const exp of expectations.split(';').map((e) => e.trim())) {
    const m = /^(compile-ok|must-fail\(rc!=0\))\[(.+)\]$/.exec(exp);
    if (!m) continue;
    const flags = m[2]!.replace(/ only$/, '').split(/\s+/);
    const options: CompileOptions = { includeDirs: [] };
    for (let i = 0; i < flags.length; i++) {
      const f = flags[i]!;
      if (f === '-i') options.includeDirs!.push(flags[++i]!);
      else if (f === '-@') options.symbols = true;
      else if (f === '-b') options.bootCpu = 17;
      else if (f === '-H') options.phandleStyle = 'both';
    }
    const result = run(file, options);
    const label = `${file} [${m[2]}]`;
    if ('crash' in result) fail(`${label}: crashed: ${result.crash.split('\n')[0]}`);
    else if (m[1] === 'compile-ok' && !result.ok) {
      fail(
        `${label}: expected to compile: ${result.diagnostics.find((d) => d.severity === 'error')?.message}`,
      );
    } else if (m[1] !== 'compile-ok' && result.ok) fail(`${label}: expected to fail`);
    else pass();
  }
}

for (const f of failures) console.log(`FAIL ${f}`);
console.log(`${passed} passed, ${failures.length} failed`);
process.exitCode = failures.length > 0 ? 1 : 0;
