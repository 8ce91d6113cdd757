import type { Diagnostic, MacroFrame, Span } from '../diagnostics/diagnostic.js';
import { INCLUDE_CYCLE_CODE, limitHint, limitInfo } from '../limits.js';
import { type FileRefusal, type FileSystem, searchFiles } from '../source/file-system.js';
import { dirname, joinPath } from '../source/paths.js';
import type { SourceText } from '../source/source-text.js';
import type { PreprocessCache } from './cache.js';
import { evaluateExpression } from './expression.js';
import { lexSingleToken } from './lexer.js';
import { MacroTable } from './macro-table.js';
import { type Attribution, OutputWriter } from './output.js';
import {
  avoidPaste,
  BOL,
  type BuiltinMacro,
  HASH,
  type LexedFile,
  type MacroDef,
  makeToken,
  type NameTable,
  NO_EXPAND,
  PASTE_LEFT,
  PLAIN,
  PREV_WHITE,
  paddingToken,
  STRINGIFY_ARG,
  Token,
  TokType,
  tokenAt,
} from './tokens.js';

/** Blank lines emitted at most to catch the output up with a jump in the source's line numbers. */
const MAX_BLANK_LINES = 1 << 16;
/** The largest line number `#line` and line markers accept (cpp's own limit). */
const MAX_LINE_NUMBER = 2_147_483_647;
/**
 * The preprocessing engine. Its structure follows gcc's libcpp closely on purpose: a stack of token
 * contexts over a line-oriented lexer, padding tokens that carry "was there whitespace here", lazy
 * popping of contexts (which decides when a macro may expand again), argument pre-expansion, and the
 * printer's rule for spaces. dtc is whitespace-sensitive (`label:`, `&ref`, `gpio@ADDR`), so printing
 * exactly the spaces cpp prints is part of the contract, not cosmetics.
 */

export interface EngineOptions {
  includeDirs: string[];
  fs: FileSystem;
  cache: PreprocessCache;
  includeDepth: number;
  expansionBudget: number;
  /** Bytes of all files entered, counting each entry (the `total-input-size` limit). */
  totalInputSize: number;
}

interface Reader {
  lexed: LexedFile;
  pos: number;
  /** Path the file was opened with (its folder is searched first for `#include "…"`). */
  path: string;
  presumedFile: string;
  /** Presumed line minus physical line (changed by `#line` and line markers). */
  lineDelta: number;
  /**
   * Earlier (first physical line, delta, presumed file) settings, oldest first, so a token read
   * before a `#line` (an unterminated macro call's name) keeps the numbering it was read under.
   */
  lineMarks?: { from: number; delta: number; file: string }[];
  /** Index in includeDirs where it was found (-1: next to its includer, or the main file). */
  dirIndex: number;
  condDepth: number;
}

interface Context {
  tokens: Token[];
  pos: number;
  macro: MacroDef | null;
}

interface Conditional {
  wasSkipping: boolean;
  /** A branch was taken (or we were skipping already): every later branch is skipped. */
  skipElses: boolean;
  sawElse: boolean;
  span: Span;
  directive: string;
}

interface MacroArg {
  /** Unexpanded tokens; null when a variadic argument was omitted entirely (GNU `, ## args`). */
  first: Token[] | null;
  expanded: Token[] | null;
  stringified: Token | null;
}

/** The outermost macro invocation being expanded; its attribution is built when first needed. */
interface Invocation {
  macro: MacroDef;
  name: Token;
  lexed: LexedFile | null;
  presumedFile: string;
  delta: number;
  frame?: MacroFrame;
  at?: Attribution;
  inner?: Map<MacroDef, Attribution>;
}

const EOF_LINE = makeToken(TokType.Eof, '');
const EOF_FILE = makeToken(TokType.Eof, '');
const ENDARG = makeToken(TokType.Eof, '');
const AVOID_PASTE = paddingToken(null);

const CONDITIONALS = new Set(['if', 'ifdef', 'ifndef', 'elif', 'elifdef', 'elifndef', 'else', 'endif']);
const DIRECTIVES = new Set([
  ...CONDITIONALS,
  'define',
  'undef',
  'include',
  'include_next',
  'import',
  'line',
  'error',
  'warning',
  'pragma',
  'ident',
  'sccs',
  'assert',
  'unassert',
]);

let runCounter = 0;

export class Preprocessor {
  readonly diagnostics: Diagnostic[] = [];
  readonly dependencies: string[] = [];
  private readonly depSet = new Set<string>();
  private readonly macros: MacroTable;
  /** NameTable id of `define` (the fast path installs cached definitions itself). */
  private readonly defineId: number;
  private readonly contexts: Context[] = [];
  private readonly readers: Reader[] = [];
  private readonly lookahead: Token[] = [];
  private readonly conds: Conditional[] = [];
  private readonly onceFiles = new Set<string>();
  private readonly out = new OutputWriter();

  private inDirective = false;
  private directiveWantsPadding = false;
  private parsingArgs = 0;
  private preventExpansion = 0;
  private skipping = false;
  private aboutToExpand = false;
  /** Whether the token getToken just returned came straight from a file (not from an expansion). */
  private lastDirect = false;
  private invocation: Invocation | undefined;
  private budgetLeft: number;
  private budgetExceeded = false;
  /** The include-depth limit was reached once (see doInclude). */
  private includeLimitHit = false;
  /** Bytes of the files entered so far, and whether total-input-size was reached. */
  private enteredBytes = 0;
  private totalLimitHit = false;
  private counter = 0;
  /** Distinguishes this run's "macro disabled" marks on definitions shared through the cache. */
  private readonly runId = ++runCounter;
  private baseFile = '';

  // Printer state (gcc's `print` struct and scan_translation_unit locals).
  private avoidPasteFlag = false;
  private printSource: Token | null = null;
  private printPrev: Token | null = null;
  private outFile = '';
  private outLine = 0;
  private printed = false;
  private lineStart = true;

  constructor(private readonly opts: EngineOptions) {
    this.budgetLeft = opts.expansionBudget;
    this.macros = new MacroTable(opts.cache.names);
    this.defineId = opts.cache.names.idOf('define');
    const builtins: [string, BuiltinMacro][] = [
      ['__FILE__', 'FILE'],
      ['__LINE__', 'LINE'],
      ['__COUNTER__', 'COUNTER'],
      ['__INCLUDE_LEVEL__', 'INCLUDE_LEVEL'],
      ['__BASE_FILE__', 'BASE_FILE'],
      ['__DATE__', 'DATE'],
      ['__TIME__', 'TIME'],
      ['__TIMESTAMP__', 'TIMESTAMP'],
    ];
    for (const [name, builtin] of builtins)
      this.macros.set(name, {
        name,
        funLike: false,
        params: [],
        variadic: false,
        tokens: [],
        disabledBy: 0,
        builtin,
      });
  }

  /** Runs command-line style definitions (`#define`/`#undef` lines) without producing output. */
  runPrelude(text: string): void {
    const lexed = this.opts.cache.lex('<command-line>', text);
    this.pushReader(lexed, '<command-line>', -1);
    while (this.readers.length > 0) this.getToken();
  }

