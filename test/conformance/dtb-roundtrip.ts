/**
 * `npx tsc -p tsconfig.build.json && node dist/test/conformance/dtb-roundtrip.js`
 *
 * For every golden DTB dtc 1.8.1 wrote (with and without `-@`):
 * 1. `readDtb` then `writeDtb` must give the same bytes (always);
 * 2. when a dtc ≥ 1.8 is available, `printDts` must print exactly the text `dtc -I dtb -O dts` prints
 *    (Debian's 1.6.1 prints string lists and references differently, so the text is not compared);
 * 3. when any dtc is available, the printed DTS compiled with `dtc -I dts -O dtb` must give the
 *    golden bytes again.
 * 4. when a dtc ≥ 1.8 is available, for each golden's source input: our compiler's tree printed with
 *    `printDts(…, { dtcQuirks: true })` must be exactly `dtc -I dts -O dts` (with `-@` for the symbols
 *    set) — the printer on marker-typed values, as dtc's `type-preservation` test does.
 * The dtc binary is `$DTPC_DTC`, else `dtc` on PATH; `DTPC_NO_LIVE=1` skips steps 2 to 4.
 * Prints one line per failure or skip, then `N passed, M failed` (one count per golden DTB and,
 * with a modern dtc, per source printed).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileFile } from '../../compiler/compile.js';
import { readDtb } from '../../compiler/dtb/reader.js';
import { writeDtb } from '../../compiler/dtb/writer.js';
import { printDts } from '../../compiler/dts/printer.js';
import { haveCommand, requireShared } from '../support/shared.js';

const shared = requireShared();
const goldenRoot = path.join(shared, 'conformance', 'dtc', 'golden');
const inputsDir = path.join(shared, 'conformance', 'dtc', 'inputs');
const sets = ['dtc-1.8.1', 'dtc-1.8.1-symbols'];

const dtc = process.env.DTPC_DTC ?? 'dtc';
const live = process.env.DTPC_NO_LIVE !== '1' && (dtc.includes('/') ? fs.existsSync(dtc) : haveCommand(dtc));
const dtcVersion = live ? spawnSync(dtc, ['--version'], { encoding: 'utf8' }).stdout.trim() : '';
const versionMatch = /(\d+)\.(\d+)/.exec(dtcVersion);
const modernDtc = versionMatch !== null && (Number(versionMatch[1]) > 1 || Number(versionMatch[2]) >= 8);

/**
 * Where dtc's own `-I dtb` path legitimately gives something else than the golden: a plugin gets its
 * `__fixups__` regenerated from the restored references, which rewrites malformed offsets ("ab",
 * "", "0a") as "0" (dtc ≥ 1.8 appends that entry, and its printer then shows only the appended part);
 * dtc 1.6.1 appends every pre-existing fixup entry a second time.
 */
function knownDifference(file: string, plugin: boolean): string | undefined {
  if (file.startsWith('overlay_bad_fixup_')) return 'dtc regenerates the malformed __fixups__ entry';
  if (plugin && !modernDtc) return 'dtc < 1.8 duplicates pre-existing __fixups__ entries';
  return undefined;
}

/** Runs dtc; undefined when it crashed or hung (1.6.1 does on a few graph/phandle inputs). */
function runDtc(args: string[], input?: string): { ok: boolean; stdout: Buffer; why: string } {
  const run = spawnSync(dtc, ['-q', ...args], { input, maxBuffer: 1 << 26, timeout: 20_000 });
  const why = run.error
    ? run.error.message
    : run.signal
      ? `killed by ${run.signal}`
      : String(run.stderr).trim().split('\n')[0];
  return { ok: run.status === 0, stdout: run.stdout, why: why ?? '' };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
}

function firstDifference(a: Uint8Array, b: Uint8Array): string {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return `first difference at byte ${i}`;
  return `lengths ${a.length} vs ${b.length}`;
}

function firstLineDifference(ours: string, theirs: string): string {
  const a = ours.split('\n');
  const b = theirs.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `line ${i + 1}: ours ${JSON.stringify(a[i])}, dtc ${JSON.stringify(b[i])}`;
  }
  return 'no difference';
}

let passed = 0;
let failed = 0;
const stats = { rewritten: 0, textCompared: 0, recompiled: 0, known: 0, dtcBroken: 0, sourcesPrinted: 0 };
const lines: string[] = [];

