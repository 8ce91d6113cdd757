/**
 * Hostile DT strings through every template: a `model`, node names and `compatible` values holding
 * quotes, `$()`, backticks, `</script>`, comment closers, newlines and NUL. Each output must still
 * parse (or run) as its target and carry the strings as inert data.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { preparePlatform } from '../../runtime/platform/prepare.js';
import { EMIT_KINDS, type EmitResult, renderOutputs } from '../../templates/emit.js';
import { dotToSvg } from '../../templates/graphviz.js';
import { BOARDS_DIR, inputsFor } from './support.js';

const MARK = path.join(os.tmpdir(), `dtpc-pwned-${process.pid}`);
/** Everything a target might treat as syntax, plus a command that must never run. */
const EVIL = `q"'\`touch ${MARK}\`$(touch ${MARK});</script><!--x-->*/ {}[]\\N\\"\nnext-line`;
const EVIL_DTS = EVIL.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
/** Node names cannot hold `/`; a DTB can carry any other byte, NUL included. */
const EVIL_NAME = `evil"'\`$(touch ${MARK.replace(/\//g, '_')})\`<script>-->*;\n\u0000x@9010000`;

async function hostileOutputs(): Promise<EmitResult> {
  const file = path.join(BOARDS_DIR, 'virt-optee.dts');
  const text = fs
    .readFileSync(file, 'latin1')
    .replace(/model = "[^"]*"/, `model = "${EVIL_DTS}"`)
    .replace(
      '\tserial@9000000 {',
      `\tevil@9010000 {\n\t\tcompatible = "${EVIL_DTS}", "arm,pl011";\n\t\treg = <0x0 0x09010000 0x0 0x1000>;\n\t\tinterrupts = <0 2 4>;\n\t};\n\n\tserial@9000000 {`,
    );
  const inputs = inputsFor(file, text);
  const evil = inputs.tree.nodeByPath('/evil@9010000');
  if (!evil) throw new Error('fixture edit failed');
  evil.name = EVIL_NAME;
  // Described again so node paths carry the hostile name.
  inputs.description = preparePlatform(inputs.tree).description;
  inputs.diagnostics = [
    ...(inputs.diagnostics ?? []),
    { code: 'test/hostile', severity: 'error', message: EVIL, nodePath: `/${EVIL_NAME}`, hint: EVIL },
  ];
  return renderOutputs(EMIT_KINDS, inputs);
}

describe('hostile strings', async () => {
  const result = await hostileOutputs();
  const file = (name: string) => {
    const f = result.files.find((x) => x.name === name);
    if (!f) throw new Error(`${name} not emitted: ${JSON.stringify(result.diagnostics)}`);
    return f.content;
  };

  it('renders every output', () => {
    expect(result.diagnostics.filter((d) => d.code === 'emit/internal-error')).toEqual([]);
    expect(result.files.map((f) => f.name).sort()).toEqual(
      ['kconfig.fragment', 'platform.repl', 'qemu.sh', 'report.html', 'wiring.dot', 'wiring.svg'].sort(),
    );
  });

  it('qemu.sh: passes the model through as data and runs nothing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtpc-emit-'));
    const script = path.join(dir, 'qemu.sh');
    fs.writeFileSync(script, file('qemu.sh'));
    const stub = path.join(dir, 'stub.sh');
    fs.writeFileSync(stub, '#!/bin/sh\nfor a in "$@"; do printf "<%s>\\n" "$a"; done\n', { mode: 0o755 });
    const out = execFileSync('sh', [script, 'extra arg'], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', QEMU: stub },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out).toContain('<-machine>\n<virt,gic-version=3,secure=on>\n');
    expect(out.trimEnd().split('\n').at(-1)).toBe('<extra arg>');
    expect(fs.existsSync(MARK)).toBe(false);
    // The model reaches the script's variable intact (as sh reads it back).
    const model = execFileSync(
      'sh',
      ['-c', `${file('qemu.sh').match(/^BOARD_MODEL=.*?(?=\nQEMU=)/ms)?.[0]}\nprintf %s "$BOARD_MODEL"`],
      {
        encoding: 'utf8',
      },
    );
    expect(model).toBe(EVIL);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('platform.repl: every line is a comment, an entry or an indented attribute; DT text only in comments', () => {
    for (const line of file('platform.repl').split('\n')) {
      if (line === '' || line.startsWith('//')) continue;
      expect(line).toMatch(/^([A-Za-z_][A-Za-z0-9_]*: [A-Za-z_.0-9]+ @ | {4}|\s+\}|\s+sysbus new )/);
      // Outside comments only our own quoted literals; DT names became identifiers.
      expect(line.replace(/"[A-Za-z0-9_-]*"/g, '')).not.toMatch(/["'`$\\\u0000]|<script|\n/);
    }
    for (const line of file('platform.repl').split('\n'))
      if (line.startsWith('//')) expect(line).not.toContain('*/');
  });

  it('wiring.dot: Graphviz parses it, one node per model node, labels as escaped text', async () => {
    const svg = await dotToSvg(file('wiring.dot'));
    expect(svg).toContain('&lt;/script&gt;');
    expect(svg).not.toMatch(/<script/i);
    expect(file('wiring.svg')).not.toMatch(/<script/i);
    const declared = file('wiring.dot').match(/^ {2}n\d+ \[/gm)?.length ?? 0;
    expect(svg.match(/class="node"/g)?.length).toBe(declared);
  });

  it('report.html: one script element (JSON data) that parses back; text escaped', () => {
    const html = file('report.html');
    expect(html.match(/<script/gi)?.length).toBe(1);
    expect(html.match(/<\/script/gi)?.length).toBe(1);
    const json = /<script type="application\/json" id="dtpc-data">(.*?)<\/script>/s.exec(html)?.[1];
    const data = JSON.parse(json ?? 'null') as { diagnostics: { message: string }[] };
    expect(data.diagnostics.some((d) => d.message === EVIL)).toBe(true);
    expect(html).toContain('&lt;/script&gt;');
    expect(html).not.toContain('\u0000');
    expect(html).not.toMatch(/<!--x-->/);
  });

  it('kconfig.fragment: the title comment stays one line', () => {
    for (const line of file('kconfig.fragment').split('\n'))
      expect(line === '' || line.startsWith('#') || line.startsWith('CONFIG_')).toBe(true);
  });
});
