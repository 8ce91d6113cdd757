import type { MacroFrame } from '../diagnostics/diagnostic.js';
import type { SourceText } from '../source/source-text.js';
import { SourceTextBuilder } from '../source/source-text.js';
import type { LexedFile, Token } from './tokens.js';

/** Where a printed token came from, for the origin map. */
export interface Attribution {
  file: string;
  line: number;
  col: number;
  macros?: MacroFrame[];
}

/**
 * Writes the preprocessed text and its origin map. Text copied from a file goes in as verbatim runs
 * (whitespace between tokens of one line is copied too, so a plain line stays one segment); expanded
 * text goes in as generated runs attributed to the invocation, with its macro frames.
 */
export class OutputWriter {
  private readonly builder = new SourceTextBuilder();
  /** Pending generated text, flushed when the attribution changes. */
  private genParts: string[] = [];
  private genAt: Attribution | undefined;
  /**
   * Pending verbatim run: a slice [start, end) of one file's text. Tokens, the blanks between them,
   * indentation and newlines usually continue it, so a plain stretch of a file becomes one slice.
   */
  private runFile: LexedFile | undefined;
  private runPresumed = '';
  private runDelta = 0;
  private runStart = 0;
  private runEnd = 0;
  private runLine = 0;
  private runCol = 0;
  /** The last verbatim token written: lets us copy the exact whitespace up to the next one. */
  private lastFile: LexedFile | undefined;
  private lastEnd = 0;
  private lastLine = 0;

  /** A newline ending output line `line` of `file` (copied from the file when it ends that line). */
  newline(file: string, line: number, lexed: LexedFile | undefined, delta: number): void {
    this.flushGenerated();
    if (lexed) {
      const phys = line - delta;
      const ls = lexed.lineStarts;
      const start = ls[phys - 1];
      const next = ls[phys];
      if (start !== undefined && next !== undefined) {
        this.piece(lexed, file, delta, next - 1, next, line, next - start);
        this.lastFile = undefined;
        return;
      }
    }
    this.flushRun();
    this.builder.appendVerbatim('\n', file, line, 1);
    this.lastFile = undefined;
  }

  /**
   * A token spelled in a file and printed as is. `space` says whether cpp would print a space before
   * it; `lineStart` that it is the first token of an output line (its indentation may be copied).
   */
  verbatim(tok: Token, presumedFile: string, delta: number, space: boolean, lineStart: boolean): void {
    this.copy(
      tok.file as LexedFile,
      tok.offset,
      tok.offset + tok.rawLength,
      tok.line,
      tok.col,
      tok.rawLength === tok.text.length ? undefined : tok.text,
      presumedFile,
      delta,
      space,
      lineStart,
    );
  }

  /** `verbatim` for the token at index `i` of `lexed`, without making a Token object. */
  verbatimAt(
    lexed: LexedFile,
    i: number,
    presumedFile: string,
    delta: number,
    space: boolean,
    lineStart: boolean,
  ): void {
    const start = lexed.starts[i] as number;
    const line = lexed.lines[i] as number;
    this.copy(
      lexed,
      start,
      lexed.ends[i] as number,
      line,
      start - (lexed.lineStarts[line - 1] as number) + 1,
      lexed.spliced.size > 0 ? lexed.spliced.get(i) : undefined,
      presumedFile,
      delta,
      space,
      lineStart,
    );
  }

  /**
   * Whether the last token went into the pending run of `lexed`, so that a PLAIN token (see
   * tokens.ts) right after it can be printed by `extendRun`: `verbatim` would append its blanks and
   * its spelling to the same run.
   */
  canExtend(lexed: LexedFile, presumedFile: string, delta: number): boolean {
    return (
      this.genAt === undefined &&
      this.lastFile === lexed &&
      this.runFile === lexed &&
      this.runEnd === this.lastEnd &&
      this.runPresumed === presumedFile &&
      this.runDelta === delta
    );
  }

  /** Prints the PLAIN tokens up to raw offset `end` of the pending run's file (see canExtend). */
  extendRun(end: number): void {
    this.runEnd = end;
    this.lastEnd = end;
  }

  /** The body of `verbatim`; `spelled` is the token's text when it differs from the raw slice. */
  private copy(
    lexed: LexedFile,
    offset: number,
    end: number,
    physLine: number,
    col: number,
    spelled: string | undefined,
    presumedFile: string,
    delta: number,
    space: boolean,
    lineStart: boolean,
  ): void {
    this.flushGenerated();
    const line = physLine + delta;
    if (space) {
      const text = lexed.text;
      let gapStart = -1;
      if (this.lastFile === lexed && this.lastLine === physLine && this.runPresumed === presumedFile)
        gapStart = this.lastEnd;
      else if (lineStart) gapStart = lexed.lineStarts[physLine - 1] ?? -1;
      if (gapStart >= 0 && gapStart < offset && isBlank(text, gapStart, offset)) {
        this.piece(lexed, presumedFile, delta, gapStart, offset, line, col - (offset - gapStart));
      } else {
        this.flushRun();
        if (col > 1) this.builder.appendVerbatim(' ', presumedFile, line, col - 1);
        else this.builder.appendGenerated(' ', presumedFile, line, col);
      }
    }
    if (spelled === undefined) this.piece(lexed, presumedFile, delta, offset, end, line, col);
    else {
      this.flushRun();
      this.builder.appendGenerated(spelled, presumedFile, line, col);
    }
    this.lastFile = lexed;
    this.lastEnd = end;
    this.lastLine = physLine;
  }

  /** Expanded text (a token and the space before it) attributed to one position. */
  generated(text: string, space: boolean, at: Attribution): void {
    if (this.genAt !== at) {
      this.flushGenerated();
      this.flushRun();
      this.genAt = at;
    }
    if (space) this.genParts.push(' ');
    this.genParts.push(text);
    this.lastFile = undefined;
  }

  build(): SourceText {
    this.flushGenerated();
    this.flushRun();
    return this.builder.build();
  }

  private piece(
    lexed: LexedFile,
    presumed: string,
    delta: number,
    start: number,
    end: number,
    line: number,
    col: number,
  ): void {
    if (
      this.runFile === lexed &&
      this.runEnd === start &&
      this.runPresumed === presumed &&
      this.runDelta === delta
    ) {
      this.runEnd = end;
      return;
    }
    this.flushRun();
    this.runFile = lexed;
    this.runPresumed = presumed;
    this.runDelta = delta;
    this.runStart = start;
    this.runEnd = end;
    this.runLine = line;
    this.runCol = col;
  }

  private flushRun(): void {
    const f = this.runFile;
    if (!f) return;
    this.builder.appendVerbatim(
      f.text.slice(this.runStart, this.runEnd),
      this.runPresumed,
      this.runLine,
      this.runCol,
    );
    this.runFile = undefined;
  }

  private flushGenerated(): void {
    const at = this.genAt;
    if (!at) return;
    this.builder.appendGenerated(this.genParts.join(''), at.file, at.line, at.col, at.macros);
    this.genParts = [];
    this.genAt = undefined;
  }
}

function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09) return false;
  }
  return true;
}
