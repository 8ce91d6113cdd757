import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';
import { DEFAULT_LIMITS, INCLUDE_CYCLE_CODE, limitHint, limitInfo } from '../limits.js';
import { type FileSystem, searchFiles } from './file-system.js';
import { dirname, joinPath } from './paths.js';
import { SourceText, SourceTextBuilder } from './source-text.js';

/**
 * dtc's own source-level features, done before lexing: `/include/ "file"` (spliced in raw, anywhere
 * outside strings, char literals and comments) and cpp line markers at the start of a line
 * (`# 12 "file.dtsi" 1`, `#line 12 "x"`), which set the file and line of the lines after them.
 * The origin map stays exact: runs of the input keep (re-based) origins, inserted files get their own
 * verbatim runs, and text after a line marker is attributed to the file and line the marker names.
 */

export interface AssembleOptions {
  includeDirs: string[];
  fs: FileSystem;
  /** Path of the file the source was read from (its folder is searched first). */
  currentFile: string;
  /** The `include-depth` limit (default dtc's MAX_SRCFILE_DEPTH, 200). */
  includeDepth?: number;
  /** The `total-input-size` limit: bytes of all files spliced in, each time counted. */
  totalInputSize?: number;
}

export interface AssembleResult {
  source: SourceText;
  diagnostics: Diagnostic[];
  /** Files spliced in by `/include/`, in the order they were first read. */
  dependencies: string[];
}

const LINE_MARKER = /#(?:line)?[ \t]+([0-9]+)[ \t]+"((?:[^\\"\n]|\\[^\n])*)"(?:[ \t]+[0-9]+)*/y;
const INCLUDE = /\/include\/\s*"((?:[^\\"]|\\[\s\S])*)"/y;

