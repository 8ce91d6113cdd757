/**
 * The template engine: one isolated Handlebars environment (`Handlebars.create()`, so nothing else
 * in the process can register helpers or partials into it), templates compiled in strict mode (a
 * field the view model lacks is an error, not an empty string) with only our helpers known.
 *
 * Escaping stays on for every template: a value printed without a helper comes out HTML-escaped,
 * which is wrong for a shell script but never unsafe. The target helpers (`sh`, `json`, `dot`,
 * `renodeComment`, …) return SafeStrings holding text already escaped for their target.
 */
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import {
  dotString,
  jsonForHtml,
  kconfigComment,
  kconfigLine,
  renodeComment,
  renodeIdentifier,
  renodeString,
  shellComment,
  shellWord,
  singleLine,
} from './escape.js';

export const TEMPLATE_NAMES = [
  'qemu.sh',
  'platform.repl',
  'kconfig.fragment',
  'wiring.dot',
  'report.html',
] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

type Env = ReturnType<typeof Handlebars.create>;
type Safe = InstanceType<Env['SafeString']>;

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new Error(`template helper expected a string or number, got ${typeof value}`);
}

/** Helpers by name; each takes its value first (Handlebars appends an options object). */
function helpers(env: Env): Record<string, (...args: unknown[]) => Safe | string | boolean> {
  const safe = (s: string) => new env.SafeString(s);
  return {
    sh: (v) => safe(shellWord(text(v))),
    shComment: (v) => safe(shellComment(text(v))),
    kconfigLine: (v) => safe(kconfigLine(text(v))),
    json: (v) => safe(jsonForHtml(v)),
    dot: (v) => safe(dotString(text(v))),
    renodeComment: (v) => safe(renodeComment(text(v))),
    renodeString: (v) => safe(renodeString(text(v))),
    renodeId: (v) => safe(renodeIdentifier(text(v))),
    kconfigComment: (v) => safe(kconfigComment(text(v))),
    /** One-line text for HTML (escaped by Handlebars afterwards: returns a plain string). */
    oneLine: (v) => singleLine(text(v)),
    /** Generated SVG from our Graphviz run: checked, then inlined as markup. */
    inlineSvg: (v) => safe(checkedSvg(text(v))),
    eq: (a, b) => a === b,
  };
}

/** The SVG we inline comes from Graphviz over escaped DOT; refuse anything that could run script. */
function checkedSvg(svg: string): string {
  if (!svg.startsWith('<svg') || /<script|<foreignObject|\son[a-z]+\s*=|javascript:/i.test(svg))
    throw new Error('refusing to inline an SVG that is not plain Graphviz output');
  return svg;
}

function templateDir(): string {
  // From source (`templates/engine.ts`) the templates sit beside us; from `dist/templates/` they
  // are the package's `templates/hbs` folder two levels up.
  for (const rel of ['./hbs/', '../../templates/hbs/']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (fs.existsSync(dir)) return dir;
  }
  throw new Error('templates/hbs not found next to the template engine');
}

export type Renderer = (name: TemplateName, model: object) => string;

/** Builds the environment and compiles every template once. */
export function createRenderer(): Renderer {
  const env = Handlebars.create();
  const registered = helpers(env);
  for (const [name, fn] of Object.entries(registered)) env.registerHelper(name, fn);
  // Built-ins the templates have no use for: `log` writes to the console, `lookup` reads fields by
  // computed name (past what the view model's schema promises).
  env.unregisterHelper('log');
  env.unregisterHelper('lookup');
  const knownHelpers = Object.fromEntries(Object.keys(registered).map((k) => [k, true]));
  const dir = templateDir();
  const compiled = new Map<TemplateName, HandlebarsTemplateDelegate>();
  for (const name of TEMPLATE_NAMES) {
    const source = fs.readFileSync(`${dir}${name}.hbs`, 'utf8');
    compiled.set(
      name,
      env.compile(source, {
        strict: true,
        noEscape: false,
        knownHelpers,
        knownHelpersOnly: true,
        preventIndent: true,
      }),
    );
  }
  return (name, model) => {
    const t = compiled.get(name);
    if (!t) throw new Error(`no template ${name}`);
    return t(model, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
  };
}

let shared: Renderer | undefined;
/** One renderer per process (templates are read and compiled on first use). */
export function renderer(): Renderer {
  shared ??= createRenderer();
  return shared;
}
