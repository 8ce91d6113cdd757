import type { MacroFrame, Span } from '../diagnostics/diagnostic.js';

/**
 * The text the lexer reads, assembled from one or more files (after preprocessing and `/include/`),
 * with an origin map that takes any offset back to the file, line and column it came from.
 *
 * The origin map is a list of segments sorted by `start`. A verbatim segment is a run of output that
 * is a byte-for-byte copy of a run of its file, so positions inside it advance with the text. A
 * non-verbatim segment is text produced by a macro expansion: every offset in it resolves to the
 * segment's own position (the macro invocation) plus the expansion frames.
 */
export interface Segment {
  /** Offset in the assembled text where this segment starts; it ends where the next one starts. */
  start: number;
  /** File the text came from, as cpp/dtc would print it (follows `# N "file"` line markers). */
  file: string;
  /** 1-based line and column of `start` within `file`. */
  line: number;
  col: number;
  verbatim: boolean;
  /** For expanded text: the expansions it came through, outermost first. */
  macros?: MacroFrame[];
}

export interface Position {
  file: string;
  line: number;
  col: number;
  macros?: MacroFrame[];
}

export class SourceText {
  private newlines: number[] | undefined;

  constructor(
    /** The assembled text; latin1, one char per input byte. */
    readonly text: string,
    /** Segments sorted by start; the first must start at 0. */
    readonly segments: readonly Segment[],
  ) {}

  /** A source that is exactly one file. */
  static fromFile(file: string, text: string): SourceText {
    return new SourceText(text, [{ start: 0, file, line: 1, col: 1, verbatim: true }]);
  }

  /** Position of an offset (clamped into the text). */
  position(offset: number): Position {
    const segment = this.segmentAt(offset);
    if (!segment) return { file: '<unknown>', line: 1, col: 1 };
    if (!segment.verbatim) {
      return {
        file: segment.file,
        line: segment.line,
        col: segment.col,
        ...(segment.macros ? { macros: segment.macros } : {}),
      };
    }
    const nl = this.newlineOffsets();
    // Newlines in [segment.start, offset): the line advances by their count.
    const first = lowerBound(nl, segment.start);
    const last = lowerBound(nl, offset);
    const lines = last - first;
    if (lines === 0)
      return { file: segment.file, line: segment.line, col: segment.col + (offset - segment.start) };
    const lineStart = nl[last - 1]! + 1;
    return { file: segment.file, line: segment.line + lines, col: offset - lineStart + 1 };
  }

  /** Span of [start, end); the end column is exclusive, as dtc prints it. */
  span(start: number, end: number): Span {
    const a = this.position(start);
    const b = end > start ? this.position(end - 1) : a;
    const sameSegment = this.segmentAt(start) === this.segmentAt(Math.max(start, end - 1));
    let endLine = b.line;
    let endCol = b.col + (end > start ? 1 : 0);
    if (b.file !== a.file || (!sameSegment && (b.line < a.line || (b.line === a.line && endCol <= a.col)))) {
      // The range crosses files or macro boundaries in a way that cannot be shown as one range:
      // point at its start.
      endLine = a.line;
      endCol = a.col + 1;
    }
    return {
      file: a.file,
      line: a.line,
      col: a.col,
      endLine,
      endCol,
      ...(a.macros ? { macros: a.macros } : {}),
    };
  }

  private segmentAt(offset: number): Segment | undefined {
    const segs = this.segments;
    let lo = 0;
    let hi = segs.length - 1;
    if (hi < 0) return undefined;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segs[mid]!.start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return segs[lo];
  }

  private newlineOffsets(): number[] {
    if (!this.newlines) {
      const nl: number[] = [];
      const t = this.text;
      let i = t.indexOf('\n');
      while (i !== -1) {
        nl.push(i);
        i = t.indexOf('\n', i + 1);
      }
      this.newlines = nl;
    }
    return this.newlines;
  }
}

/** First index whose value is >= x. */
function lowerBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Builds a SourceText piece by piece. The preprocessor and the `/include/` assembler append runs of
 * text with their origin; adjacent runs that continue each other are merged.
 */
export class SourceTextBuilder {
  private readonly parts: string[] = [];
  private readonly segments: Segment[] = [];
  private length = 0;
  /** Where the last verbatim run ended, so that a run continuing it does not open a new segment. */
  private verbatimEnd: { file: string; line: number; col: number; offset: number } | undefined;

  get offset(): number {
    return this.length;
  }

  /** Appends text copied verbatim from `file` starting at `line`:`col`. */
  appendVerbatim(text: string, file: string, line: number, col: number): void {
    if (text.length === 0) return;
    const end = this.verbatimEnd;
    const continues =
      end !== undefined &&
      end.offset === this.length &&
      end.file === file &&
      end.line === line &&
      end.col === col;
    if (!continues) this.pushSegment({ start: this.length, file, line, col, verbatim: true });
    this.parts.push(text);
    this.length += text.length;
    const nl = text.lastIndexOf('\n');
    this.verbatimEnd =
      nl === -1
        ? { file, line, col: col + text.length, offset: this.length }
        : { file, line: line + countNewlines(text), col: text.length - nl, offset: this.length };
  }

  /** Appends generated text (a macro expansion, an inserted space) attributed to one position. */
  appendGenerated(text: string, file: string, line: number, col: number, macros?: MacroFrame[]): void {
    if (text.length === 0) return;
    this.pushSegment({
      start: this.length,
      file,
      line,
      col,
      verbatim: false,
      ...(macros && macros.length > 0 ? { macros } : {}),
    });
    this.parts.push(text);
    this.length += text.length;
    this.verbatimEnd = undefined;
  }

  build(): SourceText {
    const text = this.parts.join('');
    if (this.segments.length === 0)
      this.segments.push({ start: 0, file: '<empty>', line: 1, col: 1, verbatim: true });
    return new SourceText(text, this.segments);
  }

  private pushSegment(segment: Segment): void {
    const last = this.segments[this.segments.length - 1];
    if (last && last.start === segment.start) this.segments[this.segments.length - 1] = segment;
    else this.segments.push(segment);
  }
}

function countNewlines(s: string): number {
  let n = 0;
  let i = s.indexOf('\n');
  while (i !== -1) {
    n++;
    i = s.indexOf('\n', i + 1);
  }
  return n;
}