  /** Preprocesses a whole translation unit. */
  run(lexed: LexedFile, path: string): SourceText {
    this.baseFile = path;
    this.addDependency(path);
    this.pushReader(lexed, path, -1);
    for (;;) {
      if (this.contexts.length === 0 && this.lookahead.length === 0 && !this.avoidPasteFlag && !this.skipping)
        this.copyPlainTokens();
      const tok = this.getToken();
      if (tok.type === TokType.Padding) {
        this.avoidPasteFlag = true;
        const src = this.printSource;
        if (src === null || (!(src.flags & PREV_WHITE) && tok.source === null)) this.printSource = tok.source;
        continue;
      }
      if (tok.type === TokType.Eof) {
        if (this.readers.length === 0 && this.contexts.length === 0) break;
        continue;
      }
      let space: boolean;
      if (this.avoidPasteFlag) {
        const src = this.printSource ?? tok;
        const prev = this.printPrev;
        space =
          (src.flags & PREV_WHITE) !== 0 ||
          (prev !== null && avoidPaste(prev, tok)) ||
          (prev === null && tok.is('#'));
      } else space = (tok.flags & PREV_WHITE) !== 0;
      this.avoidPasteFlag = false;
      this.printSource = null;
      this.printPrev = tok;
      this.emit(tok, space);
    }
    if (this.printed) this.out.newline(this.outFile, this.outLine, undefined, 0);
    return this.out.build();
  }

  /**
   * The common case without the token machinery: tokens straight from the current file that start no
   * directive and name no macro print exactly as getToken + emit would print them (same line changes,
   * same spaces, same output runs), and a `#define` line already parsed for this file position is
   * installed as doDefine would install it. Stops at the first token that needs more (a macro name,
   * another directive, the end of the file) and leaves it to getToken.
   */
  private copyPlainTokens(): void {
    const reader = last(this.readers);
    if (reader === undefined) return;
    const lexed = reader.lexed;
    const { count, flags, names, ends } = lexed;
    const macros = this.macros;
    const out = this.out;
    const presumed = reader.presumedFile;
    const delta = reader.lineDelta;
    let pos = reader.pos;
    let lastPrinted = -1;
    let lastRead = -1;
    // PLAIN tokens after a token that went into the output run only move the run's end.
    let canExtend = false;
    let extendTo = -1;
    while (pos < count) {
      const id = names[pos] as number;
      if (id >= 0 && macros.hasId(id)) break;
      const f = flags[pos] as number;
      if (f & PLAIN && canExtend) {
        extendTo = ends[pos] as number;
        lastPrinted = pos;
        lastRead = pos;
        pos++;
        continue;
      }
      if ((f & (BOL | HASH)) === (BOL | HASH)) {
        reader.pos = pos;
        if (!this.installCachedDefine(reader)) break;
        lastRead = -1;
        pos = reader.pos;
        canExtend = false;
        continue;
      }
      if (extendTo >= 0) {
        out.extendRun(extendTo);
        extendTo = -1;
      }
      if (f & BOL) this.lineChange(lexed.lines[pos] as number);
      out.verbatimAt(lexed, pos, presumed, delta, (f & PREV_WHITE) !== 0, this.lineStart);
      this.printed = true;
      this.lineStart = false;
      canExtend = out.canExtend(lexed, presumed, delta);
      pos++;
      lastPrinted = pos - 1;
      lastRead = pos - 1;
    }
    if (extendTo >= 0) out.extendRun(extendTo);
    reader.pos = pos;
    if (lastRead >= 0) this.lastLexed = tokenAt(lexed, this.opts.cache.names, lastRead);
    if (lastPrinted >= 0) {
      this.lastDirect = true;
      this.printPrev = tokenAt(lexed, this.opts.cache.names, lastPrinted);
      this.printSource = null;
    }
  }

  /**
   * If the reader is at a `#define` line that doDefine already parsed for this file position (and
   * presumed file/line), installs it and skips the line: what handleDirective would do, minus the
   * work. Only for a line read straight from the file with nothing pending (no lookahead, not in a
   * directive, not collecting arguments, not skipping). Returns false, doing nothing, otherwise.
   */
  private installCachedDefine(reader: Reader): boolean {
    const lexed = reader.lexed;
    const hash = reader.pos;
    if (
      this.lookahead.length !== 0 ||
      hash + 2 >= lexed.count ||
      lexed.names[hash + 1] !== this.defineId ||
      (lexed.flags[hash + 1] as number) & BOL ||
      (lexed.flags[hash + 2] as number) & BOL
    )
      return false;
    const hit = lexed.defines?.get(hash + 2);
    if (!hit || hit.presumedFile !== reader.presumedFile || hit.lineDelta !== reader.lineDelta) return false;
    const names = this.opts.cache.names;
    this.lastLexed = tokenAt(lexed, names, hash + 1);
    reader.pos = hit.end;
    this.installMacro(hit.macro, tokenAt(lexed, names, hash + 2));
    return true;
  }

  // ---------------------------------------------------------------- output

  private emit(tok: Token, space: boolean): void {
    const reader = last(this.readers);
    if (this.lastDirect && reader && tok.file === reader.lexed) {
      this.out.verbatim(tok, reader.presumedFile, reader.lineDelta, space, this.lineStart);
    } else {
      this.out.generated(tok.text, space, this.attributionFor(tok));
    }
    this.printed = true;
    this.lineStart = false;
  }

  /** gcc's cb_line_change: a new logical line starts at physical line `physLine` of the current file. */
  private lineChange(physLine: number): void {
    if (this.parsingArgs) return;
    const reader = last(this.readers) as Reader;
    const file = reader.presumedFile;
    const line = physLine + reader.lineDelta;
    if (this.printed) {
      this.out.newline(
        this.outFile,
        this.outLine,
        this.outFile === file ? reader.lexed : undefined,
        reader.lineDelta,
      );
      this.outLine++;
    }
    if (file === this.outFile) {
      // Blank lines keep the output in step with the source, as cpp's do. A `#line` or `# N`
      // marker can jump by 2^64 lines: past a bound the output just moves on (cpp prints a line
      // marker there; our origin map carries the numbering either way).
      const until = Math.min(line, this.outLine + MAX_BLANK_LINES);
      while (until > this.outLine) {
        this.out.newline(file, this.outLine, reader.lexed, reader.lineDelta);
        this.outLine++;
      }
    }
    this.outFile = file;
    this.outLine = line;
    this.printed = false;
    this.lineStart = true;
    this.printPrev = null;
    this.printSource = null;
  }

  private attributionFor(tok: Token): Attribution {
    const inv = this.invocation;
    if (!inv) {
      const reader = last(this.readers);
      const t = this.lastLexed;
      return {
        file: reader?.presumedFile ?? this.baseFile,
        line: t ? t.line + (reader?.lineDelta ?? 0) : 1,
        col: t ? t.col : 1,
      };
    }
    const frame = invocationFrame(inv);
    if (tok.file !== null && tok.macro === null && tok.file === inv.lexed)
      return { file: inv.presumedFile, line: tok.line + inv.delta, col: tok.col, macros: [frame] };
    inv.at ??= {
      file: inv.presumedFile,
      line: frame.invocation.line,
      col: frame.invocation.col,
      macros: [frame],
    };
    const m = tok.macro;
    if (m !== null && m !== inv.macro) {
      inv.inner ??= new Map();
      let at = inv.inner.get(m);
      if (!at) {
        const frames = [frame, { name: m.name, invocation: frame.invocation, ...defSpan(m) }];
        at = { file: inv.at.file, line: inv.at.line, col: inv.at.col, macros: frames };
        inv.inner.set(m, at);
      }
      return at;
    }
    return inv.at;
  }

  private recordInvocation(name: Token, macro: MacroDef): void {
    const reader = last(this.readers);
    const direct = reader !== undefined && name.file === reader.lexed;
    this.invocation = {
      macro,
      name,
      lexed: direct ? reader.lexed : null,
      presumedFile: direct ? reader.presumedFile : (name.file?.path ?? this.baseFile),
      delta: direct ? reader.lineDelta : 0,
    };
  }

  // ---------------------------------------------------------------- token stream

  private lastLexed: Token | undefined;

