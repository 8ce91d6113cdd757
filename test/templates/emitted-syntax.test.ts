/**
 * The syntax-level checks of test/support/emitted-files.ts (no Renode binary here): the `.repl`
 * of every bundled platform and every golden is valid in the subset we emit and numbered by
 * Renode's rules (protocols §7.1: `-> gic@N` is SPI N, PPIs via `gic#cpu@16+n`); the golden pages
 * and SVGs are well formed and self-contained; and the checks themselves catch what they exist for.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitInputsFor } from '../../cli/emit.js';
import { NodeFileSystem } from '../../compiler/source/file-system.js';
import { loadPlatform } from '../../runtime/platform/load.js';
import { renderOutputs } from '../../templates/emit.js';
import {
  checkDot,
  checkHtmlPage,
  checkKconfigFragment,
  checkRepl,
  checkReplWiring,
  checkSvg,
} from '../support/emitted-files.js';
import { GOLDEN_DIR } from './support.js';

const platforms = fs
  .readdirSync('platforms')
  .filter((p) => fs.existsSync(path.join('platforms', p, 'board.dts')))
  .sort();

describe('platform.repl of every bundled platform', () => {
  for (const name of platforms)
    it(name, async () => {
      const input = path.join('platforms', name);
      const loaded = loadPlatform({ input, compile: {}, fs: new NodeFileSystem() });
      const inputs = emitInputsFor(loaded, ['renode', 'kconfig', 'qemu'], input)!;
      const result = await renderOutputs(['renode', 'kconfig'], inputs);
      const repl = result.files.find((f) => f.name === 'platform.repl')!.content;
      const checked = checkRepl(repl);
      expect(checked.problems).toEqual([]);
      expect(checkReplWiring(checked.entries, inputs.description.interrupts)).toEqual([]);
      // Every GIC line of a modelled device is wired by its SPI number.
      for (const e of checked.entries.filter((x) => x.path && x.parent === 'sysbus'))
        for (const l of e.lines) expect(l.destination).toMatch(/^gic@\d+$/);
      expect(checked.entries.filter((e) => e.type.startsWith('CPU.')).length).toBe(
        inputs.description.cpus.length,
      );
      const fragment = result.files.find((f) => f.name === 'kconfig.fragment')!.content;
      expect(checkKconfigFragment(fragment)).toEqual([]);
    });
});

describe('golden outputs are well formed', () => {
  for (const board of fs.readdirSync(GOLDEN_DIR).sort())
    it(board, () => {
      const read = (name: string) => fs.readFileSync(path.join(GOLDEN_DIR, board, name), 'utf8');
      expect(checkRepl(read('platform.repl')).problems).toEqual([]);
      expect(checkHtmlPage(read('report.html'))).toEqual([]);
      expect(checkSvg(read('wiring.svg'))).toEqual([]);
      expect(checkDot(read('wiring.dot'))).toEqual([]);
      expect(checkKconfigFragment(read('kconfig.fragment'))).toEqual([]);
    });
});

describe('the checks catch', () => {
  const repl = (body: string) => `cpu0: CPU.ARMv8A @ sysbus
    cpuType: "cortex-a53"

gic: IRQControllers.ARM_GenericInterruptController @ {
        sysbus new Bus.BusMultiRegistration { address: 0x8000000; size: 0x10000; region: "distributor" }
    }
    [0-1] -> cpu0@[0-1]

${body}
`;
  it('a valid .repl', () => {
    const r = checkRepl(repl('// /uart@9000000\nuart: UART.PL011 @ sysbus 0x9000000\n    -> gic@1'));
    expect(r.problems).toEqual([]);
    expect(r.entries.find((e) => e.name === 'uart')).toMatchObject({
      path: '/uart@9000000',
      address: 0x9000000n,
      lines: [{ output: 'IRQ', destination: 'gic@1' }],
    });
    const irq = { node: '/uart@9000000', type: 'spi', number: 1 };
    expect(checkReplWiring(r.entries, [irq])).toEqual([]);
    // INTID 33 written as the destination instead of SPI 1: Renode would raise the wrong line.
    expect(checkReplWiring(r.entries, [{ ...irq, number: 33 }])).toHaveLength(1);
  });

  it.each([
    ['bad indentation', 'uart: UART.PL011 @ sysbus 0x9000000\n  -> gic@1'],
    ['a tab', 'uart: UART.PL011 @ sysbus 0x9000000\n\t-> gic@1'],
    ['no address', 'uart: UART.PL011 @ sysbus\n    -> gic@1'],
    ['an undefined destination', 'uart: UART.PL011 @ sysbus 0x9000000\n    -> pic@1'],
    ['an INTID beyond the GIC', 'uart: UART.PL011 @ sysbus 0x9000000\n    -> gic@1000'],
    ['a PPI out of range', 'uart: UART.PL011 @ sysbus 0x9000000\n    -> gic#0@14'],
    ['a PPI of a missing CPU', 'uart: UART.PL011 @ sysbus 0x9000000\n    -> gic#3@30'],
    ['a duplicate name', 'cpu0: UART.PL011 @ sysbus 0x9000000'],
    ['an unquoted string', 'uart: UART.PL011 @ sysbus 0x9000000\n    name: a b'],
    ['a registration point that is not defined', 'timer0: Timers.ARM_GenericTimer @ cpu9'],
    ['a comment break-out', '// x */ y\nuart: UART.PL011 @ sysbus 0x9000000'],
  ])('%s in a .repl', (_what, body) => {
    expect(checkRepl(repl(body)).problems).not.toEqual([]);
  });

  const page = (body: string) =>
    `<!DOCTYPE html>\n<html><head><title>t</title><style>p { color: red; }</style></head><body>${body}</body></html>\n`;
  it('a self-contained page, a URL in its text included', () => {
    expect(checkHtmlPage(page('<p>see https://example.com/x &amp; more</p><br>'))).toEqual([]);
  });
  it.each([
    ['a link to elsewhere', '<a href="https://example.com">x</a>'],
    ['an external image', '<img src="http://example.com/a.png">'],
    ['a stylesheet', '<link rel="stylesheet" href="s.css">'],
    ['an unclosed element', '<div><p>x</p>'],
    ['a stray <', '<p>a < b</p>'],
    ['a bare &', '<p>a & b</p>'],
    ['a CSS url()', '<p style="background: url(x.png)">x</p>'],
  ])('%s in a page', (_what, body) => {
    expect(checkHtmlPage(page(body))).not.toEqual([]);
  });
  it('a broken SVG or DOT', () => {
    expect(checkSvg('<svg><g></svg>')).not.toEqual([]);
    expect(checkDot('digraph g { a -> "b }')).not.toEqual([]);
    expect(checkKconfigFragment('CONFIG_A=y\nCONFIG_B y\n')).toHaveLength(1);
  });
});
