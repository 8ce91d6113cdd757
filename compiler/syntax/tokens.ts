/**
 * Token types and the one chevrotain lexer of the DTS language, with dtc 1.8.1's lexical states.
 *
 * dtc's flex lexer has three start conditions that decide what a run of characters is:
 * - `V1` (the default): integer literals; a bare identifier is an error.
 * - `PROPNODENAME`: entered after `{`, `;`, `/delete-node/`, `/delete-property/`, `/omit-if-no-ref/`;
 *   a run of name characters is a node or property name; left (back to `V1`) after one name.
 * - `BYTESTRING`: entered after `[`, left after `]`; only two-hex-digit bytes are special there.
 * dtc switches with `BEGIN(state)`, i.e. it *sets* the state instead of nesting, and the state it sets
 * depends only on the token (`;` always enters PROPNODENAME, a name always returns to V1, …).
 * Chevrotain's modes are a push/pop stack. A token that both pops and pushes would be an exact "set",
 * but chevrotain 11 crashes when such a transition pops a one-element stack (its pop reads the new top
 * before the push). So every state-setting token only *pushes* its target mode and nothing ever pops:
 * the top of the stack is always dtc's current state, and the stack grows by one entry per
 * state-setting token (a few thousand strings for the largest real board), which is harmless.
 * Flex's initial state (before `/dts-v1/`) differs from `V1` only on inputs that are errors either
 * way, so the lexer starts in `V1`.
 *
 * Flex picks the longest match, then the first rule; chevrotain takes the first pattern that matches.
 * The patterns are ordered so both agree (labels `foo:` before names and identifiers, `0x` before
 * decimal, `ULL` before `U`, two-character operators before one-character ones).
 */
import { type CustomPatternMatcherReturn, createToken, type IToken, Lexer, type TokenType } from 'chevrotain';

const V1 = 'v1';
const PROPNODENAME = 'propnodename';
const BYTESTRING = 'bytestring';

/** dtc's PROPNODECHAR, the characters of node and property names. */
const NAME_CHARS = 'a-zA-Z0-9,._+*#?@\\-';

// ---- Skipped and reported-only tokens ----

export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\n\r\v\f]+/,
  group: Lexer.SKIPPED,
});
export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: /\/\*[^*]*\*+(?:[^*/][^*]*\*+)*\//,
  group: Lexer.SKIPPED,
});
/** A `/*` with no end: dtc lexes it as `/` `*` and fails later; we report it where it starts. */
export const UnterminatedComment = createToken({
  name: 'UnterminatedComment',
  pattern: /\/\*[\s\S]*/,
  group: 'problems',
});
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\n]*/, group: Lexer.SKIPPED });
/** `/include/ "file"`: the assembler splices these before the lexer runs, so one here is an error. */
export const IncludeDirective = createToken({
  name: 'IncludeDirective',
  pattern: /\/include\/(?:[ \t\n\r\v\f]*"(?:[^\\"]|\\[^\n])*")?/,
  group: 'problems',
});
/** A `"` with no closing quote on reach: reported, and lexing resumes at the next line. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"(?:[^\\"\n]|\\[^\n])*/,
  group: 'problems',
});

// ---- Keywords (all states; each sets the state dtc sets) ----

/** Sets dtc's lexer state (see the header comment for why this is a push and never a pop). */
function transition(to: string): { push_mode: string } {
  return { push_mode: to };
}

export const DtsV1 = createToken({ name: 'DtsV1', pattern: '/dts-v1/', ...transition(V1) });
export const Plugin = createToken({ name: 'Plugin', pattern: '/plugin/' });
export const MemReserve = createToken({ name: 'MemReserve', pattern: '/memreserve/', ...transition(V1) });
export const Bits = createToken({ name: 'Bits', pattern: '/bits/', ...transition(V1) });
export const DeleteProp = createToken({
  name: 'DeleteProp',
  pattern: '/delete-property/',
  ...transition(PROPNODENAME),
});
export const DeleteNode = createToken({
  name: 'DeleteNode',
  pattern: '/delete-node/',
  ...transition(PROPNODENAME),
});
export const OmitIfNoRef = createToken({
  name: 'OmitIfNoRef',
  pattern: '/omit-if-no-ref/',
  ...transition(PROPNODENAME),
});
/** `/incbin/` exists only in the V1 state (in a name state it would be `/`, a name, `/`). */
export const Incbin = createToken({ name: 'Incbin', pattern: '/incbin/' });

// ---- Literals, labels, references (all states) ----