  /** cpp_get_token: the next token after macro expansion, with padding tokens. */
  private getToken(): Token {
    for (;;) {
      let result: Token;
      let direct = false;
      const ctx = last(this.contexts);
      if (ctx === undefined) {
        result = this.lexToken();
        direct = true;
      } else if (ctx.pos < ctx.tokens.length) {
        result = ctx.tokens[ctx.pos++] as Token;
        if (result.flags & PASTE_LEFT) {
          this.pasteAll(result);
          if (this.inDirective) continue;
          this.lastDirect = false;
          return paddingToken(result);
        }
      } else {
        this.popContext();
        if (this.inDirective) continue;
        this.lastDirect = false;
        return AVOID_PASTE;
      }
      this.lastDirect = direct;
      if (result.type !== TokType.Name || result.flags & NO_EXPAND || this.budgetExceeded) return result;
      const macro = this.macros.get(result.text);
      if (macro === undefined) return result;
      if (macro.disabledBy === this.runId) return result.withFlags(result.flags | NO_EXPAND);
      if (!this.inMacroExpansion() && !this.inDirective) this.recordInvocation(result, macro);
      if (this.preventExpansion) return result;
      if (this.enterMacroContext(macro, result)) {
        if (this.inDirective) continue;
        this.lastDirect = false;
        return paddingToken(result);
      }
      this.lastDirect = direct;
      return result;
    }
  }

  private inMacroExpansion(): boolean {
    if (this.aboutToExpand) return true;
    const ctx = last(this.contexts);
    return ctx !== undefined && ctx.macro !== null;
  }

  /** _cpp_lex_token: the next token from the files, running directives and skipping failed groups. */
  private lexToken(): Token {
    for (;;) {
      let tok: Token;
      const la = this.lookahead.pop();
      if (la !== undefined) tok = la;
      else {
        const reader = last(this.readers);
        if (reader === undefined) return EOF_FILE;
        const lexed = reader.lexed;
        if (reader.pos >= lexed.count) {
          if (this.inDirective) return EOF_LINE;
          if (this.parsingArgs) return EOF_FILE;
          this.popReader();
          continue;
        }
        const f = lexed.flags[reader.pos] as number;
        if (f & BOL) {
          if (this.inDirective) return EOF_LINE;
          // A run of `#define`s (a header's body): install the cached ones without the directive machinery.
          if (
            (f & HASH) !== 0 &&
            this.parsingArgs === 0 &&
            !this.skipping &&
            this.installCachedDefine(reader)
          )
            continue;
        }
        tok = tokenAt(lexed, this.opts.cache.names, reader.pos++);
      }
      // A new line inside a macro's argument list counts as whitespace (gcc's parsing_args == 2).
      if (tok.flags & BOL && this.parsingArgs === 2 && !(tok.flags & PREV_WHITE))
        tok = tok.withFlags(tok.flags | PREV_WHITE);
      this.lastLexed = tok;
      if (tok.flags & BOL && !this.inDirective) {
        if (tok.type === TokType.Punct && tok.text === '#' && this.parsingArgs !== 1) {
          if (this.handleDirective(tok)) continue;
        }
        if (!this.skipping) this.lineChange(tok.line);
      }
      if (this.inDirective || !this.skipping) return tok;
      this.skipGroup();
    }
  }

  /** In a failed conditional group: jump to the next line that starts with `#`. */
  private skipGroup(): void {
    const reader = last(this.readers);
    if (!reader) return;
    const { flags, count } = reader.lexed;
    let i = reader.pos;
    while (i < count && ((flags[i] as number) & (BOL | HASH)) !== (BOL | HASH)) i++;
    reader.pos = i;
  }

  private backup(tok: Token): void {
    const ctx = last(this.contexts);
    if (ctx === undefined) this.lookahead.push(tok);
    else ctx.pos--;
  }

  private pushContext(tokens: Token[], macro: MacroDef | null): void {
    this.budgetLeft -= tokens.length;
    if (this.budgetLeft < 0 && !this.budgetExceeded) {
      this.budgetExceeded = true;
      const inv = this.invocation ? invocationFrame(this.invocation).invocation : undefined;
      this.report(
        'error',
        limitInfo('expansionBudget').code,
        `macro expansion produced more than ${this.opts.expansionBudget} tokens, over the macro-expansion limit; expansion stopped`,
        inv ?? this.currentSpan(),
        `a macro that expands to several copies of itself? ${limitHint('expansionBudget', this.opts.expansionBudget)}`,
      );
    }
    this.contexts.push({ tokens, pos: 0, macro });
  }

  private popContext(): void {
    const ctx = this.contexts.pop() as Context;
    const m = ctx.macro;
    if (m !== null) {
      const below = last(this.contexts);
      if (!below || below.macro !== m) m.disabledBy = 0;
    }
  }

  private macroOfContext(): MacroDef | null {
    return last(this.contexts)?.macro ?? null;
  }

  // ---------------------------------------------------------------- macro expansion

  private enterMacroContext(macro: MacroDef, name: Token): boolean {
    const savedAboutToExpand = this.aboutToExpand;
    this.aboutToExpand = true;
    if (macro.builtin) {
      const tok = this.builtinToken(macro.builtin, name);
      this.aboutToExpand = savedAboutToExpand;
      this.pushContext([tok], macro);
      return true;
    }
    if (macro.funLike) {
      this.preventExpansion++;
      this.parsingArgs = 1;
      const args = this.funlikeInvocation(macro, name);
      this.parsingArgs = 0;
      this.preventExpansion--;
      if (args === null) {
        this.aboutToExpand = savedAboutToExpand;
        return false;
      }
      if (macro.params.length > 0) this.replaceArgs(macro, args);
    }
    macro.disabledBy = this.runId;
    if (macro.params.length === 0) this.pushContext(macro.tokens, macro);
    this.aboutToExpand = savedAboutToExpand;
    return true;
  }

  private funlikeInvocation(macro: MacroDef, name: Token): MacroArg[] | null {
    let padding: Token | null = null;
    let tok: Token;
    for (;;) {
      tok = this.getToken();
      if (tok.type !== TokType.Padding) break;
      if (padding === null || tok.source === null) padding = tok;
    }
    if (tok.is('(')) {
      this.parsingArgs = 2;
      return this.collectArgs(macro, name);
    }
    if (tok.type !== TokType.Eof || tok === ENDARG) {
      this.backup(tok);
      if (padding) this.pushContext([padding], this.macroOfContext());
    }
    return null;
  }

  private collectArgs(macro: MacroDef, name: Token): MacroArg[] | null {
    const paramc = macro.params.length;
    const args: MacroArg[] = [];
    let argc = 0;
    let tok: Token;
    do {
      argc++;
      const toks: Token[] = [];
      let depth = 0;
      for (;;) {
        tok = this.getToken();
        if (tok.type === TokType.Padding) {
          if (toks.length === 0) continue;
        } else if (tok.type === TokType.Punct) {
          if (tok.text === '(') depth++;
          else if (tok.text === ')') {
            if (depth-- === 0) break;
          } else if (tok.text === ',') {
            if (depth === 0 && !(macro.variadic && argc === paramc)) break;
          } else if (tok.text === '#' && tok.flags & BOL) break;
        } else if (tok.type === TokType.Eof) break;
        toks.push(tok);
      }
      while (toks.length > 0 && (toks[toks.length - 1] as Token).type === TokType.Padding) toks.pop();
      if (argc <= Math.max(paramc, 1)) args.push({ first: toks, expanded: null, stringified: null });
      else args[args.length - 1] = { first: toks, expanded: null, stringified: null };
    } while (!tok.is(')') && tok.type !== TokType.Eof);

    if (tok.type === TokType.Eof) {
      if (tok === ENDARG) this.backup(tok);
      this.report(
        'error',
        'pp/macro-arguments',
        `unterminated argument list invoking macro "${macro.name}"`,
        this.tokenSpan(name),
        'add the missing closing parenthesis',
      );
      return null;
    }
    if (argc === 1 && paramc === 0 && (args[0] as MacroArg).first?.length === 0) argc = 0;
    if (argc !== paramc && !(argc + 1 === paramc && macro.variadic)) {
      const message =
        argc < paramc
          ? `macro "${macro.name}" requires ${paramc} arguments, but only ${argc} given`
          : `macro "${macro.name}" passed ${argc} arguments, but takes just ${paramc}`;
      this.report('error', 'pp/macro-arguments', message, this.tokenSpan(name), 'check the macro definition');
      return null;
    }
    while (args.length < paramc) args.push({ first: [], expanded: null, stringified: null });
    // GNU: a variadic argument left out entirely swallows the comma before `## __VA_ARGS__`.
    if (macro.variadic && (argc < paramc || (argc === 1 && (args[0] as MacroArg).first?.length === 0)))
      (args[paramc - 1] as MacroArg).first = null;
    return args;
  }

