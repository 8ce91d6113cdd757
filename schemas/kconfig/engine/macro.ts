/**
 * Kconfig's macro language (Documentation/kbuild/kconfig-macro-language.rst, scripts/kconfig/
 * preprocess.c): `$(VAR)`, `$(fn,arg,…)`, user functions with `$(1)`…, `=` / `:=` / `+=`.
 *
 * Nothing is ever executed. `$(shell,…)` is answered by the caller's `shell` hook, else by a small
 * documented table (DEFAULT_SHELL_ANSWERS), else it expands to "" with an info diagnostic. The
 * probe helpers that Linux defines in scripts/Kconfig.include on top of `shell` (`success`,
 * `failure`, `if-success`, and through them `cc-option`, `ld-option`, `as-instr`, …) are answered
 * before any user definition is looked at, from the caller's `probes` table first, then from
 * DEFAULT_PROBES: `test …` on constant strings is evaluated, every other probe (compiler, linker,
 * assembler) succeeds, as with a toolchain that supports everything (Kconfig-only evaluation of
 * driver symbols does not depend on the compiler, see the research note).
 */

export type VariableFlavor = 'recursive' | 'simple' | 'append';

/** A probe answers a call by name; `args` are already expanded. */
export type Probe = (args: readonly string[]) => string;

export interface MacroOptions {
  /** Environment variables (`$(ARCH)`, `$(SRCARCH)`, `$(CC)`, …). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Answers `$(shell,cmd)`; return undefined to fall back to the default table. */
  readonly shell?: (command: string) => string | undefined;
  /** Replaces user functions or built-ins by name (e.g. `cc-option`), before any lookup. */
  readonly probes?: Readonly<Record<string, Probe>>;
}

/**
 * Default answers for `$(shell,…)` commands seen in Linux's init/Kconfig and
 * scripts/Kconfig.include: the version scripts answer as Debian bookworm's gcc 12.2 / binutils
 * 2.40, and the two shell idioms Kconfig.include uses to pick words are interpreted.
 */
export const DEFAULT_SHELL_ANSWERS: readonly {
  readonly pattern: RegExp;
  readonly answer: (m: RegExpExecArray) => string;
}[] = [
  { pattern: /cc-version\.sh/, answer: () => 'GCC 120200' },
  { pattern: /ld-version\.sh/, answer: () => 'BFD 24000' },
  { pattern: /as-version\.sh/, answer: () => 'GNU 24000' },
  // Tools that are absent print 0 (rustc, bindgen, pahole).
  {
    pattern: /rustc-version\.sh|rustc-llvm-version\.sh|pahole-version\.sh|bindgen-version/,
    answer: () => '0',
  },
  // `set -- $(cc-info) && echo $1`
  {
    pattern: /^\s*set -- (.*?) && echo \$([1-9])\s*$/,
    answer: (m) => m[1]!.trim().split(/\s+/)[Number(m[2]) - 1] ?? '',
  },
  { pattern: /^\s*echo\s+(.*)$/, answer: (m) => unquote(m[1]!.trim()) },
];

