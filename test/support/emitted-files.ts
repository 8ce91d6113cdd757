/**
 * Syntax-level checks of the files `dtpc build --emit` writes, for tests and conformance scripts
 * (there is no Renode binary or HTML validator here): each returns a list of problems, empty when
 * the file is well formed. They check the subset of each format our templates produce, strictly.
 */

/** One entry of a `.repl`, as far as the checks need it. */
export interface ReplEntry {
  name: string;
  type: string;
  /** `sysbus`, a CPU name, or `multi` for `@ { … }`. */
  parent: string;
  address?: bigint;
  /** The DT path of the `// /path` comment just above the entry. */
  path?: string;
  /** Interrupt connections: output name (`IRQ` when unnamed) → destination. */
  lines: { output: string; destination: string }[];
}

export interface ReplCheck {
  problems: string[];
  entries: ReplEntry[];
}

const HEX = /^0x[0-9a-f]+$/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Highest SPI number a GIC has: INTID 1019. */
const MAX_SPI = 1019 - 32;

/**
 * Checks a Renode platform description in the shape our template writes: 4-space attribute
 * indentation, `name: Type @ sysbus <addr>` (or `@ <cpu>` for per-CPU timers, `@ { … }` for the
 * GIC), unique names, defined references, hex addresses, and interrupt destinations by Renode's
 * numbering (protocols §7.1): `-> gic@N` with N an SPI number, `-> gic#C@M` with C a CPU index and
 * M = 16 + PPI, `[a-b] -> cpu@[0-1]` for the GIC's IRQ/FIQ outputs.
 */
export function checkRepl(text: string): ReplCheck {
  const problems: string[] = [];
  const entries: ReplEntry[] = [];
  const lines = text.split('\n');
  let current: ReplEntry | undefined;
  let lastComment: string | undefined;
  let inMulti = false;
  const problem = (i: number, what: string) => problems.push(`line ${i + 1}: ${what}: ${lines[i]}`);
  if (!text.endsWith('\n')) problems.push('no final newline');

  for (const [i, line] of lines.entries()) {
    if (/\s$/.test(line)) problem(i, 'trailing white space');
    if (line.includes('\t')) problem(i, 'tab');
    if (inMulti) {
      if (line === '    }') inMulti = false;
      else if (!/^ {8}sysbus new [A-Za-z.]+ \{ [^{}]+ \};?$/.test(line)) problem(i, 'bad multi-registration');
      continue;
    }
    if (line === '') {
      current = undefined;
      continue;
    }
    if (line.startsWith('//')) {
      if (/\*\/|\/\*/.test(line)) problem(i, 'block-comment marker inside a comment');
      lastComment = line.slice(2).trim();
      continue;
    }
    const entry = /^([^\s:]+): ([A-Za-z][A-Za-z0-9_.]*) @ (.*)$/.exec(line);
    if (entry) {
      const [, name, type, where] = entry as unknown as [string, string, string, string];
      if (!NAME.test(name)) problem(i, 'entry name is not an identifier');
      if (entries.some((e) => e.name === name)) problem(i, `duplicate name ${name}`);
      current = { name, type, parent: '', lines: [] };
      if (lastComment?.startsWith('/')) current.path = lastComment;
      lastComment = undefined;
      const bus = /^sysbus(?: (0x[0-9a-f]+))?$/.exec(where);
      if (bus) {
        current.parent = 'sysbus';
        if (bus[1]) current.address = BigInt(bus[1]);
        else if (!type.startsWith('CPU.')) problem(i, 'a sysbus peripheral needs an address');
      } else if (where === '{') {
        current.parent = 'multi';
        inMulti = true;
      } else if (NAME.test(where)) current.parent = where;
      else problem(i, 'bad registration point');
      entries.push(current);
      continue;
    }
    if (!line.startsWith('    ') || line.startsWith('     ')) {
      problem(i, 'not an entry and not indented by 4 spaces');
      continue;
    }
    if (!current) {
      problem(i, 'attribute outside an entry');
      continue;
    }
    const body = line.slice(4);
    const range = /^\[(\d+)-(\d+)\] -> ([A-Za-z_]\w*)@\[(\d+)-(\d+)\]$/.exec(body);
    if (range) {
      const [a, b, , c, d] = [
        Number(range[1]),
        Number(range[2]),
        range[3],
        Number(range[4]),
        Number(range[5]),
      ];
      if (b < a || d < c || b - a !== d - c) problem(i, 'source and destination ranges differ in size');
      current.lines.push({ output: `[${a}-${b}]`, destination: `${range[3]}@[${c}-${d}]` });
      continue;
    }
    const irq = /^(?:([A-Za-z]\w*) )?-> (\S+)$/.exec(body);
    if (irq) {
      current.lines.push({ output: irq[1] ?? 'IRQ', destination: irq[2]! });
      continue;
    }
    const attr = /^([A-Za-z]\w*): (.+)$/.exec(body);
    if (!attr) {
      problem(i, 'not an attribute');
      continue;
    }
    const value = attr[2]!;
    const ok =
      HEX.test(value) ||
      /^\d+$/.test(value) ||
      /^(true|false)$/.test(value) ||
      /^"(?:[^"\\\n]|\\.)*"$/.test(value) ||
      /^[A-Za-z_][\w.]*$/.test(value);
    if (!ok) problem(i, 'value is not a number, string, boolean or reference');
  }
  if (inMulti) problems.push('unterminated multi-registration');

  // References and interrupt numbering, now that every name is known.
  const names = new Set(entries.map((e) => e.name));
  const cpus = entries.filter((e) => e.type.startsWith('CPU.'));
  for (const e of entries) {
    if (e.parent !== 'sysbus' && e.parent !== 'multi' && !names.has(e.parent))
      problems.push(`${e.name}: registered at undefined ${e.parent}`);
    for (const l of e.lines) {
      const spi = /^([A-Za-z_]\w*)@(\d+)$/.exec(l.destination);
      const ppi = /^([A-Za-z_]\w*)#(\d+)@(\d+)$/.exec(l.destination);
      const multi = /^([A-Za-z_]\w*)@\[\d+-\d+\]$/.exec(l.destination);
      const target = (spi ?? ppi ?? multi)?.[1];
      if (!target) problems.push(`${e.name}: bad destination ${l.destination}`);
      else if (!names.has(target)) problems.push(`${e.name}: destination ${target} is not defined`);
      if (
        spi &&
        (Number(spi[2]) > MAX_SPI || !entries.find((x) => x.name === spi[1])?.type.includes('Interrupt'))
      )
        problems.push(`${e.name}: ${l.destination} is not an SPI of an interrupt controller`);
      if (ppi) {
        const m = Number(ppi[3]);
        if (m < 16 || m > 31) problems.push(`${e.name}: ${l.destination}: a PPI goes to 16..31`);
        if (Number(ppi[2]) >= cpus.length) problems.push(`${e.name}: ${l.destination}: no CPU ${ppi[2]}`);
      }
      if (multi && !cpus.some((c) => c.name === multi[1]))
        problems.push(`${e.name}: ${l.destination}: GIC outputs go to CPUs`);
    }
  }
  const placed = entries.filter((e) => e.address !== undefined);
  for (const [i, e] of placed.entries())
    if (placed.slice(0, i).some((x) => x.address === e.address))
      problems.push(`${e.name}: two entries at ${e.address!.toString(16)}`);
  return { problems, entries };
}