  private replaceArgs(macro: MacroDef, args: MacroArg[]): void {
    const exp = macro.tokens;
    const wantPadding = !this.inDirective || this.directiveWantsPadding;
    for (let i = 0; i < exp.length; i++) {
      const src = exp[i] as Token;
      if (src.type !== TokType.MacroArg) continue;
      const arg = args[src.argNo - 1] as MacroArg;
      if (src.flags & STRINGIFY_ARG) arg.stringified ??= stringify(arg.first ?? []);
      else if (src.flags & PASTE_LEFT || (i > 0 && (exp[i - 1] as Token).flags & PASTE_LEFT)) continue;
      else if (arg.expanded === null) arg.expanded = this.expandArg(arg.first ?? []);
    }
    const out: Token[] = [];
    for (let i = 0; i < exp.length; i++) {
      const src = exp[i] as Token;
      if (src.type !== TokType.MacroArg) {
        out.push(src);
        continue;
      }
      const arg = args[src.argNo - 1] as MacroArg;
      const afterPaste = i > 0 && ((exp[i - 1] as Token).flags & PASTE_LEFT) !== 0;
      let pasteFlag = -1;
      let from: Token[];
      if (src.flags & STRINGIFY_ARG) from = [arg.stringified as Token];
      else if (src.flags & PASTE_LEFT) from = arg.first ?? [];
      else if (afterPaste) {
        from = arg.first ?? [];
        if (out.length > 0) {
          const last = out[out.length - 1] as Token;
          if (last.is(',') && macro.variadic && src.argNo === macro.params.length) {
            if (arg.first === null) out.pop();
            else pasteFlag = out.length - 1;
          } else if (from.length === 0) pasteFlag = out.length - 1;
        }
      } else from = arg.expanded ?? [];

      if (wantPadding && i > 0 && !afterPaste) out.push(paddingToken(src));
      if (from.length > 0) {
        for (const t of from) out.push(t);
        if (src.flags & PASTE_LEFT) pasteFlag = out.length - 1;
      }
      if (wantPadding && !(src.flags & PASTE_LEFT)) out.push(AVOID_PASTE);
      if (pasteFlag >= 0) {
        const t = out[pasteFlag] as Token;
        const flags = src.flags & PASTE_LEFT ? t.flags | PASTE_LEFT : t.flags & ~PASTE_LEFT;
        if (flags !== t.flags) out[pasteFlag] = t.withFlags(flags);
      }
    }
    this.pushContext(out, macro);
  }

  private expandArg(first: Token[]): Token[] {
    if (first.length === 0) return [];
    const toks = first.slice();
    toks.push(ENDARG);
    this.pushContext(toks, this.macroOfContext());
    const depth = this.contexts.length;
    const expanded: Token[] = [];
    for (;;) {
      const t = this.getToken();
      if (t.type === TokType.Eof) break;
      expanded.push(t);
    }
    // The argument's own context is on top again once its end marker was read.
    while (this.contexts.length >= depth) this.popContext();
    return expanded;
  }

  private pasteAll(first: Token): void {
    const ctx = last(this.contexts) as Context;
    let lhs = first;
    let rhs: Token;
    do {
      const next = ctx.tokens[ctx.pos];
      if (next === undefined) {
        lhs = lhs.withFlags(lhs.flags & ~PASTE_LEFT);
        break;
      }
      rhs = next;
      ctx.pos++;
      const pasted = pasteTokens(lhs, rhs, this.opts.cache.names);
      if (pasted === undefined) {
        // Not one valid token: in assembler mode gcc keeps both, silently.
        lhs = lhs.withFlags(lhs.flags & ~PASTE_LEFT);
        ctx.pos--;
        break;
      }
      lhs = pasted;
    } while (rhs.flags & PASTE_LEFT);
    this.pushContext([lhs], ctx.macro);
  }

  private builtinToken(kind: BuiltinMacro, name: Token): Token {
    const reader = last(this.readers);
    switch (kind) {
      case 'FILE':
        return makeToken(TokType.String, quoteString(reader?.presumedFile ?? this.baseFile));
      case 'BASE_FILE':
        return makeToken(TokType.String, quoteString(this.baseFile));
      case 'LINE': {
        const inv = this.invocation;
        const line = inv ? invocationFrame(inv).invocation.line : name.line + (reader?.lineDelta ?? 0);
        return makeToken(TokType.Number, String(line));
      }
      case 'COUNTER':
        return makeToken(TokType.Number, String(this.counter++));
      case 'INCLUDE_LEVEL':
        return makeToken(TokType.Number, String(Math.max(0, this.readers.length - 1)));
      case 'DATE':
        return makeToken(TokType.String, '"??? ?? ????"');
      case 'TIME':
        return makeToken(TokType.String, '"??:??:??"');
      case 'TIMESTAMP':
        return makeToken(TokType.String, '"??? ??? ?? ??:??:?? ????"');
    }
  }

  // ---------------------------------------------------------------- directives

  /** Returns true when the line was a directive (consumed); false for an assembler `#` line. */
  private handleDirective(hash: Token): boolean {
    const wasParsingArgs = this.parsingArgs;
    const savedPrevent = this.preventExpansion;
    if (wasParsingArgs) {
      this.parsingArgs = 0;
      this.preventExpansion = 0;
    }
    const depth = this.contexts.length;
    this.inDirective = true;
    const dname = this.lexToken();
    let skip = true;
    if (dname.type === TokType.Name && DIRECTIVES.has(dname.text)) {
      if (!this.skipping || CONDITIONALS.has(dname.text)) this.runDirective(dname.text, hash, dname);
    } else if (dname.type === TokType.Number) {
      if (!this.skipping) this.doLineMarker(dname);
    } else if (dname.type !== TokType.Eof) {
      skip = false;
    }
    if (skip) this.skipRestOfLine(depth);
    else this.lookahead.push(dname);
    this.inDirective = false;
    this.directiveWantsPadding = false;
    if (wasParsingArgs) {
      this.parsingArgs = 2;
      this.preventExpansion = savedPrevent;
    }
    return skip;
  }

  private skipRestOfLine(depth: number): void {
    while (this.contexts.length > depth) this.popContext();
    this.lookahead.length = 0;
    const reader = last(this.readers);
    if (!reader) return;
    const { flags, count } = reader.lexed;
    let i = reader.pos;
    while (i < count && !((flags[i] as number) & BOL)) i++;
    reader.pos = i;
  }

