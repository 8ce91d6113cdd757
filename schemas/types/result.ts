/**
 * Decoders never throw: they return the value they could read plus issues. An issue names a stable
 * rule (kebab-case; the validator prefixes it to build the diagnostic code) and, when it is about
 * part of the value, the cells or the string it is about.
 */
export interface Issue {
  rule: string;
  message: string;
  hint?: string;
  severity?: 'error' | 'warning' | 'info';
  /** First 32-bit cell and count the issue is about, inside the decoded property. */
  cell?: number;
  count?: number;
  /** Index of the string the issue is about, inside a string-list property. */
  string?: number;
}

/** Where one item of a decoded array sits in the property: a run of cells, or one string. */
export type ItemPlace = { cell: number; count: number } | { string: number };

export type Decoded<T> =
  | { ok: true; value: T; items?: ItemPlace[]; issues: Issue[] }
  | { ok: false; issues: Issue[] };

export function ok<T>(value: T, items?: ItemPlace[], issues: Issue[] = []): Decoded<T> {
  return items ? { ok: true, value, items, issues } : { ok: true, value, issues };
}

export function fail<T>(
  rule: string,
  message: string,
  extra: Omit<Issue, 'rule' | 'message'> = {},
): Decoded<T> {
  return { ok: false, issues: [{ rule, message, ...extra }] };
}