function unquote(word: string): string {
  return word.replace(/^(["'])(.*)\1$/, '$2');
}

/**
 * Whether a probed command "succeeds" without running it: `test …` expressions on constant strings
 * are evaluated; anything else (compiler, linker and assembler probes, `command -v`) succeeds.
 */
export function probeSucceeds(command: string): boolean {
  const m = /^\s*test\s+(.*)$/.exec(command);
  if (!m) return true;
  const words = [...m[1]!.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((w) => w[1] ?? w[2] ?? w[3] ?? '');
  if (words.length === 2 && words[0] === '-z') return words[1] === '';
  if (words.length === 2 && words[0] === '-n') return words[1] !== '';
  if (words.length === 1) return words[0] !== '';
  if (words.length === 3) {
    const [a, op, b] = words as [string, string, string];
    const na = Number(a);
    const nb = Number(b);
    switch (op) {
      case '=':
      case '==':
        return a === b;
      case '!=':
        return a !== b;
      case '-eq':
        return na === nb;
      case '-ne':
        return na !== nb;
      case '-lt':
        return na < nb;
      case '-le':
        return na <= nb;
      case '-gt':
        return na > nb;
      case '-ge':
        return na >= nb;
    }
  }
  return true;
}

/** Probe helpers of scripts/Kconfig.include that would run a command (see probeSucceeds). */
export const DEFAULT_PROBES: Readonly<Record<string, Probe>> = {
  success: (args) => (probeSucceeds(args[0] ?? '') ? 'y' : 'n'),
  failure: (args) => (probeSucceeds(args[0] ?? '') ? 'n' : 'y'),
  'if-success': (args) => (probeSucceeds(args[0] ?? '') ? (args[1] ?? '') : (args[2] ?? '')),
};

interface Variable {
  value: string;
  flavor: 'recursive' | 'simple';
  expanding: number;
}

export type MacroReport = (severity: 'error' | 'warning' | 'info', code: string, message: string) => void;

/** Where the expander is in the source, for `$(filename)` / `$(lineno)`. */
export interface MacroPosition {
  file: string;
  line: number;
}

const MAX_DEPTH = 1000;

export class MacroExpander {
  private readonly variables = new Map<string, Variable>();
  position: MacroPosition = { file: '', line: 0 };

  constructor(
    private readonly options: MacroOptions,
    private readonly report: MacroReport,
  ) {}

  /** An assignment statement `name op value`. */
  define(name: string, value: string, flavor: VariableFlavor): void {
    const existing = this.variables.get(name);
    if (flavor === 'append') {
      if (existing) {
        const extra = existing.flavor === 'simple' ? this.expand(value) : value;
        existing.value = `${existing.value} ${extra}`;
        return;
      }
      flavor = 'recursive';
    }
    const stored = flavor === 'simple' ? this.expand(value) : value;
    if (existing) {
      existing.value = stored;
      existing.flavor = flavor;
    } else this.variables.set(name, { value: stored, flavor, expanding: 0 });
  }

  /** Expands every `$(…)` in `text` (quoted strings, `source` paths, assignment values). */
  expand(text: string, args: readonly string[] = []): string {
    return this.expandUntil(text, 0, () => false, args).value;
  }

  /**
   * Expands one word starting at `start` (expand_one_token): stops at the first character that is
   * not `[A-Za-z0-9_-]` outside a `$(…)`. Returns the expansion and where the word ended.
   */
  expandWord(text: string, start: number): { value: string; end: number } {
    return this.expandUntil(text, start, (c) => !/[A-Za-z0-9_-]/.test(c), []);
  }

  private expandUntil(
    text: string,
    start: number,
    isEnd: (c: string) => boolean,
    args: readonly string[],
  ): { value: string; end: number } {
    let out = '';
    let p = start;
    let runStart = p;
    while (p < text.length) {
      const c = text[p]!;
      if (c === '$') {
        out += text.slice(runStart, p);
        const r = this.expandDollar(text, p + 1, args);
        out += r.value;
        p = r.end;
        runStart = p;
        continue;
      }
      if (isEnd(c)) break;
      p++;
    }
    out += text.slice(runStart, p);
    return { value: out, end: p };
  }

  /** `p` points just after `$`. */
  private expandDollar(text: string, p: number, args: readonly string[]): { value: string; end: number } {
    if (text[p] !== '(') return { value: '$', end: p };
    let q = p + 1;
    let nest = 0;
    while (q < text.length) {
      const c = text[q];
      if (c === '(') nest++;
      else if (c === ')') {
        if (nest === 0) break;
        nest--;
      }
      q++;
    }
    if (q >= text.length) {
      this.report(
        'error',
        'kconfig/parse-macro-unterminated',
        `unterminated reference to '${text.slice(p + 1)}': missing ')'`,
      );
      return { value: '', end: text.length };
    }
    return { value: this.evalClause(text.slice(p + 1, q), args), end: q + 1 };
  }

  private evalClause(clause: string, args: readonly string[]): string {
    if (/^[0-9]+$/.test(clause)) {
      const n = Number(clause);
      if (n > 0 && n <= args.length) return args[n - 1]!;
    }
    // Split on top-level commas.
    const parts: string[] = [];
    let nest = 0;
    let from = 0;
    for (let i = 0; i < clause.length; i++) {
      const c = clause[i];
      if (c === ',' && nest === 0) {
        parts.push(clause.slice(from, i));
        from = i + 1;
      } else if (c === '(') nest++;
      else if (c === ')') nest--;
    }
    parts.push(clause.slice(from));
    const name = this.expand(parts[0]!, args);
    const callArgs = parts.slice(1).map((a) => this.expand(a, args));

    const probe = this.options.probes?.[name] ?? DEFAULT_PROBES[name];
    if (probe) return probe(callArgs);

    const variable = this.variables.get(name);
    if (variable) {
      if (callArgs.length === 0 && variable.expanding > 0) {
        this.report(
          'error',
          'kconfig/parse-macro-recursive',
          `Recursive variable '${name}' references itself (eventually)`,
        );
        return '';
      }
      if (variable.expanding > MAX_DEPTH) {
        this.report('error', 'kconfig/parse-macro-recursive', 'Too deep recursive expansion');
        return '';
      }
      variable.expanding++;
      try {
        return variable.flavor === 'recursive' ? this.expand(variable.value, callArgs) : variable.value;
      } finally {
        variable.expanding--;
      }
    }

    const builtin = this.builtin(name, callArgs);
    if (builtin !== undefined) return builtin;

    if (callArgs.length === 0) {
      const value = this.options.env?.[name];
      if (value !== undefined) return value;
    }
    return '';
  }

  private builtin(name: string, args: readonly string[]): string | undefined {
    const arity = BUILTIN_ARITY[name];
    if (!arity) return undefined;
    if (args.length < arity[0] || args.length > arity[1]) {
      this.report(
        'error',
        'kconfig/parse-macro-arguments',
        `${args.length < arity[0] ? 'too few' : 'too many'} function arguments passed to '${name}'`,
      );
      return '';
    }
    switch (name) {
      case 'error-if':
        if (args[0] === 'y') this.report('error', 'kconfig/parse-macro-error', said(args[1]));
        return '';
      case 'warning-if':
        if (args[0] === 'y') this.report('warning', 'kconfig/parse-macro-warning', said(args[1]));
        return '';
      case 'info':
        this.report('info', 'kconfig/parse-macro-info', said(args[0]));
        return '';
      case 'filename':
        return this.position.file;
      case 'lineno':
        return String(this.position.line);
      case 'shell':
        return this.shell(args[0] ?? '');
      default:
        return undefined;
    }
  }

  private shell(command: string): string {
    let output = this.options.shell?.(command);
    if (output === undefined) {
      for (const answer of DEFAULT_SHELL_ANSWERS) {
        const m = answer.pattern.exec(command);
        if (m) {
          output = answer.answer(m);
          break;
        }
      }
    }
    if (output === undefined) {
      this.report('info', 'kconfig/macro-shell-not-run', `$(shell,${command}) not run; expands to ""`);
      return '';
    }
    // Like do_shell(): trailing newlines dropped, inner newlines become spaces.
    return output.replace(/\n+$/, '').replace(/\n/g, ' ');
  }
}

const BUILTIN_ARITY: Readonly<Record<string, readonly [number, number]>> = {
  'error-if': [2, 2],
  filename: [0, 0],
  info: [1, 1],
  lineno: [0, 0],
  shell: [1, 1],
  'warning-if': [2, 2],
};

/** The text an `$(info,…)`-style call prints; conf prints an empty line, a diagnostic needs words. */
function said(text: string | undefined): string {
  return text ? text : '(empty message)';
}