  private runDirective(name: string, hash: Token, dname: Token): void {
    switch (name) {
      case 'define':
        this.doDefine();
        return;
      case 'undef':
        this.doUndef();
        return;
      case 'include':
      case 'include_next':
      case 'import':
        this.doInclude(name, hash);
        return;
      case 'if':
      case 'ifdef':
      case 'ifndef':
        this.doIf(name, dname);
        return;
      case 'elif':
      case 'elifdef':
      case 'elifndef':
        this.doElif(name, dname);
        return;
      case 'else':
        this.doElse(dname);
        return;
      case 'endif':
        this.doEndif(dname);
        return;
      case 'line':
        this.doLine(dname);
        return;
      case 'error':
      case 'warning':
        this.doDiagnostic(name, hash);
        return;
      case 'pragma':
        this.doPragma();
        return;
      default:
        return; // #ident, #sccs, #assert, #unassert: nothing to output for assembler input
    }
  }

  private doDefine(): void {
    const reader = last(this.readers);
    const key = reader && this.lookahead.length === 0 ? reader.pos : -1;
    if (reader && key >= 0) {
      const hit = reader.lexed.defines?.get(key);
      if (hit && hit.presumedFile === reader.presumedFile && hit.lineDelta === reader.lineDelta) {
        reader.pos = hit.end;
        this.installMacro(hit.macro, tokenAt(reader.lexed, this.opts.cache.names, key));
        return;
      }
    }
    const nameTok = this.lexToken();
    if (nameTok.type !== TokType.Name) {
      this.report(
        'error',
        'pp/bad-define',
        nameTok.type === TokType.Eof
          ? 'no macro name given in #define directive'
          : 'macro names must be identifiers',
        this.tokenSpan(nameTok),
        'write `#define NAME value`',
      );
      return;
    }
    if (nameTok.text === 'defined' || nameTok.text === '__VA_ARGS__') {
      this.report(
        'error',
        'pp/bad-define',
        `"${nameTok.text}" cannot be used as a macro name`,
        this.tokenSpan(nameTok),
      );
      return;
    }
    const macro: MacroDef = {
      name: nameTok.text,
      funLike: false,
      params: [],
      variadic: false,
      tokens: [],
      disabledBy: 0,
      ...(reader
        ? {
            defFile: reader.presumedFile,
            defLine: nameTok.line + reader.lineDelta,
            defCol: nameTok.col,
            defEndCol: nameTok.col + nameTok.text.length,
          }
        : {}),
    };
    let tok = this.lexToken();
    if (tok.is('(') && !(tok.flags & PREV_WHITE)) {
      macro.funLike = true;
      if (!this.parseParams(macro)) return;
      tok = this.lexToken();
    }
    const body: Token[] = [];
    let followingPaste = false;
    for (; tok.type !== TokType.Eof; tok = this.lexToken()) {
      let t = tok.withFlags(tok.flags & ~BOL);
      t.macro = macro;
      if (macro.funLike && t.type === TokType.Name) {
        const idx = macro.params.indexOf(t.text);
        if (idx >= 0) {
          t.type = TokType.MacroArg;
          t.argNo = idx + 1;
        }
      }
      const prev = last(body);
      if (macro.funLike && prev !== undefined && prev.is('#') && !(prev.flags & STRINGIFY_ARG)) {
        if (t.type === TokType.MacroArg) {
          t = t.withFlags((t.flags & ~PREV_WHITE) | STRINGIFY_ARG | (prev.flags & PREV_WHITE));
          body[body.length - 1] = t;
          followingPaste = false;
          continue;
        }
        // Assembler mode lets a `#` not followed by a parameter stand for itself.
      }
      if (t.is('##')) {
        if (body.length === 0) {
          this.report(
            'error',
            'pp/bad-define',
            "'##' cannot appear at either end of a macro expansion",
            this.tokenSpan(tok),
          );
          return;
        }
        if (!followingPaste) {
          const p = body[body.length - 1] as Token;
          body[body.length - 1] = p.withFlags(p.flags | PASTE_LEFT);
        }
        followingPaste = true;
        continue;
      }
      followingPaste = false;
      body.push(t);
    }
    if (followingPaste) {
      this.report(
        'error',
        'pp/bad-define',
        "'##' cannot appear at either end of a macro expansion",
        this.tokenSpan(nameTok),
      );
      return;
    }
    const first = body[0];
    if (first && first.flags & PREV_WHITE) body[0] = first.withFlags(first.flags & ~PREV_WHITE);
    macro.tokens = body;
    if (reader && key >= 0 && this.lookahead.length === 0 && last(this.readers) === reader) {
      reader.lexed.defines ??= new Map();
      reader.lexed.defines.set(key, {
        macro,
        end: reader.pos,
        presumedFile: reader.presumedFile,
        lineDelta: reader.lineDelta,
      });
    }
    this.installMacro(macro, nameTok);
  }

  private installMacro(macro: MacroDef, nameTok: Token): void {
    const old = this.macros.get(macro.name);
    if (old && old !== macro && (old.builtin || !sameDefinition(old, macro)))
      this.report('warning', 'pp/macro-redefined', `"${macro.name}" redefined`, this.tokenSpan(nameTok));
    this.macros.set(macro.name, macro);
  }

  private parseParams(macro: MacroDef): boolean {
    let tok = this.lexToken();
    if (tok.is(')')) return true;
    for (;;) {
      if (tok.type === TokType.Name) {
        if (macro.params.includes(tok.text)) {
          this.report(
            'error',
            'pp/bad-define',
            `duplicate macro parameter "${tok.text}"`,
            this.tokenSpan(tok),
          );
          return false;
        }
        macro.params.push(tok.text);
        tok = this.lexToken();
        if (tok.is('...')) {
          macro.variadic = true;
          tok = this.lexToken();
          if (!tok.is(')')) break;
          return true;
        }
      } else if (tok.is('...')) {
        macro.variadic = true;
        macro.params.push('__VA_ARGS__');
        tok = this.lexToken();
        if (!tok.is(')')) break;
        return true;
      } else break;
      if (tok.is(')')) return true;
      if (!tok.is(',')) break;
      tok = this.lexToken();
    }
    this.report(
      'error',
      'pp/bad-define',
      tok.type === TokType.Eof
        ? "missing ')' in macro parameter list"
        : `expected parameter name, found "${tok.text}"`,
      this.tokenSpan(tok),
    );
    return false;
  }

  private doUndef(): void {
    const name = this.lexToken();
    if (name.type !== TokType.Name) {
      this.report('error', 'pp/bad-define', 'no macro name given in #undef directive', this.tokenSpan(name));
      return;
    }
    this.macros.delete(name.text);
  }