/** Strings may span lines and hold raw NULs; a backslash escapes any character but a newline. */
export const StringLiteral = createToken({ name: 'StringLiteral', pattern: /"(?:[^\\"]|\\[^\n])*"/ });
/** Escaped quote first, so that `'\''` is one literal, as flex's longest match makes it. */
export const CharLiteral = createToken({ name: 'CharLiteral', pattern: /'(?:\\'|[^'])*'/ });
/** `name:` with no space before the colon. */
export const Label = createToken({ name: 'Label', pattern: /[a-zA-Z_][a-zA-Z0-9_]*:/ });
export const Ref = createToken({ name: 'Ref', pattern: Lexer.NA });
export const LabelRef = createToken({
  name: 'LabelRef',
  pattern: /&[a-zA-Z_][a-zA-Z0-9_]*/,
  categories: [Ref],
});
export const PathRef = createToken({
  name: 'PathRef',
  pattern: new RegExp(`&\\{[${NAME_CHARS}/]*\\}`),
  categories: [Ref],
});

// ---- V1 state ----

export const IntLiteral = createToken({
  name: 'IntLiteral',
  pattern: /(?:0[xX][0-9a-fA-F]+|[0-9]+)(?:ULL|UL|LL|U|L)?/,
});
/**
 * A bare identifier where dtc expects a value: always an error (dtc ≥ 1.8: "Unexpected 'FOO'"); most
 * often a macro the preprocessor did not expand. The parser accepts it where an integer may stand,
 * as dtc does, and reports it there with a hint.
 */
export const Identifier = createToken({ name: 'Identifier', pattern: /[a-zA-Z_][a-zA-Z0-9_]*/ });

// ---- PROPNODENAME state ----

/** A node or property name; a leading `\` (dropped) escapes names that would lex differently. */
export const Name = createToken({
  name: 'Name',
  pattern: new RegExp(`\\\\?[${NAME_CHARS}]+`),
  ...transition(V1),
});

const NAME_RE = new RegExp(`\\\\?[${NAME_CHARS}]+`, 'y');
const ENDS_VALUE = new Set<TokenType>();

/**
 * Error recovery, not dtc behaviour: a missing `;` at the end of a line leaves the lexer in the V1
 * state, so the next line's name (`status`, `#address-cells`, `node@1`) would lex as an identifier
 * or as stray characters, and the parser could not resume there. In valid input no identifier, `#`
 * or `\` ever appears in the V1 state, so when one starts a line right after a token that can end a
 * value or a name, it is lexed as a name instead. The parser then reports only the missing `;`.
 */
export const RecoveredName = createToken({
  name: 'RecoveredName',
  pattern: {
    exec(text: string, offset: number, tokens: IToken[]): CustomPatternMatcherReturn | null {
      const prev = tokens[tokens.length - 1];
      if (!prev || !ENDS_VALUE.has(prev.tokenType)) return null;
      const prevEnd = (prev.endOffset ?? prev.startOffset) + 1;
      if (text.lastIndexOf('\n', offset - 1) < prevEnd) return null;
      NAME_RE.lastIndex = offset;
      const m = NAME_RE.exec(text);
      return m ? [m[0]] : null;
    },
  },
  line_breaks: false,
  start_chars_hint: [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_#\\'],
  categories: [Name],
});

// ---- BYTESTRING state ----

export const Byte = createToken({ name: 'Byte', pattern: /[0-9a-fA-F]{2}/ });
export const RBracket = createToken({ name: 'RBracket', pattern: ']', ...transition(V1) });

// ---- Operators and punctuation (all states) ----

export const BinaryOperator = createToken({ name: 'BinaryOperator', pattern: Lexer.NA });
export const UnaryOperator = createToken({ name: 'UnaryOperator', pattern: Lexer.NA });

function op(name: string, pattern: string, ...categories: TokenType[]): TokenType {
  return createToken({ name, pattern, categories });
}

export const LShift = op('LShift', '<<', BinaryOperator);
export const RShift = op('RShift', '>>', BinaryOperator);
export const LessEq = op('LessEq', '<=', BinaryOperator);
export const GreaterEq = op('GreaterEq', '>=', BinaryOperator);
export const EqEq = op('EqEq', '==', BinaryOperator);
export const NotEq = op('NotEq', '!=', BinaryOperator);
export const AndAnd = op('AndAnd', '&&', BinaryOperator);
export const OrOr = op('OrOr', '||', BinaryOperator);
export const LCurly = createToken({ name: 'LCurly', pattern: '{', ...transition(PROPNODENAME) });
export const RCurly = op('RCurly', '}');
export const Semi = createToken({ name: 'Semi', pattern: ';', ...transition(PROPNODENAME) });
export const Equals = op('Equals', '=');
export const Comma = op('Comma', ',');
/** `<` and `>` open and close cell lists, and compare inside parenthesised expressions. */
export const LAngle = op('LAngle', '<', BinaryOperator);
export const RAngle = op('RAngle', '>', BinaryOperator);
export const LParen = op('LParen', '(');
export const RParen = op('RParen', ')');
export const LBracket = createToken({ name: 'LBracket', pattern: '[', ...transition(BYTESTRING) });
/** `/` is the root node at top level and division inside expressions. */
export const Slash = op('Slash', '/', BinaryOperator);
export const Question = op('Question', '?');
export const Colon = op('Colon', ':');
export const Plus = op('Plus', '+', BinaryOperator);
export const Minus = op('Minus', '-', BinaryOperator, UnaryOperator);
export const Star = op('Star', '*', BinaryOperator);
export const Percent = op('Percent', '%', BinaryOperator);
export const Amp = op('Amp', '&', BinaryOperator);
export const Pipe = op('Pipe', '|', BinaryOperator);
export const Caret = op('Caret', '^', BinaryOperator);
export const Tilde = op('Tilde', '~', UnaryOperator);
export const Bang = op('Bang', '!', UnaryOperator);
/** Any other character (dtc's catch-all `.` rule): the parser reports it where it is not expected. */
export const Other = createToken({
  name: 'Other',
  // A custom pattern with every latin1 character as a start hint: a `/[^]/` regex would switch off
  // chevrotain's first-character optimisation for the whole lexer.
  pattern: { exec: (text: string, offset: number): CustomPatternMatcherReturn => [text.charAt(offset)] },
  line_breaks: false,
  start_chars_hint: Array.from({ length: 256 }, (_, i) => i),
});

for (const t of [RAngle, RBracket, StringLiteral, LabelRef, PathRef, Name, RecoveredName, RParen])
  ENDS_VALUE.add(t);

const commonHead: TokenType[] = [
  WhiteSpace,
  BlockComment,
  UnterminatedComment,
  LineComment,
  IncludeDirective,
  DtsV1,
  Plugin,
  MemReserve,
  Bits,
  DeleteProp,
  DeleteNode,
  OmitIfNoRef,
  StringLiteral,
  UnterminatedString,
  Label,
  CharLiteral,
  LabelRef,
  PathRef,
];

const commonTail: TokenType[] = [
  LShift,
  RShift,
  LessEq,
  GreaterEq,
  EqEq,
  NotEq,
  AndAnd,
  OrOr,
  LCurly,
  RCurly,
  Semi,
  Equals,
  Comma,
  LAngle,
  RAngle,
  LParen,
  RParen,
  LBracket,
  Slash,
  Question,
  Colon,
  Plus,
  Minus,
  Star,
  Percent,
  Amp,
  Pipe,
  Caret,
  Tilde,
  Bang,
  Other,
];

/** Every token type the parser may see (for the parser's vocabulary). */
export const allTokens: TokenType[] = [
  ...commonHead,
  Incbin,
  RecoveredName,
  IntLiteral,
  Identifier,
  Name,
  Byte,
  RBracket,
  ...commonTail,
  Ref,
  BinaryOperator,
  UnaryOperator,
];

const NAME_PUNCTUATION = new Set<TokenType>([Comma, Question, Plus, Minus, Star]);

let lexer: Lexer | undefined;

/**
 * The one lexer instance of the process (chevrotain lexers are stateless between runs), built on
 * first use: only sources the fast path gives up on need it, and building it costs a noticeable
 * part of a cold start.
 */
export function dtsLexer(): Lexer {
  lexer ??= new Lexer(
    {
      modes: {
        [V1]: [...commonHead, Incbin, RecoveredName, IntLiteral, Identifier, ...commonTail],
        // Name characters that are also punctuation (`, ? + - *`) are always part of a name here.
        [PROPNODENAME]: [...commonHead, Name, ...commonTail.filter((t) => !NAME_PUNCTUATION.has(t))],
        [BYTESTRING]: [...commonHead, Byte, RBracket, ...commonTail],
      },
      defaultMode: V1,
    },
    { positionTracking: 'onlyOffset', ensureOptimizations: true },
  );
  return lexer;
}
