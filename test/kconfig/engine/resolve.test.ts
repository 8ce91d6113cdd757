import { describe, expect, it } from 'vitest';
import { readConfig, resolveConfig } from '../../../schemas/kconfig/engine/index.js';
import { cfg, codes, MODULES, resolve, tree } from './helpers.js';

const TRI = `${MODULES}config A
\ttristate "A"
config E
\ttristate "E"
`;

describe('kconfig evaluation (scripts/kconfig/symbol.c semantics)', () => {
  it('computes tristate logic: && min, || max, ! = 2-x, comparisons y/n only', () => {
    const t = tree(`${TRI}config AND
\tdef_tristate A && E
config OR
\tdef_tristate A || E
config NOT
\tdef_tristate !A
config EQ
\tdef_bool A = E
config NE
\tdef_bool A != E
config LT
\tdef_bool A < E
`);
    const table: [string, string, Record<string, string>][] = [
      ['m', 'y', { AND: 'm', OR: 'y', NOT: 'm', EQ: 'n', NE: 'y', LT: 'y' }],
      ['y', 'n', { AND: 'n', OR: 'y', NOT: 'n', EQ: 'n', NE: 'y', LT: 'n' }],
      ['m', 'm', { AND: 'm', OR: 'm', NOT: 'm', EQ: 'y', NE: 'n', LT: 'n' }],
    ];
    for (const [a, e, want] of table) {
      const r = resolve(t, cfg({ A: a, E: e }));
      for (const [name, v] of Object.entries(want))
        expect(`${a}${e} ${name}=${r.value(name)}`).toBe(`${a}${e} ${name}=${v}`);
    }
  });

  it('bounds a value by depends on, promotes a bool with an m dependency to y', () => {
    const t = tree(`${TRI}config T
\ttristate "t"
\tdepends on A
config B
\tbool "b"
\tdepends on A
`);
    const r = resolve(t, cfg({ A: 'm', T: 'y', B: 'y' }));
    expect(r.value('T')).toBe('m');
    expect(r.value('B')).toBe('y');
    expect(r.change('T')?.reasons).toEqual([
      {
        kind: 'limited-by-dependencies',
        limit: 'm',
        unmet: [{ expr: 'A [=m]', value: 'm', symbols: ['A'] }],
      },
    ]);
    const r2 = resolve(t, cfg({ A: 'n', T: 'y' }));
    expect(r2.value('T')).toBe('n');
    expect(r2.change('T')?.reasons[0]).toMatchObject({ kind: 'not-visible' });
  });

  it('lets select force a value over unmet dependencies and warns like conf', () => {
    const t = tree(`${TRI}config SELECTOR
\ttristate "s"
\tselect SELECTED
config SELECTED
\ttristate "x"
\tdepends on E
`);
    const r = resolve(t, cfg({ SELECTOR: 'y', E: 'n', SELECTED: 'n' }));
    expect(r.value('SELECTED')).toBe('y');
    expect(r.unmetWarningsText()).toBe(
      '\nWARNING: unmet direct dependencies detected for SELECTED\n  Depends on [n]: E [=n]\n  Selected by [y]:\n  - SELECTOR [=y]\n',
    );
    expect(r.warnings.map((w) => w.code)).toEqual(['kconfig/unmet-direct-dependency']);
    expect(r.change('SELECTED')?.reasons.map((x) => x.kind)).toEqual(['not-visible', 'selected']);
    // m-select with dependency m: no warning
    const r2 = resolve(t, cfg({ SELECTOR: 'm', E: 'y' }));
    expect(r2.value('SELECTED')).toBe('m');
    expect(r2.warnings).toEqual([]);
  });

  it('applies select conditions and the selector’s own dependencies', () => {
    const t = tree(`${TRI}config S
\tbool "s"
\tselect T if A
config T
\tbool
config U
\tbool
\tdepends on E
\tselect T
config V
\tbool "v"
\tselect U
`);
    expect(resolve(t, cfg({ S: 'y', A: 'n' })).value('T')).toBe('n');
    expect(resolve(t, cfg({ S: 'y', A: 'y' })).value('T')).toBe('y');
    // U is forced on by V with E=n, but U's own select of T carries U's dependency (E): T stays n.
    const r = resolve(t, cfg({ V: 'y', E: 'n' }));
    expect(r.value('U')).toBe('y');
    expect(r.value('T')).toBe('n');
  });

  it('implements imply as the C tools do (ANDed with the dependency: m, not y)', () => {
    const t = tree(`${TRI}config IMPLIER
\ttristate "i"
\timply IMPLIED
config IMPLIED
\ttristate "x"
\tdepends on E
`);
    expect(resolve(t, cfg({ IMPLIER: 'y', E: 'y' })).value('IMPLIED')).toBe('y');
    expect(resolve(t, cfg({ IMPLIER: 'y', E: 'm' })).value('IMPLIED')).toBe('m'); // kconfiglib: y
    expect(resolve(t, cfg({ IMPLIER: 'y', E: 'y', IMPLIED: 'n' })).value('IMPLIED')).toBe('n');
    expect(resolve(t, cfg({ IMPLIER: 'y', E: 'n' })).value('IMPLIED')).toBe('n');
  });

  it('uses defaults in order, conditions included, only without a visible user value', () => {
    const t = tree(`${TRI}config D
\ttristate "d"
\tdefault m if A
\tdefault y
config HIDDEN
\tbool
\tdefault y
`);
    expect(resolve(t, cfg({ A: 'y' })).value('D')).toBe('m');
    expect(resolve(t, cfg({ A: 'n' })).value('D')).toBe('y');
    expect(resolve(t, cfg({ A: 'y', D: 'n' })).value('D')).toBe('n');
    const r = resolve(t, cfg({ HIDDEN: 'n' }));
    expect(r.value('HIDDEN')).toBe('y');
    expect(r.change('HIDDEN')?.reasons).toEqual([{ kind: 'no-prompt' }]);
  });

  it('ignores user values while a `visible if` menu hides the prompt', () => {
    const t = tree(`config SHOW
\tbool "show"
menu "hidden"
\tvisible if SHOW
config IN
\tbool "in"
\tdefault y
endmenu
`);
    expect(resolve(t, cfg({ SHOW: 'n', IN: 'n' })).value('IN')).toBe('y');
    expect(resolve(t, cfg({ SHOW: 'y', IN: 'n' })).value('IN')).toBe('n');
  });

  it('treats if blocks and menu dependencies as dependencies of every entry inside', () => {
    const t = tree(`${TRI}if A
config IN_IF
\ttristate "x"
\tdefault y
endif
menu "M"
\tdepends on E
config IN_MENU
\tbool "y"
\tdefault y
endmenu
`);
    const r = resolve(t, cfg({ A: 'm', E: 'n' }));
    expect(r.value('IN_IF')).toBe('m');
    expect(r.value('IN_MENU')).toBe('n');
  });

  it('controls m with the modules symbol; `m` in dependencies means m && MODULES', () => {
    const src = `${MODULES}config T
\ttristate "t"
config B
\ttristate "b"
\tdepends on m
`;
    const t = tree(src);
    expect(resolve(t, cfg({ T: 'm', B: 'y' })).value('T')).toBe('m');
    expect(resolve(t, cfg({ B: 'y' })).value('B')).toBe('m');
    const off = resolve(t, cfg({ MODULES: 'n', T: 'm', B: 'y' }));
    expect(off.value('T')).toBe('y');
    expect(off.value('B')).toBe('n');
    expect(off.change('T')?.reasons).toEqual([{ kind: 'bool-promotion', modulesDisabled: true }]);
    // No modules symbol at all: tristates act as bools.
    const none = tree('config T\n\ttristate "t"\n');
    expect(resolve(none, cfg({ T: 'm' })).value('T')).toBe('y');
  });

  it('resolves choices: user pick if visible, else the default, else the first visible member', () => {
    const t = tree(`${TRI}choice
\tprompt "transport"
\tdefault CH_SMC
config CH_MAILBOX
\tbool "mailbox"
\tdepends on E
config CH_SMC
\tbool "smc"
config CH_OPTEE
\tbool "optee"
\tdepends on A
endchoice
`);
    const pick = (c: Record<string, string>) =>
      ['CH_MAILBOX', 'CH_SMC', 'CH_OPTEE'].find((n) => resolve(t, cfg(c)).value(n) === 'y');
    expect(pick({ E: 'y', CH_MAILBOX: 'y' })).toBe('CH_MAILBOX');
    expect(pick({ E: 'n', CH_MAILBOX: 'y' })).toBe('CH_SMC');
    expect(pick({ A: 'y', CH_OPTEE: 'y' })).toBe('CH_OPTEE');
    expect(pick({})).toBe('CH_SMC');
    // Default set to n by the user: first visible member without a user value.
    expect(pick({ E: 'y', CH_SMC: 'n' })).toBe('CH_MAILBOX');
    // The last y assignment in the file wins.
    expect(pick({ E: 'y', A: 'y', CH_MAILBOX: 'y', CH_OPTEE: 'y' })).toBe('CH_OPTEE');
    const r = resolve(t, cfg({ E: 'n', CH_MAILBOX: 'y' }));
    expect(r.change('CH_MAILBOX')?.reasons.map((x) => x.kind)).toEqual(['not-visible', 'choice']);
  });

  it('handles string, int and hex values, ranges and numeric comparisons', () => {
    const t = tree(`config S
\tstring "s"
\tdefault "abc"
config I
\tint "i"
\trange 2 8
\tdefault 4
config H
\thex "h"
\trange 0x10 0xff
\tdefault 0x20
config BIG
\tdef_bool I > 3
config HEXCMP
\tdef_bool H >= 0x80
config STREQ
\tdef_bool S = "abc"
`);
    const r = resolve(t, 'CONFIG_S="x\\"y"\nCONFIG_I=12\nCONFIG_H=0x100\n');
    expect(r.value('S')).toBe('x"y');
    expect(r.value('I')).toBe('8');
    expect(r.value('H')).toBe('0xff');
    expect(r.value('BIG')).toBe('y');
    expect(r.value('HEXCMP')).toBe('y');
    expect(r.value('STREQ')).toBe('n');
    expect(r.change('I')?.reasons).toEqual([{ kind: 'out-of-range', low: '2', high: '8' }]);
    const d = resolve(t);
    expect([d.value('S'), d.value('I'), d.value('H'), d.value('STREQ')]).toEqual(['abc', '4', '0x20', 'y']);
  });

  it('keeps a symbol defined twice visible through either definition (dependencies ORed)', () => {
    const t = tree(`${TRI}config X
\tbool "x"
\tdepends on A
config X
\tbool
\tdepends on E
`);
    expect(resolve(t, cfg({ A: 'y', X: 'y' })).value('X')).toBe('y');
    expect(resolve(t, cfg({ E: 'y', X: 'y' })).value('X')).toBe('n'); // the second definition has no prompt
  });

  it('passes a transitional symbol’s old value to its successor', () => {
    const t = tree('config NEW\n\tbool "new"\n\tdefault OLD\nconfig OLD\n\tbool\n\ttransitional\n');
    const r = resolve(t, 'CONFIG_OLD=y\n');
    expect(r.value('NEW')).toBe('y');
    expect(r.dotConfig()).toEqual(['CONFIG_NEW=y']);
  });

  it('survives dependency loops (reads n while computing, as the C code does)', () => {
    const t = tree('config A\n\tbool "a"\n\tdepends on B\nconfig B\n\tbool "b"\n\tdepends on A\n');
    const r = resolve(t, cfg({ A: 'y', B: 'y' }));
    expect(['y', 'n']).toContain(r.value('A'));
  });
});

