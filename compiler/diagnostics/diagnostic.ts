/**
 * One diagnostic shape for the whole project.
 *
 * Codes are stable, kebab-case and namespaced (`pp/`, `parse/`, `tree/`, `ref/`, `dtc/`, `schema/`, …);
 * they are never renumbered or reused. Tests assert codes and spans, never message wording.
 */

export type Severity = 'error' | 'warning' | 'info';

/** A resolved source range: 1-based line and column, end column exclusive (dtc's convention). */
export interface Span {
  /** File name as the user would write it (as cpp and dtc print it: include dir joined with the name). */
  file: string;
  line: number;
  col: number;
  endLine: number;
  endCol: number;
  /** Macro expansions the text came through, outermost invocation first. */
  macros?: MacroFrame[];
}

/** One step of a macro expansion: which macro, where it was invoked, where it was defined. */
export interface MacroFrame {
  name: string;
  invocation: Span;
  definition?: Span;
}

export interface RelatedSpan {
  span: Span;
  message: string;
}

export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  span?: Span;
  /** Full path of the node the diagnostic is about, when there is one (dtc prints it). */
  nodePath?: string;
  /** Property name, when the diagnostic is about one property. */
  property?: string;
  related?: RelatedSpan[];
  notes?: string[];
  /** A short suggestion of how to fix it. */
  hint?: string;
}

/** Collects diagnostics in the order they are reported. */
export class DiagnosticBag {
  readonly items: Diagnostic[] = [];

  add(diagnostic: Diagnostic): void {
    this.items.push(diagnostic);
  }

  error(code: string, message: string, span?: Span, extra?: Partial<Diagnostic>): void {
    this.add({ code, severity: 'error', message, ...(span ? { span } : {}), ...extra });
  }

  warning(code: string, message: string, span?: Span, extra?: Partial<Diagnostic>): void {
    this.add({ code, severity: 'warning', message, ...(span ? { span } : {}), ...extra });
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }

  addAll(diagnostics: Iterable<Diagnostic>): void {
    appendAll(this.items, diagnostics);
  }
}

/**
 * Appends items one by one. `target.push(...items)` passes every item as a call argument, and a
 * hostile input with a few hundred thousand diagnostics overflows the stack that way.
 */
export function appendAll<T>(target: T[], items: Iterable<T>): void {
  for (const item of items) target.push(item);
}

/** Thrown only to abort a phase after a fatal diagnostic was recorded; never escapes the compile API. */
export class FatalError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}