  private doInclude(kind: string, hash: Token): void {
    this.directiveWantsPadding = true;
    let header = this.nextNonPadding();
    let name: string | undefined;
    let angle = false;
    if (header.type === TokType.String && header.text.startsWith('"')) name = header.text.slice(1, -1);
    else if (header.type === TokType.HeaderName) {
      name = header.text.slice(1, -1);
      angle = true;
    } else if (header.is('<')) {
      const parts: string[] = [];
      for (;;) {
        const t = this.nextNonPadding();
        if (t.is('>')) break;
        if (t.type === TokType.Eof) {
          this.report('error', 'pp/bad-include', 'missing terminating > character', this.tokenSpan(header));
          return;
        }
        if (t.flags & PREV_WHITE && parts.length > 0) parts.push(' ');
        parts.push(t.text);
      }
      name = parts.join('');
      angle = true;
    }
    if (name === undefined) {
      this.report(
        'error',
        'pp/bad-include',
        `#${kind} expects "FILENAME" or <FILENAME>`,
        this.tokenSpan(header),
        undefined,
      );
      return;
    }
    header = this.nextNonPadding();
    if (header.type !== TokType.Eof)
      this.report(
        'warning',
        'pp/extra-tokens',
        `extra tokens at end of #${kind} directive`,
        this.tokenSpan(header),
      );
    const span = this.tokenSpan(hash);
    if (name === '') {
      this.report('error', 'pp/bad-include', `empty filename in #${kind}`, span);
      return;
    }
    if (this.includeLimitHit || this.readers.length >= this.opts.includeDepth) {
      // Reported once; after that no file is entered any more: a file that includes itself twice
      // would otherwise be read 2^depth times (gcc's cpp does exactly that, and never finishes).
      if (!this.includeLimitHit) this.reportIncludeDepth(span);
      this.includeLimitHit = true;
      return;
    }
    const reader = last(this.readers) as Reader;
    const found = this.findInclude(name, angle, kind === 'include_next' ? reader : undefined, reader);
    if (found && 'refused' in found) {
      this.report('error', found.refused.code, found.refused.message, span, found.refused.hint);
      return;
    }
    if (!found) {
      this.report(
        'error',
        'pp/include-not-found',
        `${name}: No such file or directory`,
        span,
        includeHint(this.opts.includeDirs),
      );
      return;
    }
    // Finish this directive's line before the new file's tokens start.
    this.skipRestOfLine(0);
    if (kind === 'import') {
      if (this.onceFiles.has(found.path)) return;
      this.onceFiles.add(found.path);
    } else if (this.onceFiles.has(normalizePath(found.path))) return;
    if (!this.enter(found.lexed, span)) return;
    this.addDependency(found.path);
    this.pushReader(found.lexed, found.path, found.dirIndex);
  }

  /**
   * Counts a file entered against total-input-size: ten includes of ten files that each include
   * ten more stay under include-depth but would multiply the work. Past the limit (reported once)
   * no file is entered any more.
   */
  private enter(lexed: LexedFile, span: Span): boolean {
    if (this.totalLimitHit) return false;
    this.enteredBytes += lexed.text.length;
    const max = this.opts.totalInputSize;
    if (this.enteredBytes <= max) return true;
    this.totalLimitHit = true;
    this.report(
      'error',
      limitInfo('totalInputSize').code,
      `the files entered by #include add up to more than ${max} bytes, over the total-input-size limit`,
      span,
      `an include that multiplies at every level? ${limitHint('totalInputSize', max)}`,
    );
    return false;
  }

  /**
   * The include depth limit was hit. An unguarded include cycle is the usual cause: when a file
   * repeats on the include stack, name the cycle (cpp itself just recurses to this depth).
   */
  private reportIncludeDepth(span: Span): void {
    const paths = this.readers.map((r) => r.path);
    const cycle = shortestCycle(paths);
    const depth = this.opts.includeDepth;
    if (cycle) {
      this.report(
        'error',
        INCLUDE_CYCLE_CODE,
        `#include cycle: ${cycle.join(' -> ')} (nested ${paths.length} deep, the include-depth limit)`,
        span,
        'add an include guard (#ifndef X / #define X / #endif) or remove an include of the cycle',
      );
      return;
    }
    this.report(
      'error',
      limitInfo('includeDepth').code,
      `#include nested ${paths.length} deep, over the include-depth limit of ${depth}`,
      span,
      limitHint('includeDepth', depth),
    );
  }

  private findInclude(
    name: string,
    angle: boolean,
    next: Reader | undefined,
    current: Reader,
  ): { lexed: LexedFile; path: string; dirIndex: number } | { refused: FileRefusal } | undefined {
    const { fs, cache, includeDirs } = this.opts;
    const candidates: { path: string; dirIndex: number }[] = [];
    if (name.startsWith('/')) candidates.push({ path: name, dirIndex: -1 });
    else {
      let start = 0;
      if (next && this.readers.length > 1) start = next.dirIndex + 1;
      else if (!angle) candidates.push({ path: joinPath(dirname(current.path), name), dirIndex: -1 });
      for (let i = start; i < includeDirs.length; i++)
        candidates.push({ path: joinPath(stripSlashes(includeDirs[i] as string), name), dirIndex: i });
    }
    const r = searchFiles(fs, candidates, (path) => cache.read(fs, path));
    if (!r || 'refused' in r) return r;
    return { lexed: r.value, path: r.found.path, dirIndex: r.found.dirIndex };
  }

  private doIf(kind: string, dname: Token): void {
    const span = this.tokenSpan(dname);
    let skip = true;
    if (!this.skipping) {
      if (kind === 'if') skip = !this.evalIf(dname);
      else {
        const defined = this.ifdefOperand(kind, dname);
        if (defined !== undefined) skip = kind === 'ifdef' ? !defined : defined;
      }
    }
    this.conds.push({
      wasSkipping: this.skipping,
      skipElses: this.skipping || !skip,
      sawElse: false,
      span,
      directive: kind,
    });
    this.skipping = this.skipping || skip;
  }

  private doElif(kind: string, dname: Token): void {
    const c = last(this.conds);
    if (!c || this.condsOfReader() === 0) {
      this.report(
        'error',
        'pp/unbalanced-else',
        `#${kind} without #if`,
        this.tokenSpan(dname),
        'remove it or add the #if',
      );
      return;
    }
    if (c.sawElse) {
      this.report('error', 'pp/unbalanced-else', `#${kind} after #else`, this.tokenSpan(dname));
    }
    if (c.skipElses) {
      this.skipping = true;
      return;
    }
    this.skipping = false;
    let take: boolean;
    if (kind === 'elif') take = this.evalIf(dname);
    else {
      const defined = this.ifdefOperand(kind, dname);
      take = defined === undefined ? false : kind === 'elifdef' ? defined : !defined;
    }
    this.skipping = !take;
    c.skipElses = take;
  }

  private doElse(dname: Token): void {
    const c = last(this.conds);
    if (!c || this.condsOfReader() === 0) {
      this.report(
        'error',
        'pp/unbalanced-else',
        '#else without #if',
        this.tokenSpan(dname),
        'remove it or add the #if',
      );
      return;
    }
    if (c.sawElse) this.report('error', 'pp/unbalanced-else', '#else after #else', this.tokenSpan(dname));
    c.sawElse = true;
    this.skipping = c.skipElses;
    c.skipElses = true;
  }

  private doEndif(dname: Token): void {
    const c = last(this.conds);
    if (!c || this.condsOfReader() === 0) {
      this.report(
        'error',
        'pp/unbalanced-else',
        '#endif without #if',
        this.tokenSpan(dname),
        'remove it or add the #if',
      );
      return;
    }
    this.conds.pop();
    this.skipping = c.wasSkipping;
  }

  /** Conditionals opened in the current file (a file cannot close its includer's #if). */
  private condsOfReader(): number {
    const reader = last(this.readers);
    return reader ? this.conds.length - reader.condDepth : this.conds.length;
  }

  private ifdefOperand(kind: string, dname: Token): boolean | undefined {
    const name = this.lexToken();
    if (name.type !== TokType.Name) {
      this.report(
        'error',
        'pp/bad-expression',
        `no macro name given in #${kind} directive`,
        this.tokenSpan(dname),
      );
      return undefined;
    }
    return this.macros.has(name.text);
  }

  private evalIf(dname: Token): boolean {
    const toks: Token[] = [];
    for (;;) {
      const t = this.getToken();
      if (t.type === TokType.Eof) break;
      if (t.type === TokType.Padding) continue;
      if (t.type === TokType.Name && t.text === 'defined') {
        const v = this.definedOperand(t);
        if (v === undefined) return false;
        toks.push(numberToken(v, t));
      } else if (t.type === TokType.Name && (t.text === '__has_include' || t.text === '__has_include_next')) {
        const v = this.hasInclude(t);
        if (v === undefined) return false;
        toks.push(numberToken(v, t));
      } else toks.push(t);
    }
    const r = evaluateExpression(toks, dname);
    if (!r.ok) {
      this.report(
        'error',
        'pp/bad-expression',
        r.error.message,
        this.tokenSpan(r.error.token ?? dname),
        undefined,
      );
      return false;
    }
    return r.value;
  }