function check(name: string, file: string, golden: Uint8Array): string | undefined {
  const { tree, diagnostics } = readDtb(golden, file);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (!tree || errors.length > 0)
    return `read failed: ${errors.map((d) => `${d.code} ${d.message}`).join('; ')}`;
  const rewritten = writeDtb(tree);
  if (!sameBytes(rewritten, golden)) return `rewrite differs (${firstDifference(rewritten, golden)})`;
  stats.rewritten++;
  if (!live) return undefined;

  const text = printDts(tree);
  const known = knownDifference(file, tree.plugin);
  if (modernDtc) {
    const decompiled = runDtc(['-I', 'dtb', '-O', 'dts', path.join(goldenRoot, name)]);
    if (!decompiled.ok) {
      stats.dtcBroken++;
      lines.push(`${name}: (skip) dtc could not decompile the golden: ${decompiled.why}`);
    } else if (decompiled.stdout.toString('latin1') !== text) {
      if (!known)
        return `printed text differs from dtc -O dts (${firstLineDifference(text, decompiled.stdout.toString('latin1'))})`;
    } else stats.textCompared++;
  }
  const compiled = runDtc(['-I', 'dts', '-O', 'dtb', '-o', '-', '-'], text);
  if (!compiled.ok) {
    stats.dtcBroken++;
    lines.push(`${name}: (skip) dtc could not compile the printed DTS: ${compiled.why}`);
    return undefined;
  }
  if (!sameBytes(new Uint8Array(compiled.stdout), golden)) {
    if (known) {
      stats.known++;
      lines.push(`${name}: (known) ${known}`);
      return undefined;
    }
    return `printed DTS compiles to different bytes (${firstDifference(new Uint8Array(compiled.stdout), golden)})`;
  }
  stats.recompiled++;
  return undefined;
}

/** Step 4: the source compiled by our pipeline, printed, against `dtc -I dts -O dts`. */
function checkSource(input: string, symbols: boolean): string | undefined {
  const file = path.join(inputsDir, input);
  const result = compileFile(file, { cpp: false, symbols, includeDirs: [inputsDir] });
  if (!result.tree) return `our compiler built no tree (${result.diagnostics[0]?.code ?? 'no diagnostic'})`;
  const ours = printDts(result.tree, { dtcQuirks: true });
  const theirs = runDtc(['-f', '-I', 'dts', '-O', 'dts', ...(symbols ? ['-@'] : []), '-i', inputsDir, file]);
  if (!theirs.ok) {
    stats.dtcBroken++;
    lines.push(`${input}: (skip) dtc could not print it: ${theirs.why}`);
    return undefined;
  }
  const text = theirs.stdout.toString('latin1');
  if (text !== ours) return `printed source differs from dtc -O dts (${firstLineDifference(ours, text)})`;
  stats.sourcesPrinted++;
  return undefined;
}

for (const set of sets) {
  const dir = path.join(goldenRoot, set);
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.dtb'))
    .sort();
  for (const file of files) {
    const name = `${set}/${file}`;
    const problem = check(name, file, new Uint8Array(fs.readFileSync(path.join(dir, file))));
    if (problem) {
      failed++;
      lines.push(`${name}: FAIL ${problem}`);
    } else passed++;

    const input = file.replace(/\.dtb$/, '');
    if (live && modernDtc && fs.existsSync(path.join(inputsDir, input))) {
      const sourceProblem = checkSource(input, set.endsWith('-symbols'));
      if (sourceProblem) {
        failed++;
        lines.push(`${name} (source): FAIL ${sourceProblem}`);
      } else passed++;
    }
  }
}

for (const line of lines) process.stdout.write(`${line}\n`);
process.stdout.write(`read+write byte-identical: ${stats.rewritten}\n`);
if (live) {
  process.stdout.write(
    `with ${dtcVersion} (${dtc}): text identical ${modernDtc ? stats.textCompared : 'not compared (dtc < 1.8)'}, ` +
      `recompiled identical ${stats.recompiled}, known differences ${stats.known}, ` +
      `sources printed as dtc does ${modernDtc ? stats.sourcesPrinted : 'not compared (dtc < 1.8)'}, ` +
      `dtc crashed/hung/rejected ${stats.dtcBroken}\n`,
  );
} else process.stdout.write('no dtc: printed DTS neither compared nor recompiled\n');
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exitCode = failed === 0 ? 0 : 1;