const VOID = new Set(['meta', 'link', 'br', 'hr', 'img', 'input', 'col', 'wbr', 'area', 'base', 'source']);
/** The namespaces an inline SVG declares: names, not fetched. */
const NAMESPACES = ['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink'];

/**
 * Balanced tags, well-formed entities and attributes. `xml` mode (SVG) requires every element to
 * be closed; HTML mode knows the void elements and the raw-text ones.
 */
function markupProblems(text: string, xml: boolean): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const token =
    /<!--[\s\S]*?-->|<!DOCTYPE[^>]*>|<\?xml[^>]*\?>|<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+(?:="[^"<]*"|='[^'<]*')?)*)\s*(\/?)>|<|&(?![a-zA-Z]+;|#\d+;|#x[0-9a-fA-F]+;)/g;
  for (let m = token.exec(text); m; m = token.exec(text)) {
    if (m[0] === '<') {
      problems.push(`stray '<' at ${m.index}: ${text.slice(m.index, m.index + 40)}`);
      continue;
    }
    if (m[0] === '&') {
      problems.push(`bare '&' at ${m.index}: ${text.slice(m.index, m.index + 20)}`);
      continue;
    }
    if (!m[2]) continue;
    const name = xml ? m[2] : m[2].toLowerCase();
    if (m[1]) {
      const open = stack.pop();
      if (open !== name) {
        problems.push(`</${name}> closes <${open ?? 'nothing'}> at ${m.index}`);
        return problems;
      }
    } else if (!m[4] && !(!xml && VOID.has(name))) {
      stack.push(name);
      if (!xml && (name === 'script' || name === 'style')) {
        const end = text.indexOf(`</${name}>`, token.lastIndex);
        if (end < 0) problems.push(`<${name}> never closed`);
        else token.lastIndex = end;
      }
    }
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(' > ')}`);
  return problems;
}

/**
 * External references a page opened offline would try to load or follow: in tags (attributes) and
 * in style and script bodies. A URL in the text, such as a DTS comment shown as source, is inert.
 */
function externalReferences(text: string): string[] {
  const problems: string[] = [];
  const active = [
    ...text.matchAll(/<[A-Za-z][^>]*>/g),
    ...text.matchAll(/<(style|script)\b[^>]*>([\s\S]*?)<\/\1>/gi),
  ]
    .map((m) => m[0])
    .join('\n');
  let rest = active;
  for (const ns of NAMESPACES) rest = rest.split(`"${ns}"`).join('""');
  for (const m of rest.matchAll(/\b(?:https?|ftp|wss?|file):\/\/[^\s"'<>]*/g))
    problems.push(`external URL ${m[0]}`);
  for (const m of rest.matchAll(/\b(src|href|xlink:href|action)="([^"]*)"/g))
    if (!/^(#|data:)/.test(m[2]!)) problems.push(`${m[1]}="${m[2]}" is not local to the page`);
  if (/<(link|iframe|object|embed|base)\b/i.test(rest)) problems.push('loads another document');
  if (/<script\b[^>]*\bsrc=/i.test(rest)) problems.push('loads an external script');
  if (/url\(\s*['"]?(?!#|data:)/i.test(rest)) problems.push('CSS url() outside the page');
  if (/@import/i.test(rest)) problems.push('CSS @import');
  return problems;
}

/** report.html: one self-contained HTML page, well formed, with nothing loaded from elsewhere. */
export function checkHtmlPage(text: string): string[] {
  const problems: string[] = [];
  if (!text.startsWith('<!DOCTYPE html>')) problems.push('does not start with <!DOCTYPE html>');
  for (const tag of ['html', 'head', 'body'])
    if ((text.match(new RegExp(`<${tag}[\\s>]`, 'g')) ?? []).length !== 1)
      problems.push(`not exactly one <${tag}>`);
  const head = text.slice(0, text.indexOf('</head>'));
  if ((head.match(/<title>/g) ?? []).length !== 1) problems.push('not exactly one <title> in <head>');
  if (!/<\/html>\s*$/.test(text)) problems.push('does not end with </html>');
  return [...problems, ...markupProblems(text, false), ...externalReferences(text)];
}

/** wiring.svg: an XML prolog at most, then one well-formed `<svg>` element. */
export function checkSvg(text: string): string[] {
  const start = text.indexOf('<svg');
  const problems: string[] = [];
  if (start < 0) return ['no <svg> element'];
  if (!/<\/svg>\s*$/.test(text)) problems.push('does not end with </svg>');
  if (/<svg[\s>]/.test(text.slice(start + 4))) problems.push('more than one <svg> element');
  return [...problems, ...markupProblems(text.slice(start), true), ...externalReferences(text.slice(start))];
}

/** wiring.dot: one digraph with balanced braces outside quoted strings. */
export function checkDot(text: string): string[] {
  const problems: string[] = [];
  const body = text.replace(/^\/\/.*$/gm, '');
  if (!/^\s*digraph [A-Za-z_]\w* \{/.test(body)) problems.push('not a digraph');
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
      else if (c === '\n') problems.push(`newline inside a quoted string at ${i}`);
    } else if (c === '"') quoted = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth < 0) problems.push(`unbalanced } at ${i}`);
  }
  if (quoted) problems.push('unterminated string');
  if (depth !== 0) problems.push('unbalanced braces');
  return problems;
}

/** kconfig.fragment: comments and `CONFIG_X=y|m|n|value` lines only. */
export function checkKconfigFragment(text: string): string[] {
  return text
    .split('\n')
    .filter(
      (l) =>
        l !== '' &&
        !l.startsWith('#') &&
        !/^CONFIG_[A-Za-z0-9_]+=(y|m|n|"[^"\n]*"|-?\d+|0x[0-9a-fA-F]+)$/.test(l),
    )
    .map((l) => `not a fragment line: ${l}`);
}

/**
 * The `.repl`'s interrupt wiring against the board's interrupts (protocols §8 item 13): an entry
 * commented with a DT path wires `-> gic@N` only for an SPI N of that node, and every
 * `gic#C@M` is PPI M-16 of some line of the tree.
 */
export function checkReplWiring(
  entries: readonly ReplEntry[],
  interrupts: readonly { node: string; type: string; number: number }[],
): string[] {
  const problems: string[] = [];
  for (const e of entries)
    for (const l of e.lines) {
      const spi = /^gic@(\d+)$/.exec(l.destination);
      const ppi = /^gic#\d+@(\d+)$/.exec(l.destination);
      if (
        spi &&
        e.path &&
        !interrupts.some((i) => i.node === e.path && i.type === 'spi' && i.number === Number(spi[1]))
      )
        problems.push(`${e.name} (${e.path}): -> ${l.destination} is no SPI of the node`);
      if (ppi && !interrupts.some((i) => i.type === 'ppi' && i.number === Number(ppi[1]) - 16))
        problems.push(`${e.name}: ${l.output} -> ${l.destination} is no PPI of the tree`);
    }
  return problems;
}
