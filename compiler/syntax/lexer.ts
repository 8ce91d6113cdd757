/**
 * Runs the DTS lexer over a text and checks every literal token: integer literals, character
 * literals and strings are decoded here once (the AST builder reads the decoded values), and their
 * problems become lexical diagnostics, so they are reported even where the parser had to skip tokens.
 */
import type { IToken } from 'chevrotain';
import { ParseCode } from './codes.js';
import {
  decodeCharLiteral,
  decodeIntegerLiteral,
  decodeStringLiteral,
  type LiteralProblem,
} from './literals.js';
import {
  CharLiteral,
  dtsLexer,
  IncludeDirective,
  IntLiteral,
  StringLiteral,
  UnterminatedComment,
  UnterminatedString,
} from './tokens.js';

/** A diagnostic before it is given a span: offsets into the lexed text. */
export interface RawDiagnostic {
  code: ParseCode;
  message: string;
  start: number;
  end: number;
  hint?: string;
}

export interface LexResult {
  tokens: IToken[];
  /** Decoded values by token start offset: integers and chars as bigint, strings as latin1 bytes. */
  values: Map<number, bigint | string>;
  diagnostics: RawDiagnostic[];
}

export function lexDts(text: string): LexResult {
  const result = dtsLexer().tokenize(text);
  const diagnostics: RawDiagnostic[] = [];
  const values = new Map<number, bigint | string>();
  const report = (token: IToken, problems: LiteralProblem[]): void => {
    for (const p of problems) diagnostics.push({ ...p, start: token.startOffset, end: endOf(token) });
  };
  for (const token of result.tokens) {
    const type = token.tokenType;
    if (type === IntLiteral) {
      const lit = decodeIntegerLiteral(token.image);
      values.set(token.startOffset, lit.value);
      report(token, lit.problems);
    } else if (type === StringLiteral) {
      const str = decodeStringLiteral(token.image);
      values.set(token.startOffset, str.bytes);
      report(token, str.problems);
    } else if (type === CharLiteral) {
      const ch = decodeCharLiteral(token.image);
      values.set(token.startOffset, ch.value);
      report(token, ch.problems);
    }
  }
  for (const token of result.groups.problems ?? []) {
    if (token.tokenType === IncludeDirective) {
      diagnostics.push({
        code: ParseCode.unexpectedInclude,
        message: "unexpected '/include/': it should have been spliced in before parsing",
        start: token.startOffset,
        end: endOf(token),
        hint: 'read the source through the /include/ assembler, which resolves /include/ directives',
      });
    } else if (token.tokenType === UnterminatedComment) {
      diagnostics.push({
        code: ParseCode.lexical,
        message: "unterminated comment: '/*' has no matching '*/'",
        start: token.startOffset,
        end: token.startOffset + 2,
      });
    } else if (token.tokenType === UnterminatedString) {
      diagnostics.push({
        code: ParseCode.lexical,
        message: "unterminated string: missing closing '\"'",
        start: token.startOffset,
        end: endOf(token),
        hint: 'a backslash at the end of a line does not continue a string',
      });
    }
  }
  // The lexer has a catch-all token, so chevrotain never reports an unmatched character; keep any
  // error it might still report rather than lose it.
  for (const e of result.errors) {
    diagnostics.push({
      code: ParseCode.lexical,
      message: e.message,
      start: e.offset,
      end: e.offset + e.length,
    });
  }
  return { tokens: result.tokens, values, diagnostics };
}

/** Exclusive end offset of a real (not recovery-inserted) token. */
export function endOf(token: IToken): number {
  return (token.endOffset ?? token.startOffset + token.image.length - 1) + 1;
}
