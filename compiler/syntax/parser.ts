/**
 * The DTS grammar of dtc 1.8.1 as a chevrotain CST parser (one instance per process).
 *
 * The grammar accepts a little more than dtc's so that one run can report every problem with a
 * precise message instead of stopping at the first: every top-level construct (headers,
 * `/memreserve/`, trees) is one `topEntry` in any order, properties and child nodes are one
 * `bodyItem` in any order, and any run of labels and `/omit-if-no-ref/` may precede an item. The
 * AST builder (`build-ast.ts`) then reports what dtc's grammar would have rejected there
 * (headers after the tree, labels on `/ { }`, properties after subnodes, …) with a dedicated message.
 *
 * Integer expressions are parsed as a flat chain of operands and binary operators and given their
 * C precedence by the builder, which keeps the parse of a parenthesised expression to one rule
 * instead of twelve nested ones.
 */
import {
  CstParser,
  EOF,
  type IParserErrorMessageProvider,
  type IRecognitionException,
  type IToken,
  type TokenType,
} from 'chevrotain';
import {
  allTokens,
  BinaryOperator,
  Bits,
  Byte,
  CharLiteral,
  Colon,
  Comma,
  DeleteNode,
  DeleteProp,
  DtsV1,
  Equals,
  Identifier,
  Incbin,
  IntLiteral,
  LAngle,
  Label,
  LBracket,
  LCurly,
  LParen,
  MemReserve,
  Name,
  OmitIfNoRef,
  Plugin,
  Question,
  RAngle,
  RBracket,
  RCurly,
  Ref,
  RParen,
  Semi,
  Slash,
  StringLiteral,
  UnaryOperator,
} from './tokens.js';

const TOP_ITEM = "a top-level item ('/ { … };', '&label { … };', '/delete-node/ &label;' or '/memreserve/')";
const VALUE = 'a property value (a "string", <cells>, [bytes], &reference or /incbin/)';
const PRIM = "an integer, a character literal or a '(' expression";
const BODY_ITEM = "a property, a child node or '}'";

/** `rule:token` of a missing token → what to say was expected (the context makes the message). */
const EXPECTED: Record<string, string> = {
  'dtsFile:EOF': TOP_ITEM,
  'header:Semi': "';' after '/dts-v1/'",
  'pluginDecl:Semi': "';' after '/plugin/'",
  'memreserve:Semi': "';' after '/memreserve/ address size'",
  'nodeBody:LCurly': "'{' to open the node",
  'nodeBody:RCurly': BODY_ITEM,
  'nodeBody:Semi': "';' after '}'",
  'refNode:Ref': "'&label' or '&{/path}'",
  'deleteNodeRef:Ref': "'&label' or '&{/path}' after '/delete-node/'",
  'deleteNodeRef:Semi': "';' after '/delete-node/ &ref'",
  'omitRef:Ref': "'&label' or '&{/path}' after '/omit-if-no-ref/'",
  'omitRef:Semi': "';' after '/omit-if-no-ref/ &ref'",
  'propertyValue:Semi': "',' or ';' after property value",
  'deleteProperty:Name': "a property name after '/delete-property/'",
  'deleteProperty:Semi': "';' after '/delete-property/ name'",
  'deleteNode:Name': "a node name after '/delete-node/'",
  'deleteNode:Semi': "';' after '/delete-node/ name'",
  'cells:IntLiteral': "a width (8, 16, 32 or 64) after '/bits/'",
  'cells:LAngle': "'<' after '/bits/ N'",
  'cells:RAngle': "an integer, a '(' expression, a &reference, a label or '>' in the cell list",
  'bytes:RBracket': "two hex digits or ']' in the byte string",
  'incbin:LParen': "'(' after '/incbin/'",
  'incbin:StringLiteral': "a file name string in '/incbin/(…)'",
  'incbin:Comma': "',' between the '/incbin/' offset and length",
  'incbin:RParen': "')' to close '/incbin/(…)'",
  'parenExpr:RParen': "an operator or ')'",
  'expr:Colon': "':' in the conditional expression",
};

/** How a token is named in "found …". */
export function describeToken(token: IToken): string {
  const type = token.tokenType;
  if (type === EOF) return 'end of input';
  if (type === StringLiteral) return 'a string';
  const image = token.image.length > 24 ? `${token.image.slice(0, 24)}…` : token.image;
  return `'${image.replace(/[\x00-\x1f\x7f-\xff]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}'`;
}

function describeType(type: TokenType): string {
  switch (type) {
    case EOF:
      return 'end of input';
    case Name:
      return 'a name';
    case Ref:
      return 'a &reference';
    case StringLiteral:
      return 'a string';
    case IntLiteral:
      return 'an integer';
    default:
      return `'${typeof type.PATTERN === 'string' ? type.PATTERN : type.name}'`;
  }
}