describe('kconfig .config reading', () => {
  it('reports malformed lines, unknown symbols, invalid values and overrides with file and line', () => {
    const t = tree(`${TRI}config I
\tint "i"
config B
\tbool "b"
`);
    const r = resolve(
      t,
      'garbage\nCONFIG_NOPE=y\nCONFIG_I=0x10\nCONFIG_B=m\nCONFIG_A=y\nCONFIG_A=m\n# a comment\n#CONFIG_X\n',
    );
    expect(r.diagnostics.map((d) => `${d.code}@${d.span?.line}`)).toEqual([
      'kconfig/config-unexpected-data@1',
      'kconfig/config-unknown-symbol@2',
      'kconfig/config-invalid-value@3',
      'kconfig/config-invalid-value@4',
      'kconfig/config-override@6',
    ]);
    expect(r.value('A')).toBe('m');
    expect(r.changes.map((c) => `${c.symbol}:${c.reasons[0]?.kind}`)).toEqual([
      'NOPE:unknown-symbol',
      'I:invalid-value',
      'B:invalid-value',
    ]);
  });

  it('merges several configs in order (later assignments win)', () => {
    const t = tree(TRI);
    const r = resolveConfig(t, [
      readConfig('CONFIG_A=y\nCONFIG_E=y\n', 'defconfig'),
      readConfig('CONFIG_A=m\n', 'frag.config'),
    ]);
    expect([r.value('A'), r.value('E')]).toEqual(['m', 'y']);
    expect(codes(r)).toEqual(['kconfig/config-override']);
    expect(r.diagnostics[0]?.related?.[0]?.span.file).toBe('defconfig');
  });
});

