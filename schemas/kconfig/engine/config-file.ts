import type { Diagnostic, Span } from '../../../compiler/diagnostics/diagnostic.js';
import { appendAll } from '../../../compiler/diagnostics/diagnostic.js';
import type { KconfigModel, KSymbol, MenuNode, Tristate } from './model.js';
import { isValidHex, isValidInt } from './numbers.js';
import type { UserValue } from './resolve.js';

/**
 * `.config` and defconfig fragments, read the way conf_read_simple() (scripts/kconfig/confdata.c)
 * reads them:
 * - `CONFIG_X=value`: bool/tristate look at the first character only (y, n, and m for tristate);
 *   strings must start with `"` and end at the next unescaped `"`; int/hex must be valid as a whole;
 * - `# CONFIG_X is not set` means n (ignored for string symbols); any other `#` line is a comment;
 * - other lines are "unexpected data".
 * The C tools print warnings for bad lines and carry on; here each is a `kconfig/config-…`
 * diagnostic with file and line.
 */

export interface ConfigEntry {
  readonly name: string;
  /** The text after `=`, or "n" for `# CONFIG_X is not set`. */
  readonly raw: string;
  readonly unset: boolean;
  readonly file: string;
  readonly line: number;
}

export interface ConfigText {
  readonly entries: ConfigEntry[];
  readonly diagnostics: Diagnostic[];
}

function span(file: string, line: number, col = 1, length = 1): Span {
  return { file, line, col, endLine: line, endCol: col + length };
}

/** Splits a .config / fragment into assignments; knows nothing about the Kconfig tree. */
export function parseConfigText(text: string, file: string, prefix = 'CONFIG_'): ConfigText {
  const entries: ConfigEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((rawLine, index) => {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    const lineNo = index + 1;
    if (line === '') return;
    if (line[0] === '#') {
      if (line[1] !== ' ') return;
      const rest = line.slice(2);
      if (!rest.startsWith(prefix)) return;
      const space = rest.indexOf(' ', prefix.length);
      if (space < 0) return;
      if (rest.slice(space + 1) !== 'is not set') return;
      entries.push({ name: rest.slice(prefix.length, space), raw: 'n', unset: true, file, line: lineNo });
      return;
    }
    const eq = line.indexOf('=');
    if (!line.startsWith(prefix) || eq < 0) {
      diagnostics.push({
        code: 'kconfig/config-unexpected-data',
        severity: 'warning',
        message: `unexpected data: ${line}`,
        span: span(file, lineNo, 1, line.length),
        hint: `expected "${prefix}NAME=value" or "# ${prefix}NAME is not set"`,
      });
      return;
    }
    entries.push({
      name: line.slice(prefix.length, eq),
      raw: line.slice(eq + 1),
      unset: false,
      file,
      line: lineNo,
    });
  });
  return { entries, diagnostics };
}

/** What a set of config files asks for, checked against a Kconfig tree. */
export interface UserConfig {
  /** Accepted values by symbol id (the last assignment wins). */
  readonly values: Map<number, UserValue>;
  /** Every assignment as written, including rejected ones, by symbol name (the last one wins). */
  readonly requests: Map<string, ConfigRequest>;
  /** Choice members in priority order, as conf_read_simple() leaves the choice_members lists. */
  readonly choiceOrder: Map<MenuNode, KSymbol[]>;
  readonly diagnostics: Diagnostic[];
}

export interface ConfigRequest {
  readonly name: string;
  readonly raw: string;
  readonly unset: boolean;
  readonly file: string;
  readonly line: number;
  /** Why the value was not accepted (unknown symbol, invalid value), if it was not. */
  readonly rejected?: 'unknown-symbol' | 'invalid-value';
}

export function applyConfig(model: KconfigModel, texts: readonly ConfigText[]): UserConfig {
  const values = new Map<number, UserValue>();
  const requests = new Map<string, ConfigRequest>();
  const diagnostics: Diagnostic[] = [];
  const choiceOrder = new Map<MenuNode, KSymbol[]>();
  for (const choice of model.choices) choiceOrder.set(choice.menu, [...choice.members]);
  const seen = new Map<number, ConfigEntry>();

  for (const text of texts) {
    appendAll(diagnostics, text.diagnostics);
    for (const entry of text.entries) {
      const symbol = model.byName.get(entry.name);
      const at = span(entry.file, entry.line, 1, entry.raw.length + entry.name.length + 8);
      if (!symbol || symbol.type === 'unknown') {
        requests.set(entry.name, { ...entry, rejected: 'unknown-symbol' });
        diagnostics.push({
          code: 'kconfig/config-unknown-symbol',
          severity: 'warning',
          message: `unknown symbol: ${entry.name}`,
          span: at,
          ...(symbol ? { notes: [`${entry.name} is referenced in the Kconfig tree but never defined`] } : {}),
        });
        continue;
      }
      const previous = seen.get(symbol.id);
      if (previous) {
        diagnostics.push({
          code: 'kconfig/config-override',
          severity: 'warning',
          message: `override: reassigning to symbol ${symbol.name}`,
          span: at,
          related: [{ span: span(previous.file, previous.line), message: 'previous assignment' }],
        });
      }
      const parsed = parseValue(symbol, entry);
      if (parsed === 'ignored') continue;
      if (parsed === undefined) {
        requests.set(entry.name, { ...entry, rejected: 'invalid-value' });
        const badString = symbol.type === 'string' && entry.raw.startsWith('"');
        diagnostics.push({
          code: badString ? 'kconfig/config-invalid-string' : 'kconfig/config-invalid-value',
          severity: 'warning',
          message: badString
            ? 'invalid string found'
            : `symbol value '${entry.raw}' invalid for ${symbol.name}`,
          span: at,
        });
        continue;
      }
      seen.set(symbol.id, entry);
      values.set(symbol.id, parsed);
      requests.set(entry.name, { ...entry });
      if (symbol.choice) {
        const order = choiceOrder.get(symbol.choice);
        if (order) {
          const i = order.indexOf(symbol);
          if (i >= 0) order.splice(i, 1);
          order.unshift(symbol);
        }
      }
    }
  }
  return { values, requests, choiceOrder, diagnostics };
}

/** conf_set_sym_val(): undefined = invalid, 'ignored' = silently skipped (unset string). */
function parseValue(symbol: KSymbol, entry: ConfigEntry): UserValue | undefined | 'ignored' {
  const p = entry.raw;
  switch (symbol.type) {
    case 'bool':
    case 'tristate': {
      let tri: Tristate | undefined;
      if (p[0] === 'm' && symbol.type === 'tristate') tri = 1;
      else if (p[0] === 'y') tri = 2;
      else if (p[0] === 'n') tri = 0;
      return tri === undefined ? undefined : { tri, str: ['n', 'm', 'y'][tri]! };
    }
    case 'string': {
      if (p[0] !== '"') return 'ignored';
      let out = '';
      for (let i = 1; i < p.length; i++) {
        const c = p[i]!;
        if (c === '"') return { tri: 0, str: out };
        if (c === '\\') {
          i++;
          if (i < p.length) out += p[i];
          continue;
        }
        out += c;
      }
      return undefined;
    }
    case 'int':
      return isValidInt(p) ? { tri: 0, str: p } : undefined;
    case 'hex':
      return isValidHex(p) ? { tri: 0, str: p } : undefined;
    default:
      return 'ignored';
  }
}

/** escape_string_value(): quotes and backslashes are escaped. */
export function escapeString(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