export function assembleDtcSource(source: SourceText, options: AssembleOptions): AssembleResult {
  const text = source.text;
  if (!text.includes('/include/') && !/(?:^|\n)#(?:line)?[ \t]+[0-9]/.test(text))
    return { source, diagnostics: [], dependencies: [] };
  const a = new Assembler(options);
  a.scan(source, options.currentFile, 0);
  return { source: a.builder.build(), diagnostics: a.diagnostics, dependencies: a.dependencies };
}

interface Override {
  file: string;
  /** Line number of the line containing `offset`. */
  line: number;
  offset: number;
}

class Assembler {
  readonly builder = new SourceTextBuilder();
  readonly diagnostics: Diagnostic[] = [];
  readonly dependencies: string[] = [];
  /** Files being spliced, outermost first: `/include/` has no guards, so a repeat is a cycle. */
  private readonly open: string[] = [];
  private splicedBytes = 0;
  private totalLimitHit = false;

  constructor(private readonly options: AssembleOptions) {}

  scan(src: SourceText, currentFile: string, depth: number): void {
    const text = src.text;
    const n = text.length;
    const newlines = newlineOffsets(text);
    let override: Override | undefined;
    let copied = 0;
    let i = 0;
    const copyTo = (end: number): void => {
      this.copy(src, copied, end, override, newlines);
      copied = end;
    };
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x23 /* # */ && (i === 0 || text.charCodeAt(i - 1) === 0x0a)) {
        LINE_MARKER.lastIndex = i;
        const m = LINE_MARKER.exec(text);
        if (m) {
          copyTo(i);
          const name = unescapeName(m[2] as string);
          const nul = name.indexOf('\0');
          if (nul >= 0)
            this.error(
              'dtc/line-marker-nul',
              'nul in line number directive',
              src.span(i, i + m[0].length),
              undefined,
            );
          override = {
            file: nul >= 0 ? name.slice(0, nul) : name,
            line: Number(m[1]) - 1,
            offset: lineStartOf(newlines, i),
          };
          i += m[0].length;
          copied = i;
          continue;
        }
        i++;
        continue;
      }
      if (c === 0x22 /* " */) {
        const end = skipQuoted(text, i, 0x22);
        i = end < 0 ? i + 1 : end;
        continue;
      }
      if (c === 0x27 /* ' */) {
        const end = skipQuoted(text, i, 0x27);
        i = end < 0 ? i + 1 : end;
        continue;
      }
      if (c === 0x2f /* / */) {
        const d = text.charCodeAt(i + 1);
        if (d === 0x2a) {
          const end = text.indexOf('*/', i + 2);
          i = end < 0 ? i + 1 : end + 2;
          continue;
        }
        if (d === 0x2f) {
          const end = text.indexOf('\n', i + 2);
          i = end < 0 ? n : end;
          continue;
        }
        if (d === 0x69 /* i */) {
          INCLUDE.lastIndex = i;
          const m = INCLUDE.exec(text);
          if (m) {
            copyTo(i);
            this.include(unescapeName(m[1] as string), src.span(i, i + m[0].length), currentFile, depth);
            i += m[0].length;
            copied = i;
            continue;
          }
        }
      }
      i++;
    }
    copyTo(n);
  }

  private include(name: string, span: Span, currentFile: string, depth: number): void {
    const maxDepth = this.options.includeDepth ?? DEFAULT_LIMITS.includeDepth;
    if (depth + 1 >= maxDepth) {
      this.error(
        limitInfo('includeDepth').code,
        `/include/ nested ${depth + 1} deep, over the include-depth limit of ${maxDepth}`,
        span,
        limitHint('includeDepth', maxDepth),
      );
      return;
    }
    const { fs, includeDirs } = this.options;
    const candidates: string[] = [];
    if (name.startsWith('/')) candidates.push(name);
    else {
      candidates.push(joinPath(dirname(currentFile), name));
      for (const dir of includeDirs) candidates.push(joinPath(dir, name));
    }
    const r = searchFiles(
      fs,
      candidates.map((path) => ({ path })),
      (path) => fs.readText(path),
    );
    if (r && 'refused' in r) {
      this.error(r.refused.code, r.refused.message, span, r.refused.hint);
      return;
    }
    if (r) {
      const path = r.found.path;
      const chain = [...this.open, currentFile];
      const again = chain.indexOf(path);
      if (again >= 0) {
        const cycle = [...chain.slice(again), path].join(' -> ');
        this.error(
          INCLUDE_CYCLE_CODE,
          `/include/ cycle: ${cycle}`,
          span,
          '/include/ has no include guards: remove one of the includes in the cycle',
        );
        return;
      }
      if (this.totalLimitHit) return;
      this.splicedBytes += r.value.length;
      const maxTotal = this.options.totalInputSize ?? DEFAULT_LIMITS.totalInputSize;
      if (this.splicedBytes > maxTotal) {
        this.totalLimitHit = true;
        this.error(
          limitInfo('totalInputSize').code,
          `the files spliced by /include/ add up to more than ${maxTotal} bytes, over the total-input-size limit`,
          span,
          limitHint('totalInputSize', maxTotal),
        );
        return;
      }
      if (!this.dependencies.includes(path)) this.dependencies.push(path);
      this.open.push(currentFile);
      this.scan(SourceText.fromFile(path, r.value), path, depth + 1);
      this.open.pop();
      return;
    }
    this.error(
      'dtc/include-not-found',
      `Couldn't open "${name}": No such file or directory`,
      span,
      includeDirs.length > 0
        ? `searched next to ${currentFile}, then ${includeDirs.join(', ')}`
        : 'add a search folder with -i',
    );
  }

  /** Copies input [a, b) keeping each piece's origin (or the line marker's, for verbatim text). */
  private copy(
    src: SourceText,
    a: number,
    b: number,
    override: Override | undefined,
    newlines: number[],
  ): void {
    if (a >= b) return;
    const segs = src.segments;
    let k = segmentIndex(segs, a);
    let x = a;
    while (x < b) {
      const seg = segs[k];
      const next = segs[k + 1];
      const y = next && next.start < b ? next.start : b;
      if (seg && y > x) {
        const piece = src.text.slice(x, y);
        if (!seg.verbatim) this.builder.appendGenerated(piece, seg.file, seg.line, seg.col, seg.macros);
        else {
          const pos = src.position(x);
          if (override) {
            const line = override.line + countBetween(newlines, override.offset, x);
            this.builder.appendVerbatim(piece, override.file, line, pos.col);
          } else this.builder.appendVerbatim(piece, pos.file, pos.line, pos.col);
        }
      }
      x = y;
      k++;
    }
  }

  private error(code: string, message: string, span: Span, hint: string | undefined): void {
    this.diagnostics.push({ code, severity: 'error', message, span, ...(hint ? { hint } : {}) });
  }
}

/** End offset of a quoted literal starting at `i`, or -1 when it is not closed (dtc's STRING/char rules). */
function skipQuoted(text: string, i: number, quote: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x5c) j++;
    else if (c === quote) return j + 1;
    else if (quote === 0x27 && c === 0x0a) return -1;
  }
  return -1;
}

function segmentIndex(segs: SourceText['segments'], offset: number): number {
  let lo = 0;
  let hi = segs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((segs[mid]?.start ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function newlineOffsets(text: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) out.push(i);
  return out;
}

/** Number of newlines in [from, to). */
function countBetween(newlines: number[], from: number, to: number): number {
  return lowerBound(newlines, to) - lowerBound(newlines, from);
}

function lineStartOf(newlines: number[], offset: number): number {
  const k = lowerBound(newlines, offset);
  return k === 0 ? 0 : (newlines[k - 1] as number) + 1;
}

function lowerBound(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** dtc's data_copy_escape_string, for file names: C escapes, octal and hex bytes. */
function unescapeName(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|[\s\S])/g, (_, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(Number.parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(Number.parseInt(e, 8) & 0xff);
    const simple: Record<string, string> = {
      n: '\n',
      t: '\t',
      r: '\r',
      a: '\x07',
      b: '\b',
      f: '\f',
      v: '\v',
    };
    return simple[e] ?? e;
  });
}