  private definedOperand(at: Token): boolean | undefined {
    this.preventExpansion++;
    let t = this.nextNonPadding();
    const paren = t.is('(');
    if (paren) t = this.nextNonPadding();
    let ok = t.type === TokType.Name;
    const name = t.text;
    if (ok && paren) ok = this.nextNonPadding().is(')');
    this.preventExpansion--;
    if (!ok) {
      this.report(
        'error',
        'pp/bad-expression',
        paren ? 'missing \')\' after "defined"' : 'operator "defined" requires an identifier',
        this.tokenSpan(at),
      );
      return undefined;
    }
    return this.macros.has(name);
  }

  private hasInclude(at: Token): boolean | undefined {
    this.preventExpansion++;
    let ok = this.nextNonPadding().is('(');
    let name = '';
    let angle = false;
    if (ok) {
      const t = this.nextNonPadding();
      if (t.type === TokType.String) name = t.text.slice(1, -1);
      else if (t.type === TokType.HeaderName) {
        name = t.text.slice(1, -1);
        angle = true;
      } else if (t.is('<')) {
        angle = true;
        const parts: string[] = [];
        for (let u = this.nextNonPadding(); !u.is('>'); u = this.nextNonPadding()) {
          if (u.type === TokType.Eof) {
            ok = false;
            break;
          }
          if (u.flags & PREV_WHITE && parts.length > 0) parts.push(' ');
          parts.push(u.text);
        }
        name = parts.join('');
      } else ok = false;
      if (ok) ok = this.nextNonPadding().is(')');
    }
    this.preventExpansion--;
    if (!ok || name === '') {
      this.report('error', 'pp/bad-expression', `invalid use of "${at.text}"`, this.tokenSpan(at));
      return undefined;
    }
    const reader = last(this.readers) as Reader;
    const found = this.findInclude(
      name,
      angle,
      at.text === '__has_include_next' ? reader : undefined,
      reader,
    );
    // A file the sandbox hides is not there; one over a size limit is (its #include reports it).
    return found !== undefined && !('refused' in found && found.refused.hidden);
  }

  private nextNonPadding(): Token {
    for (;;) {
      const t = this.getToken();
      if (t.type !== TokType.Padding) return t;
    }
  }

  private doLine(dname: Token): void {
    const num = this.nextNonPadding();
    if (num.type !== TokType.Number || !/^[0-9]+$/.test(num.text)) {
      this.report(
        'error',
        'pp/bad-line-marker',
        `"${num.text}" after #line is not a positive integer`,
        this.tokenSpan(dname),
      );
      return;
    }
    const str = this.nextNonPadding();
    let file: string | undefined;
    if (str.type === TokType.String) file = unquoteString(str.text);
    else if (str.type !== TokType.Eof) {
      this.report('error', 'pp/bad-line-marker', `invalid filename "${str.text}"`, this.tokenSpan(str));
      return;
    }
    if (this.lineInRange(num)) this.setLine(Number(num.text), file);
  }

  /**
   * cpp keeps line numbers in an unsigned int and warns past 2^31 - 1; beyond 2^53 a number is not
   * even exact here. Such a directive is reported and ignored, so the numbering stays sane.
   */
  private lineInRange(num: Token): boolean {
    if (Number(num.text) <= MAX_LINE_NUMBER) return true;
    this.report(
      'warning',
      'pp/line-out-of-range',
      `line number ${num.text} is out of range (at most ${MAX_LINE_NUMBER}); directive ignored`,
      this.tokenSpan(num),
      'use a line number below 2^31',
    );
    return false;
  }

  /** `# 33 "file.dtsi" 1`: input that went through cpp once already. */
  private doLineMarker(num: Token): void {
    if (!/^[0-9]+$/.test(num.text)) {
      this.report(
        'error',
        'pp/bad-line-marker',
        `"${num.text}" after # is not a positive integer`,
        this.tokenSpan(num),
      );
      return;
    }
    const str = this.lexToken();
    let file: string | undefined;
    if (str.type === TokType.String) file = unquoteString(str.text);
    else if (str.type !== TokType.Eof) {
      this.report('error', 'pp/bad-line-marker', `invalid filename "${str.text}"`, this.tokenSpan(str));
      return;
    }
    for (let t = this.lexToken(); t.type !== TokType.Eof; t = this.lexToken()) {
      if (t.type !== TokType.Number || !/^[1-4]$/.test(t.text)) {
        this.report(
          'error',
          'pp/bad-line-marker',
          `invalid flag "${t.text}" in line directive`,
          this.tokenSpan(t),
        );
        return;
      }
    }
    if (this.lineInRange(num)) this.setLine(Number(num.text), file);
  }

  /** The line after the directive gets number `line` (and `file` as presumed name). */
  private setLine(line: number, file: string | undefined): void {
    const reader = last(this.readers) as Reader;
    const lastTok = this.lastLexed;
    const text = reader.lexed.text;
    let nextPhys = reader.lexed.lineStarts.length + 1;
    if (lastTok && lastTok.file === reader.lexed) {
      const nl = text.indexOf('\n', lastTok.offset + lastTok.rawLength);
      if (nl !== -1) nextPhys = countLinesBefore(reader.lexed.lineStarts, nl + 1);
    }
    if (!reader.lineMarks)
      reader.lineMarks = [{ from: 1, delta: reader.lineDelta, file: reader.presumedFile }];
    reader.lineMarks.push({
      from: nextPhys,
      delta: line - nextPhys,
      file: file ?? reader.presumedFile,
    });
    reader.lineDelta = line - nextPhys;
    if (file !== undefined) reader.presumedFile = file;
  }

  private doDiagnostic(kind: string, hash: Token): void {
    const parts: string[] = [];
    for (let t = this.lexToken(); t.type !== TokType.Eof; t = this.lexToken()) {
      if (t.flags & PREV_WHITE && parts.length > 0) parts.push(' ');
      parts.push(t.text);
    }
    const message = `#${kind} ${parts.join('')}`.trimEnd();
    if (kind === 'error')
      this.report(
        'error',
        'pp/error-directive',
        message,
        this.tokenSpan(hash),
        'the source asked to stop here',
      );
    else this.report('warning', 'pp/warning-directive', message, this.tokenSpan(hash));
  }

  private doPragma(): void {
    const t = this.lexToken();
    if (t.type === TokType.Name && t.text === 'once') {
      const reader = last(this.readers) as Reader;
      this.onceFiles.add(normalizePath(reader.path));
    }
  }

  // ---------------------------------------------------------------- files

  private pushReader(lexed: LexedFile, path: string, dirIndex: number): void {
    this.readers.push({
      lexed,
      pos: 0,
      path,
      presumedFile: path,
      lineDelta: 0,
      dirIndex,
      condDepth: this.conds.length,
    });
    for (const offset of lexed.unterminatedComments) {
      const line = countLinesBefore(lexed.lineStarts, offset);
      const col = offset - (lexed.lineStarts[line - 1] as number) + 1;
      this.report(
        'error',
        'pp/unterminated-comment',
        'unterminated comment',
        { file: path, line, col, endLine: line, endCol: col + 2 },
        'close the comment with */',
      );
    }
  }

  private popReader(): void {
    const reader = this.readers.pop() as Reader;
    while (this.conds.length > reader.condDepth) {
      const c = this.conds.pop() as Conditional;
      this.report(
        'error',
        'pp/unterminated-conditional',
        `unterminated #${c.directive}`,
        c.span,
        'add the matching #endif before the end of the file',
      );
      this.skipping = c.wasSkipping;
    }
    this.lookahead.length = 0;
  }