const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, ruleName }) {
    const what = EXPECTED[`${ruleName}:${expected.name}`] ?? describeType(expected);
    return `expected ${what}, found ${describeToken(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `expected ${TOP_ITEM}, found ${describeToken(firstRedundant)}`;
  },
  buildNoViableAltMessage({ actual, customUserDescription }) {
    const found = actual[0];
    return `expected ${customUserDescription ?? 'something else'}, found ${found ? describeToken(found) : 'end of input'}`;
  },
  buildEarlyExitMessage({ actual, customUserDescription }) {
    const found = actual[0];
    return `expected ${customUserDescription ?? 'something else'}, found ${found ? describeToken(found) : 'end of input'}`;
  },
};

/**
 * Syntax errors after which the parser gives up. Each recovery can cost more than the one before
 * (re-sync scans, nested rule re-entry: a hostile line of 2,000 stray tokens took seconds and then
 * overflowed the stack), and the first errors are the ones worth reading; dtc stops at the first.
 */
export const MAX_SYNTAX_ERRORS = 50;

/** Thrown out of the parse when MAX_SYNTAX_ERRORS is reached (caught by `parseDtsFully`). */
export class TooManySyntaxErrors extends Error {}

const saveError = (
  CstParser.prototype as unknown as { SAVE_ERROR(e: IRecognitionException): IRecognitionException }
).SAVE_ERROR;

class DtsParser extends CstParser {
  /** chevrotain records every recognition error through this (internal) method: stop at the cap. */
  SAVE_ERROR(error: IRecognitionException): IRecognitionException {
    if (this.errors.length >= MAX_SYNTAX_ERRORS) throw new TooManySyntaxErrors();
    return saveError.call(this, error);
  }

  constructor() {
    super(allTokens, {
      recoveryEnabled: true,
      maxLookahead: 2,
      errorMessageProvider: errorMessages,
      nodeLocationTracking: 'none',
    });
    this.performSelfAnalysis();
  }

  readonly dtsFile = this.RULE('dtsFile', () => {
    this.MANY(() => this.SUBRULE(this.topEntry));
  });

  readonly topEntry = this.RULE('topEntry', () => {
    this.MANY(() => this.CONSUME(Label));
    this.OR({
      DEF: [
        { ALT: () => this.SUBRULE(this.header) },
        { ALT: () => this.SUBRULE(this.pluginDecl) },
        { ALT: () => this.SUBRULE(this.memreserve) },
        { ALT: () => this.SUBRULE(this.rootNode) },
        { ALT: () => this.SUBRULE(this.refNode) },
        { ALT: () => this.SUBRULE(this.deleteNodeRef) },
        { ALT: () => this.SUBRULE(this.omitRef) },
      ],
      ERR_MSG: TOP_ITEM,
    });
  });

  readonly header = this.RULE('header', () => {
    this.CONSUME(DtsV1);
    this.CONSUME(Semi);
  });

  readonly pluginDecl = this.RULE('pluginDecl', () => {
    this.CONSUME(Plugin);
    this.CONSUME(Semi);
  });

  readonly memreserve = this.RULE('memreserve', () => {
    this.CONSUME(MemReserve);
    this.SUBRULE1(this.prim);
    this.SUBRULE2(this.prim);
    this.CONSUME(Semi);
  });

  readonly rootNode = this.RULE('rootNode', () => {
    this.CONSUME(Slash);
    this.SUBRULE(this.nodeBody);
  });

  readonly refNode = this.RULE('refNode', () => {
    this.CONSUME(Ref);
    this.SUBRULE(this.nodeBody);
  });

  readonly deleteNodeRef = this.RULE('deleteNodeRef', () => {
    this.CONSUME(DeleteNode);
    this.CONSUME(Ref);
    this.CONSUME(Semi);
  });

  readonly omitRef = this.RULE('omitRef', () => {
    this.CONSUME(OmitIfNoRef);
    this.CONSUME(Ref);
    this.CONSUME(Semi);
  });

  readonly nodeBody = this.RULE('nodeBody', () => {
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.bodyItem));
    this.CONSUME(RCurly);
    this.CONSUME(Semi);
  });

  readonly bodyItem = this.RULE('bodyItem', () => {
    this.MANY(() => this.OR1([{ ALT: () => this.CONSUME(Label) }, { ALT: () => this.CONSUME(OmitIfNoRef) }]));
    this.OR2({
      DEF: [
        { ALT: () => this.SUBRULE(this.namedItem) },
        { ALT: () => this.SUBRULE(this.deleteProperty) },
        { ALT: () => this.SUBRULE(this.deleteNode) },
      ],
      ERR_MSG: 'a property or node name',
    });
  });

  /** `name = value;`, `name;` or `name { … };` */
  readonly namedItem = this.RULE('namedItem', () => {
    this.CONSUME(Name);
    this.OR({
      DEF: [
        { ALT: () => this.SUBRULE(this.propertyValue) },
        { ALT: () => this.CONSUME(Semi) },
        { ALT: () => this.SUBRULE(this.nodeBody) },
      ],
      ERR_MSG: "'=', ';' or '{' after the name",
    });
  });

  readonly propertyValue = this.RULE('propertyValue', () => {
    this.CONSUME(Equals);
    this.SUBRULE(this.value);
    this.CONSUME(Semi);
  });

  readonly deleteProperty = this.RULE('deleteProperty', () => {
    this.CONSUME(DeleteProp);
    this.CONSUME(Name);
    this.CONSUME(Semi);
  });

  readonly deleteNode = this.RULE('deleteNode', () => {
    this.CONSUME(DeleteNode);
    this.CONSUME(Name);
    this.CONSUME(Semi);
  });

  /** Items separated by commas, labels before and after each (ordered by offset in the builder). */
  readonly value = this.RULE('value', () => {
    this.MANY1(() => this.CONSUME1(Label));
    this.SUBRULE1(this.valueItem);
    this.MANY2(() => this.CONSUME2(Label));
    this.MANY3(() => {
      this.CONSUME(Comma);
      this.MANY4(() => this.CONSUME3(Label));
      this.SUBRULE2(this.valueItem);
      this.MANY5(() => this.CONSUME4(Label));
    });
  });

  readonly valueItem = this.RULE('valueItem', () => {
    this.OR({
      DEF: [
        { ALT: () => this.CONSUME(StringLiteral) },
        { ALT: () => this.SUBRULE(this.cells) },
        { ALT: () => this.SUBRULE(this.bytes) },
        { ALT: () => this.CONSUME(Ref) },
        { ALT: () => this.SUBRULE(this.incbin) },
      ],
      ERR_MSG: VALUE,
    });
  });

  readonly cells = this.RULE('cells', () => {
    this.OPTION(() => {
      this.CONSUME(Bits);
      this.OR1([{ ALT: () => this.CONSUME1(IntLiteral) }, { ALT: () => this.CONSUME1(Identifier) }]);
    });
    this.CONSUME(LAngle);
    this.MANY(() =>
      this.OR2([
        { ALT: () => this.CONSUME2(IntLiteral) },
        { ALT: () => this.CONSUME(CharLiteral) },
        { ALT: () => this.CONSUME2(Identifier) },
        { ALT: () => this.SUBRULE(this.parenExpr) },
        { ALT: () => this.CONSUME(Ref) },
        { ALT: () => this.CONSUME(Label) },
      ]),
    );
    this.CONSUME(RAngle);
  });

  readonly bytes = this.RULE('bytes', () => {
    this.CONSUME(LBracket);
    this.MANY(() => this.OR([{ ALT: () => this.CONSUME(Byte) }, { ALT: () => this.CONSUME(Label) }]));
    this.CONSUME(RBracket);
  });

  readonly incbin = this.RULE('incbin', () => {
    this.CONSUME(Incbin);
    this.CONSUME(LParen);
    this.CONSUME(StringLiteral);
    this.OPTION(() => {
      this.CONSUME1(Comma);
      this.SUBRULE1(this.prim);
      this.CONSUME2(Comma);
      this.SUBRULE2(this.prim);
    });
    this.CONSUME(RParen);
  });

  /** An integer where dtc's grammar has `integer_prim`. */
  readonly prim = this.RULE('prim', () => {
    this.OR({
      DEF: [
        { ALT: () => this.CONSUME(IntLiteral) },
        { ALT: () => this.CONSUME(CharLiteral) },
        { ALT: () => this.CONSUME(Identifier) },
        { ALT: () => this.SUBRULE(this.parenExpr) },
      ],
      ERR_MSG: PRIM,
    });
  });

  readonly parenExpr = this.RULE('parenExpr', () => {
    this.CONSUME(LParen);
    this.SUBRULE(this.expr);
    this.CONSUME(RParen);
  });

  /** `unary (op unary)* [? expr : expr]`, with `unary = (- | ~ | !)* prim`. */
  readonly expr = this.RULE('expr', () => {
    this.MANY1(() => this.CONSUME1(UnaryOperator));
    this.SUBRULE1(this.prim);
    this.MANY2(() => {
      this.CONSUME(BinaryOperator);
      this.MANY3(() => this.CONSUME2(UnaryOperator));
      this.SUBRULE2(this.prim);
    });
    this.OPTION(() => {
      this.CONSUME(Question);
      this.SUBRULE1(this.expr);
      this.CONSUME(Colon);
      this.SUBRULE2(this.expr);
    });
  });
}

let parser: DtsParser | undefined;

/**
 * The one parser instance of the process, built on first use (see `dtsLexer`); setting `input`
 * resets its state on every run.
 */
export function dtsParser(): DtsParser {
  parser ??= new DtsParser();
  return parser;
}

export type { DtsParser };
