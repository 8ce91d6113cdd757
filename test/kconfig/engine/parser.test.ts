import { describe, expect, it } from 'vitest';
import { codes, resolve, tree } from './helpers.js';

describe('kconfig parser', () => {
  it('parses every entry kind and keeps types, prompts and help', () => {
    const t = tree(
      `mainmenu "Test $(ARCH)"
config A
\tbool "A prompt"
\thelp
\t  First line.

\t    indented more
\t  last line.
config B
\ttristate
\tprompt "B" if A
menuconfig C
\tbool "C menu"
choice
\tprompt "pick"
config C1
\tbool "one"
config C2
\tbool "two"
endchoice
menu "M"
\tvisible if A
comment "a comment"
\tdepends on A
config S
\tstring "s"
config I
\tint "i"
\trange 1 10
config H
\thex "h"
endmenu
if A
config D
\tdef_bool y
endif
`,
      { env: { ARCH: 'arm64' } },
    );
    expect(codes(t)).toEqual([]);
    expect(t.model.mainmenu).toBe('Test arm64');
    expect(t.symbolNames()).toEqual(['A', 'B', 'C', 'C1', 'C2', 'S', 'I', 'H', 'D']);
    expect(t.symbol('A')?.menus[0]?.help).toBe('First line.\n\n  indented more\nlast line.\n');
    expect(t.symbol('S')?.type).toBe('string');
    expect(t.symbol('H')?.type).toBe('hex');
    expect(t.model.choices[0]?.members.map((m) => m.name)).toEqual(['C1', 'C2']);
  });

  it('follows source, rsource, osource and orsource relative to srctree / the current file', () => {
    const t = tree({
      Kconfig: 'source "sub/Kconfig"\nosource "missing/Kconfig"\n',
      'sub/Kconfig': 'config FROM_SUB\n\tbool\nrsource "inner/Kconfig"\norsource "nope"\n',
      'sub/inner/Kconfig': 'config FROM_INNER\n\tbool\n',
    });
    expect(codes(t)).toEqual([]);
    expect(t.model.files).toEqual(['Kconfig', 'sub/Kconfig', 'sub/inner/Kconfig']);
    expect(t.symbol('FROM_INNER')).toBeDefined();
  });

  it('reports a missing source file with file and line, and keeps going', () => {
    const t = tree('config A\n\tbool\n\nsource "nowhere/Kconfig"\nconfig B\n\tbool\n');
    const d = t.diagnostics.find((x) => x.code === 'kconfig/parse-source-not-found');
    expect(d?.span).toMatchObject({ file: 'Kconfig', line: 4 });
    expect(t.symbol('B')).toBeDefined();
  });

  it('reports syntax errors as diagnostics instead of throwing', () => {
    const t = tree(
      'config A\n\tbool "a"\n\tdepends on (B &&\n\tfrobnicate\nendif\nconfig\nmenu\nchoice\nconfig X\n\tbool "x"\n',
    );
    expect(codes(t)).toEqual([
      'kconfig/parse-invalid-expression',
      'kconfig/parse-unknown-statement',
      'kconfig/parse-unexpected-end',
      'kconfig/parse-expected-symbol',
      'kconfig/parse-expected-string',
      'kconfig/parse-unterminated-block',
      'kconfig/parse-unterminated-block',
    ]);
    expect(t.diagnostics[0]?.span).toMatchObject({ file: 'Kconfig', line: 3 });
  });

  it('reads line continuations, comments and both quote styles', () => {
    const t = tree(`config A # trailing comment
\tbool 'single "quoted"'
\tdepends on B || \\
\t\t   C
config B
\tbool "b"
config C
\tbool "c"
`);
    expect(codes(t)).toEqual([]);
    expect(t.symbol('A')?.props[0]?.text).toBe('single "quoted"');
    const r = resolve(t, 'CONFIG_C=y\nCONFIG_A=y\n');
    expect(r.value('A')).toBe('y');
  });

  it('gives operators the precedence of parser.y', () => {
    const t = tree(`config T
\tdef_bool y
config F
\tbool
config OR_AND
\tdef_bool T || F && F
config NOT_EQ
\tdef_bool !F = T
config PAREN
\tdef_bool (T || F) && F
`);
    const r = resolve(t);
    expect(r.value('OR_AND')).toBe('y');
    expect(r.value('NOT_EQ')).toBe('y'); // !(F = T)
    expect(r.value('PAREN')).toBe('n');
  });

  it('warns like the C tools about type redefinitions and symbols without type', () => {
    const t = tree('config A\n\tbool\nconfig A\n\ttristate\nconfig B\n\tdepends on A\n');
    expect(codes(t)).toEqual(['kconfig/parse-type-redefined', 'kconfig/parse-symbol-without-type']);
  });

  it('accepts the attributes of other Kconfig versions', () => {
    const t = tree(
      `config MODULES
\tbool "m"
\toption modules
\tdefault y
config OLD
\tbool
\ttransitional
config ENVY
\tstring
\toption env="HOME_DIR"
choice
\tprompt "p"
\toptional
config X
\tbool "x"
\t---help---
\t  old help
endchoice
`,
      { env: { HOME_DIR: '/home' } },
    );
    expect(codes(t)).toEqual([]);
    expect(t.model.modules?.name).toBe('MODULES');
    expect(t.symbol('OLD')?.transitional).toBe(true);
    expect(resolve(t).value('ENVY')).toBe('/home');
  });

  it('lists undefined references (dangling selects)', () => {
    const t = tree('config ARCH_X\n\tdef_bool y\n\tselect MISSING\n\tdepends on 64 || ALSO_MISSING\n');
    expect(t.undefinedReferences().map((u) => `${u.name}@${u.line}`)).toEqual([
      'MISSING@3',
      'ALSO_MISSING@4',
    ]);
  });
});