  private addDependency(path: string): void {
    if (this.depSet.has(path)) return;
    this.depSet.add(path);
    this.dependencies.push(path);
  }

  // ---------------------------------------------------------------- diagnostics

  private report(
    severity: 'error' | 'warning',
    code: string,
    message: string,
    span: Span,
    hint?: string,
  ): void {
    this.diagnostics.push({ code, severity, message, span, ...(hint ? { hint } : {}) });
  }

  /** Span of a token: its presumed position when it was spelled in an open file, else its file's. */
  private tokenSpan(tok: Token): Span {
    if (tok.file === null) return this.currentSpan();
    for (let i = this.readers.length - 1; i >= 0; i--) {
      const r = this.readers[i] as Reader;
      if (r.lexed === tok.file) {
        const mark = markAt(r.lineMarks, tok.line);
        const line = tok.line + (mark ? mark.delta : r.lineDelta);
        return {
          file: mark ? mark.file : r.presumedFile,
          line,
          col: tok.col,
          endLine: line,
          endCol: tok.col + Math.max(1, tok.rawLength),
        };
      }
    }
    return {
      file: tok.file.path,
      line: tok.line,
      col: tok.col,
      endLine: tok.line,
      endCol: tok.col + tok.rawLength,
    };
  }

  private currentSpan(): Span {
    const t = this.lastLexed;
    if (t && t.file) return this.tokenSpan(t);
    const reader = last(this.readers);
    return { file: reader?.presumedFile ?? this.baseFile, line: 1, col: 1, endLine: 1, endCol: 2 };
  }
}

// ---------------------------------------------------------------- helpers

/** The last element, without reading index -1 of an empty array (a very slow path in V8). */
function last<T>(a: readonly T[]): T | undefined {
  const n = a.length;
  return n > 0 ? a[n - 1] : undefined;
}

function invocationFrame(inv: Invocation): MacroFrame {
  if (!inv.frame) {
    const { name, delta } = inv;
    const invocation: Span = {
      file: inv.presumedFile,
      line: name.line + delta,
      col: name.col,
      endLine: name.line + delta,
      endCol: name.col + name.text.length,
    };
    inv.frame = { name: inv.macro.name, invocation, ...defSpan(inv.macro) };
  }
  return inv.frame;
}

function defSpan(m: MacroDef): { definition?: Span } {
  // Made once per definition (definitions are shared between runs; the span never changes).
  if (m.definitionSpan === undefined) {
    m.definitionSpan =
      m.defFile === undefined || m.defLine === undefined || m.defCol === undefined
        ? {}
        : {
            definition: {
              file: m.defFile,
              line: m.defLine,
              col: m.defCol,
              endLine: m.defLine,
              endCol: m.defEndCol ?? m.defCol + m.name.length,
            },
          };
  }
  return m.definitionSpan;
}

/** The `#` operator: spell the argument as a string literal, one space where whitespace was. */
function stringify(tokens: readonly Token[]): Token {
  const parts: string[] = ['"'];
  let source: Token | null = null;
  let any = false;
  let backslashes = 0;
  for (const t of tokens) {
    if (t.type === TokType.Padding) {
      if (source === null || (!(source.flags & PREV_WHITE) && t.source === null)) source = t.source;
      continue;
    }
    if (any) {
      const s = source ?? t;
      if (s.flags & PREV_WHITE) parts.push(' ');
    }
    source = null;
    const quoted = t.type === TokType.String || t.type === TokType.Char;
    parts.push(quoted ? t.text.replace(/[\\"]/g, '\\$&').replace(/\n/g, '\\n') : t.text);
    any = true;
    backslashes = t.type === TokType.Other && t.text.startsWith('\\') ? backslashes + 1 : 0;
  }
  let text = parts.join('');
  if (backslashes & 1) text = text.slice(0, -1);
  return makeToken(TokType.String, `${text}"`);
}

/** The `##` operator: the two spellings must lex as exactly one token. */
function pasteTokens(lhs: Token, rhs: Token, names: NameTable): Token | undefined {
  let text = lhs.text;
  // gcc puts a space after `/` so that pasting cannot start a comment; the result then fails.
  if (lhs.is('/') && !rhs.is('=')) text += ' ';
  if (rhs.type !== TokType.Padding) text += rhs.text;
  const t = lexSingleToken(text, names);
  if (!t) return undefined;
  // Attribute the result to the left operand's spelling for diagnostics.
  const r = new Token(t.type, t.text, 0, null, lhs.offset, lhs.line, lhs.col, 0);
  r.macro = lhs.macro;
  return r;
}

function sameDefinition(a: MacroDef, b: MacroDef): boolean {
  if (a.funLike !== b.funLike || a.variadic !== b.variadic || a.params.join(',') !== b.params.join(','))
    return false;
  if (a.tokens.length !== b.tokens.length) return false;
  const mask = PREV_WHITE | PASTE_LEFT | STRINGIFY_ARG;
  for (let i = 0; i < a.tokens.length; i++) {
    const x = a.tokens[i] as Token;
    const y = b.tokens[i] as Token;
    if (
      x.type !== y.type ||
      x.text !== y.text ||
      (x.flags & mask) !== (y.flags & mask) ||
      x.argNo !== y.argNo
    )
      return false;
  }
  return true;
}

function numberToken(v: boolean, at: Token): Token {
  const t = new Token(
    TokType.Number,
    v ? '1' : '0',
    at.flags,
    at.file,
    at.offset,
    at.line,
    at.col,
    at.rawLength,
  );
  return t;
}

function quoteString(s: string): string {
  return `"${s.replace(/[\\"]/g, '\\$&')}"`;
}

/** The name inside a line directive's string literal (escapes resolved as cpp does). */
function unquoteString(lit: string): string {
  return lit.slice(1, -1).replace(/\\(x[0-9a-fA-F]+|[0-7]{1,3}|.)/g, (_, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(Number.parseInt(e.slice(1), 16) & 0xff);
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

/** 1-based number of the line containing `offset`. */
function countLinesBefore(lineStarts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lineStarts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

function stripSlashes(dir: string): string {
  let d = dir;
  while (d.length > 1 && d.endsWith('/')) d = d.slice(0, -1);
  return d;
}

function normalizePath(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '.' || (part === '' && out.length > 0)) continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..' && out[out.length - 1] !== '')
      out.pop();
    else out.push(part);
  }
  return out.join('/');
}

function includeHint(dirs: readonly string[]): string {
  return dirs.length === 0
    ? 'no include folders were given; pass one with -I'
    : `searched next to the including file, then ${dirs.join(', ')}`;
}

/**
 * The innermost repeating run of an include stack (`a.dtsi -> b.dtsi -> a.dtsi`), or undefined when
 * no file is open twice.
 */
function shortestCycle(paths: readonly string[]): string[] | undefined {
  const lastPath = paths[paths.length - 1];
  if (lastPath === undefined) return undefined;
  const before = paths.lastIndexOf(lastPath, paths.length - 2);
  if (before < 0) {
    const seen = new Map<string, number>();
    for (const [i, p] of paths.entries()) {
      const first = seen.get(p);
      if (first !== undefined) return paths.slice(first, i + 1);
      seen.set(p, i);
    }
    return undefined;
  }
  return paths.slice(before);
}

/** The line-numbering setting in effect at physical line `line` (the last one starting at or before it). */
function markAt<T extends { from: number }>(marks: readonly T[] | undefined, line: number): T | undefined {
  if (!marks) return undefined;
  for (let i = marks.length - 1; i >= 0; i--) if (marks[i]!.from <= line) return marks[i];
  return undefined;
}
