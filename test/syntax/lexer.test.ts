import { describe, expect, it } from 'vitest';
import { lexDts } from '../../compiler/syntax/lexer.js';

/** Token type names and images, for asserting the lexer's state switching. */
const lex = (text: string) => lexDts(text).tokens.map((t) => `${t.tokenType.name}:${t.image}`);

describe('lexer states (dtc start conditions)', () => {
  it('lexes names only after { ; and the name-taking keywords, and one name at a time', () => {
    expect(lex('/ { 1234 = <1234>; }')).toEqual([
      'Slash:/',
      'LCurly:{',
      'Name:1234',
      'Equals:=',
      'LAngle:<',
      'IntLiteral:1234',
      'RAngle:>',
      'Semi:;',
      'RCurly:}',
    ]);
    expect(lex('/delete-node/ n@1; /delete-property/ #a-b; /omit-if-no-ref/ x')).toEqual([
      'DeleteNode:/delete-node/',
      'Name:n@1',
      'Semi:;',
      'DeleteProp:/delete-property/',
      'Name:#a-b',
      'Semi:;',
      'OmitIfNoRef:/omit-if-no-ref/',
      'Name:x',
    ]);
  });

  it('keeps the name state across labels, strings and references', () => {
    expect(lex('{ a: b: c')).toEqual(['LCurly:{', 'Label:a:', 'Label:b:', 'Name:c']);
  });

  it('lexes two-digit bytes between [ and ]', () => {
    expect(lex('= [0a0B l: 0c] 12')).toEqual([
      'Equals:=',
      'LBracket:[',
      'Byte:0a',
      'Byte:0B',
      'Label:l:',
      'Byte:0c',
      'RBracket:]',
      'IntLiteral:12',
    ]);
  });

  it('lexes an odd hex digit in a byte string as a stray character', () => {
    expect(lex('[0a 0]')).toEqual(['LBracket:[', 'Byte:0a', 'Other:0', 'RBracket:]']);
  });

  it('strips nothing from names but keeps the escaping backslash for the parser', () => {
    expect(lex('{ \\#size-cells;')).toEqual(['LCurly:{', 'Name:\\#size-cells', 'Semi:;']);
  });

  it('lexes labels, references and path references in every state', () => {
    expect(lex('< &foo &{/a/b@1} &{lbl/sub} l1: >')).toEqual([
      'LAngle:<',
      'LabelRef:&foo',
      'PathRef:&{/a/b@1}',
      'PathRef:&{lbl/sub}',
      'Label:l1:',
      'RAngle:>',
    ]);
  });

  it('prefers the longest integer suffix and two-character operators', () => {
    expect(lex('(0x10ULL<<2>=1&&!~-3)')).toEqual([
      'LParen:(',
      'IntLiteral:0x10ULL',
      'LShift:<<',
      'IntLiteral:2',
      'GreaterEq:>=',
      'IntLiteral:1',
      'AndAnd:&&',
      'Bang:!',
      'Tilde:~',
      'Minus:-',
      'IntLiteral:3',
      'RParen:)',
    ]);
  });

  it('lexes a bare word in the value state as an identifier', () => {
    expect(lex('< FOO 1 >')).toEqual(['LAngle:<', 'Identifier:FOO', 'IntLiteral:1', 'RAngle:>']);
  });

  it('skips comments and whitespace, keeps multi-line strings and char literals whole', () => {
    expect(lex("/* a\n*/ \"x\ny\" // c\n '\\''")).toEqual(['StringLiteral:"x\ny"', "CharLiteral:'\\''"]);
  });

  it('reads a name after a missing ; at the end of a line (recovery)', () => {
    expect(lex('{ a = <1>\n #b = <2>;')).toContain('RecoveredName:#b');
    expect(lex('{ a = <1> FOO')).toContain('Identifier:FOO');
  });

  it('reports lexical problems with offsets', () => {
    const r = lexDts('/ { a = <09 0x>, "\\x", \'ab\'; /include/ "f.dtsi" /* open');
    expect(r.diagnostics.map((d) => [d.code, d.start])).toEqual([
      ['parse/bad-integer', 9],
      ['parse/bad-escape', 17],
      ['parse/char-literal', 23],
      ['parse/unexpected-include', 29],
      ['parse/lexical', 48],
    ]);
  });
});
