/**
 * Escaping for every target a DT string can land in. DT strings are arbitrary bytes (latin1): a
 * `model` may hold quotes, `$()`, backticks, `</script>`, newlines or NUL. Each function here turns
 * such a string into text that the target reads back as inert data; the templates reach them only
 * through the helpers registered in `engine.ts`.
 */

/** C0 controls other than tab and newline, DEL, and NUL: never useful in any output. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/** Printable single-line text (comments, labels): controls and line breaks become `?`/spaces. */
export function singleLine(s: string): string {
  return s.replace(CONTROL, '?').replace(/[\r\n\t\u2028\u2029]/g, ' ');
}

/**
 * One POSIX shell word: single-quoted, with `'` spelled `'\''`. Nothing is special inside single
 * quotes, so `$()`, backticks and newlines stay literal. NUL cannot be carried by an argv string.
 */
export function shellWord(s: string): string {
  return `'${s.replace(/\u0000/g, '?').replace(/'/g, `'\\''`)}'`;
}

/**
 * JSON that is also safe inside an HTML `<script type="application/json">` element: `<`, `>` and
 * `&` are written as \u escapes (no `</script>` or `<!--` can appear), as are U+2028/U+2029.
 */
export function jsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * A Renode `.repl` comment body: one line (a newline would end a `//` comment and start an entry)
 * and no `*` + `/` pair (which would close a block comment around it).
 */
export function renodeComment(s: string): string {
  return singleLine(s).replace(/\*\//g, '* /');
}

/** A Renode `.repl` double-quoted string: printable ASCII only, quotes and backslashes dropped. */
export function renodeString(s: string): string {
  return `"${s.replace(/[^\u0020-\u007e]|["\\]/g, '_')}"`;
}

/** A Renode entry name: an identifier (`[A-Za-z_][A-Za-z0-9_]*`). */
export function renodeIdentifier(s: string): string {
  const id = s.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(id) ? id : `_${id}`;
}

/**
 * A Graphviz double-quoted string. Backslashes are doubled so DT text never forms an escString
 * sequence (`\N`, `\G`, `\l`); quotes are escaped; a line break becomes a centred `\n`.
 */
export function dotString(s: string): string {
  const body = s
    .replace(CONTROL, '?')
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\r\n|[\r\n\u2028\u2029]/g, '\\n');
  return `"${body}"`;
}

/**
 * The defconfig fragment is Kconfig's own syntax; our lines are generated, never taken from a DT,
 * but a comment may name a node: one line, prefixed with `# `.
 */
export function kconfigComment(s: string): string {
  return `# ${singleLine(s)}`;
}

/** A shell comment line: one line, so nothing after it can become a command. */
export function shellComment(s: string): string {
  return `# ${singleLine(s)}`;
}

/** A defconfig line as the Kconfig checker writes it; anything else is refused, not escaped. */
export function kconfigLine(s: string): string {
  if (!/^(CONFIG_[A-Za-z0-9_]+=("[^"\\\n]*"|[A-Za-z0-9_x-]+)|# CONFIG_[A-Za-z0-9_]+ is not set)$/.test(s))
    throw new Error(`not a defconfig line: ${JSON.stringify(s)}`);
  return s;
}