describe('kconfig macro language', () => {
  it('expands variables, user functions, simple and recursive flavors, and +=', () => {
    const t = tree(
      `X := a
Y = $(X)-$(Z)
Z := z
X += b
greet = hello-$(1)-$(2)
config S1
\tstring
\tdefault "$(Y)"
config S2
\tstring
\tdefault "$(greet,world,$(Z))"
config S3
\tstring
\tdefault "$(ENV_ONLY)|$(undefined)|$$(X)"
`,
      { env: { ENV_ONLY: 'from-env' } },
    );
    const r = resolve(t);
    expect(r.value('S1')).toBe('a b-z');
    expect(r.value('S2')).toBe('hello-world-z');
    expect(r.value('S3')).toBe('from-env||$a b');
  });

  it('never runs shell commands: hooks, defaults, probes', () => {
    const src = `cc-option = $(success,$(CC) $(1))
config CC_IS_GCC
\tdef_bool $(success,test "$(shell,$(srctree)/scripts/cc-version.sh gcc)" = "GCC 120200")
config HAS_FLAG
\tdef_bool $(cc-option,-mfoo)
config NOT_RUN
\tstring
\tdefault "$(shell,uname -r)"
config HOOKED
\tstring
\tdefault "$(shell,date)"
cc-option = $(success,$(CC) $(1))
`;
    const t = tree(src, { shell: (cmd) => (cmd === 'date' ? 'today\n' : undefined), env: { srctree: '.' } });
    const r = resolve(t);
    expect(r.value('CC_IS_GCC')).toBe('y');
    expect(r.value('HAS_FLAG')).toBe('y');
    expect(r.value('NOT_RUN')).toBe('');
    expect(r.value('HOOKED')).toBe('today');
    expect(codes(t)).toContain('kconfig/macro-shell-not-run');
    const t2 = tree(src, { probes: { 'cc-option': () => 'n' } });
    expect(resolve(t2).value('HAS_FLAG')).toBe('n');
  });

  it('expands a word made of a macro and drops it when empty', () => {
    const t = tree('V := FOO\nconfig $(V)_BAR\n\tbool "x"\n');
    expect(t.symbolNames()).toEqual(['FOO_BAR']);
  });

  it('reports error-if, warning-if and info, and recursive variables', () => {
    const t = tree(
      '$(error-if,y,bad thing)\n$(warning-if,y,odd thing)\n$(info,hello)\nR = $(R)\nconfig A\n\tstring\n\tdefault "$(R)"\n',
    );
    expect(codes(t)).toEqual([
      'kconfig/parse-macro-error',
      'kconfig/parse-macro-warning',
      'kconfig/parse-macro-info',
      'kconfig/parse-macro-recursive',
    ]);
  });
});
