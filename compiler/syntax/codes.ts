/**
 * Diagnostic codes reported by the DTS lexer and parser (`compiler/syntax`). Codes are stable: never
 * renumber, rename or reuse one. Tests assert these codes, never the message wording.
 *
 * | code                         | what                                                                 | dtc 1.8.1 says                          |
 * | ---------------------------- | -------------------------------------------------------------------- | --------------------------------------- |
 * | `parse/syntax`               | a token the grammar does not allow here ("expected … , found …")     | `syntax error`                          |
 * | `parse/lexical`              | a stray identifier in a value (usually an undefined macro), an       | `Lexical error: … Unexpected 'FOO'`     |
 * |                              | unterminated comment or string                                       |                                         |
 * | `parse/bad-integer`          | an integer literal with digits invalid for its base (`09`)           | `Bad integer literal '09'`              |
 * | `parse/integer-out-of-range` | an integer literal above 2^64-1                                      | `Integer literal '…' out of range`      |
 * | `parse/char-literal`         | a character literal that is not exactly one byte                     | `Empty character literal` / `… has N …` |
 * | `parse/bad-escape`           | `\x` with no hex digit after it, in a string or char literal         | `\x used with no following hex digits`  |
 * | `parse/division-by-zero`     | `/ 0` or `% 0` in an integer expression (even in a dead branch)      | `Division by zero`                      |
 * | `parse/bad-bits`             | `/bits/ N` with N not 8, 16, 32 or 64                                | `Array elements must be 8, 16, 32 …`    |
 * | `parse/ref-in-sized-array`   | `&ref` inside a `/bits/ 8|16|64` array                               | `References are only allowed in …`      |
 * | `parse/props-after-subnode`  | a property (or `/delete-property/`) after a child node in one block  | `Properties must precede subnodes`      |
 * | `parse/header-mismatch`      | `/dts-v1/;` headers that disagree on `/plugin/`                      | `Header flags don't match earlier ones` |
 * | `parse/unexpected-include`   | a `/include/` the assembler should already have spliced              | (dtc handles it in its lexer)           |
 * | `parse/too-many-errors`      | the parser stopped after 50 syntax errors (recovery cost grows with  | (dtc stops at the first)                |
 * |                              | each; the first ones are reported)                                   |                                         |
 * | `parse/internal`             | a bug in the parser itself (an exception was caught); please report  | —                                       |
 */
export const ParseCode = {
  syntax: 'parse/syntax',
  lexical: 'parse/lexical',
  badInteger: 'parse/bad-integer',
  integerOutOfRange: 'parse/integer-out-of-range',
  charLiteral: 'parse/char-literal',
  badEscape: 'parse/bad-escape',
  divisionByZero: 'parse/division-by-zero',
  badBits: 'parse/bad-bits',
  refInSizedArray: 'parse/ref-in-sized-array',
  propsAfterSubnode: 'parse/props-after-subnode',
  headerMismatch: 'parse/header-mismatch',
  unexpectedInclude: 'parse/unexpected-include',
  tooManyErrors: 'parse/too-many-errors',
  internal: 'parse/internal',
} as const;

export type ParseCode = (typeof ParseCode)[keyof typeof ParseCode];