describe('kconfig output', () => {
  it('writes .config lines and a savedefconfig fragment like conf', () => {
    const t = tree(`${TRI}config DEP_ON_A
\ttristate "d"
\tdepends on A
config DEFAULT_M
\ttristate "dm"
\tdefault m
config SELECTOR
\ttristate "s"
\tselect SELECTED
config SELECTED
\ttristate "x"
config STR
\tstring "s"
\tdefault "v"
choice
\tprompt "c"
config C1
\tbool "c1"
config C2
\tbool "c2"
endchoice
`);
    const r = resolve(t, cfg({ A: 'y', DEP_ON_A: 'm', SELECTOR: 'y', STR: '"v"', C2: 'y' }));
    expect(r.dotConfig()).toEqual([
      'CONFIG_MODULES=y',
      'CONFIG_A=y',
      '# CONFIG_E is not set',
      'CONFIG_DEP_ON_A=m',
      'CONFIG_DEFAULT_M=m',
      'CONFIG_SELECTOR=y',
      'CONFIG_SELECTED=y',
      'CONFIG_STR="v"',
      '# CONFIG_C1 is not set',
      'CONFIG_C2=y',
    ]);
    expect(r.savedefconfig()).toEqual([
      'CONFIG_A=y',
      'CONFIG_DEP_ON_A=m',
      'CONFIG_SELECTOR=y',
      'CONFIG_C2=y',
    ]);
  });

  it('explains a value: dependency, selects, default', () => {
    const t = tree(`${TRI}config X
\ttristate "x"
\tdepends on A && E
\tdefault y
`);
    const ex = resolve(t, cfg({ A: 'y', E: 'm' })).explain('X');
    expect(ex).toMatchObject({
      value: 'm',
      visible: 'm',
      directDependency: { expr: 'A [=y] && E [=m]', value: 'm' },
      unmetDependencies: [{ expr: 'E [=m]', value: 'm' }],
      default: { expr: 'y', line: 12 },
      written: true,
    });
  });
});
