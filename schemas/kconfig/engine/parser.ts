import type { Diagnostic, Span } from '../../../compiler/diagnostics/diagnostic.js';
import { type Line, Scanner, type Token } from './lexer.js';
import { MacroExpander, type MacroOptions } from './macro.js';
import {
  and,
  type ChoiceInfo,
  type CompareOp,
  type Expr,
  type KSymbol,
  type Location,
  type MenuKind,
  type MenuNode,
  type Property,
  type PropertyKind,
  type SymbolType,
} from './model.js';
import { dirName, joinPath, type KconfigReader } from './reader.js';

/**
 * Parser for the Linux Kconfig language (scripts/kconfig/parser.y), building the same menu tree
 * and symbol properties as the C code does before `menu_finalize()`.
 *
 * Accepted beyond Linux v6.12: `rsource` / `osource` / `orsource` (kconfiglib/Zephyr), `option
 * modules|env=|defconfig_list|allnoconfig_y` (Linux < 5.13 and kconfiglib), `optional` in choices
 * (Linux < 6.11, ignored), `transitional` (Linux ≥ 6.17), `---help---` (Linux < 5.9).
 * Errors never throw: each becomes a `kconfig/parse-…` diagnostic and the line is skipped.
 */

export interface ParseOptions extends MacroOptions {
  /** Directory that `source` paths are relative to (Linux: $(srctree)). Default: ".". */
  readonly srctree?: string;
}

export interface ParsedTree {
  readonly root: MenuNode;
  readonly symbols: KSymbol[];
  readonly byName: Map<string, KSymbol>;
  readonly modules: KSymbol | undefined;
  readonly choices: ChoiceInfo[];
  readonly mainmenu: string | undefined;
  readonly files: string[];
  readonly constants: { readonly y: KSymbol; readonly m: KSymbol; readonly n: KSymbol };
  /** Where each non-constant symbol is used (expressions, select, imply, range), in source order. */
  readonly references: Map<KSymbol, Location[]>;
}

const TYPE_KEYWORDS: Readonly<Record<string, SymbolType>> = {
  bool: 'bool',
  tristate: 'tristate',
  int: 'int',
  hex: 'hex',
  string: 'string',
};

const MAX_SOURCE_DEPTH = 64;

export class KconfigParser {
  readonly diagnostics: Diagnostic[] = [];
  private readonly macros: MacroExpander;
  private readonly symbols: KSymbol[] = [];
  private readonly byName = new Map<string, KSymbol>();
  private readonly constByName = new Map<string, KSymbol>();
  readonly y: KSymbol;
  readonly m: KSymbol;
  readonly n: KSymbol;
  private modules: KSymbol | undefined;
  private mainmenu: string | undefined;
  private readonly files: string[] = [];
  private readonly choices: ChoiceInfo[] = [];
  private readonly choiceMembers = new Map<MenuNode, KSymbol[]>();
  private readonly references = new Map<KSymbol, Location[]>();
  private currentLine = 0;

  readonly root: MenuNode;
  /** Where new entries go (menu_add_entry appends to this node's children). */
  private currentMenu: MenuNode;
  /** The entry that options apply to, or undefined between entries. */
  private currentEntry: MenuNode | undefined;
  /** Open `menu`/`if`/`choice` blocks. */
  private readonly blocks: MenuNode[] = [];
  private currentChoice: MenuNode | undefined;
  private file = '';
  private sourceDepth = 0;
  private readonly sourceStack: string[] = [];

  constructor(
    private readonly reader: KconfigReader,
    private readonly options: ParseOptions = {},
  ) {
    this.macros = new MacroExpander(options, (severity, code, message) =>
      this.report(severity, code, message, this.macros.position.line, 1),
    );
    this.y = this.newSymbol('y', true);
    this.m = this.newSymbol('m', true);
    this.n = this.newSymbol('n', true);
    // Like symbol_yes/mod/no, the constants keep type 'unknown': comparisons with them are textual.
    this.root = this.newNode('root', undefined, { file: '', line: 0 });
    this.currentMenu = this.root;
  }

  /** Parses `entry` (a path relative to srctree) and everything it sources. */
  parse(entry: string): ParsedTree {
    this.parseFile(entry, undefined, true);
    for (const block of this.blocks.reverse()) {
      this.report(
        'error',
        'kconfig/parse-unterminated-block',
        `missing end${block.kind === 'if' ? 'if' : block.kind === 'choice' ? 'choice' : 'menu'}`,
        block.location.line,
        1,
        block.location.file,
      );
    }
    this.blocks.length = 0;
    return {
      root: this.root,
      symbols: this.symbols,
      byName: this.byName,
      modules: this.modules,
      choices: this.choices,
      mainmenu: this.mainmenu,
      files: this.files,
      constants: { y: this.y, m: this.m, n: this.n },
      references: this.references,
    };
  }

  // ---------------------------------------------------------------- files

  private parseFile(path: string, from: Location | undefined, required: boolean): boolean {
    const fullPath = joinPath(this.options.srctree ?? '.', path);
    const text = this.reader.readText(fullPath);
    if (text === undefined) {
      if (required) {
        this.report(
          'error',
          'kconfig/parse-source-not-found',
          `can't open file "${path}"`,
          from?.line ?? 0,
          1,
          from?.file ?? path,
        );
      }
      return false;
    }
    if (this.sourceStack.includes(path)) {
      this.report(
        'error',
        'kconfig/parse-recursive-source',
        `recursive inclusion of "${path}"`,
        from?.line ?? 0,
        1,
        from?.file ?? path,
      );
      return false;
    }
    if (this.sourceDepth >= MAX_SOURCE_DEPTH) return false;
    this.files.push(path);
    const savedFile = this.file;
    const savedEntry = this.currentEntry;
    this.file = path;
    this.sourceDepth++;
    this.sourceStack.push(path);
    const scanner = new Scanner(text, path, this.macros, (severity, code, message, line, col) =>
      this.report(severity, code, message, line, col),
    );
    this.currentEntry = undefined;
    for (let line = scanner.next(); line; line = scanner.next()) this.statement(line, scanner);
    this.sourceStack.pop();
    this.sourceDepth--;
    this.file = savedFile;
    this.currentEntry = savedEntry;
    return true;
  }

  // ---------------------------------------------------------------- statements

  private statement(line: Line, scanner: Scanner): void {
    this.currentLine = line.line;
    const tokens = line.tokens;
    const first = tokens[0]!;
    const loc: Location = { file: this.file, line: line.line };

    if (tokens[1]?.kind === 'assign' && first.kind === 'word') {
      const flavor = tokens[1].op === ':=' ? 'simple' : tokens[1].op === '+=' ? 'append' : 'recursive';
      this.macros.position = { file: this.file, line: line.line };
      this.macros.define(first.value, tokens[1].value, flavor);
      return;
    }

    if (first.kind === 'keyword' || first.kind === 'word') {
      const word = first.value;
      // Entry options first: they only make sense while an entry is open.
      if (this.currentEntry && this.entryOption(word, line, scanner)) return;
      switch (word) {
        case 'config':
        case 'menuconfig':
          if (first.kind === 'keyword') {
            this.configEntry(word, line, loc);
            return;
          }
          break;
        case 'choice':
          if (first.kind === 'keyword') {
            this.choiceEntry(line, loc);
            return;
          }
          break;
        case 'endchoice':
        case 'endmenu':
        case 'endif':
          if (first.kind === 'keyword') {
            this.endBlock(word, line, loc);
            return;
          }
          break;
        case 'menu':
          if (first.kind === 'keyword') {
            this.menuEntry(line, loc);
            return;
          }
          break;
        case 'if':
          if (first.kind === 'keyword') {
            this.ifEntry(line, loc);
            return;
          }
          break;
        case 'comment':
          if (first.kind === 'keyword') {
            this.commentEntry(line, loc);
            return;
          }
          break;
        case 'mainmenu':
          if (first.kind === 'keyword') {
            const text = this.stringArg(line, 1);
            if (text !== undefined) {
              this.mainmenu = text;
              this.endOfStatement(line, 2);
            }
            this.currentEntry = undefined;
            return;
          }
          break;
        case 'source':
        case 'rsource':
        case 'osource':
        case 'orsource':
          this.sourceStatement(word, line, loc);
          return;
        default:
          break;
      }
      if (this.currentEntry === undefined && isEntryOptionWord(word)) {
        this.report(
          'error',
          'kconfig/parse-option-outside-entry',
          `"${word}" outside of a config, choice, menu or comment entry`,
          line.line,
          first.col,
        );
        return;
      }
      this.report(
        'error',
        'kconfig/parse-unknown-statement',
        `unknown statement "${word}"`,
        line.line,
        first.col,
      );
      return;
    }
    this.report('error', 'kconfig/parse-invalid-statement', 'invalid statement', line.line, first.col);
  }

  private configEntry(word: 'config' | 'menuconfig', line: Line, loc: Location): void {
    const nameTok = line.tokens[1];
    if (!nameTok || nameTok.kind !== 'word') {
      this.report(
        'error',
        'kconfig/parse-expected-symbol',
        `expected a symbol name after ${word}`,
        line.line,
        1,
      );
      this.currentEntry = undefined;
      return;
    }
    this.endOfStatement(line, 2);
    const symbol = this.lookup(nameTok.value, false);
    const node = this.addEntry(word, symbol, loc);
    symbol.menus.push(node);
    if (this.currentChoice) {
      const members = this.choiceMembers.get(this.currentChoice)!;
      if (!members.includes(symbol)) members.push(symbol);
    }
  }

  private choiceEntry(line: Line, loc: Location): void {
    this.endOfStatement(line, 1);
    const symbol = this.newSymbol('', false, true);
    symbol.type = 'bool';
    const node = this.addEntry('choice', symbol, loc);
    symbol.menus.push(node);
    this.choiceMembers.set(node, []);
    this.openBlock(node);
    this.currentChoice = node;
    // Options (prompt, default, depends) follow: keep the choice as the current entry.
    this.currentEntry = node;
  }

  private menuEntry(line: Line, loc: Location): void {
    const text = this.stringArg(line, 1);
    const node = this.addEntry('menu', undefined, loc);
    if (text !== undefined) {
      this.endOfStatement(line, 2);
      node.prompt = this.newProperty('menu', node, loc, { text });
    }
    this.openBlock(node);
    this.currentEntry = node;
  }

  private ifEntry(line: Line, loc: Location): void {
    const node = this.addEntry('if', undefined, loc);
    const expr = this.parseExpr(line, 1);
    if (expr) {
      this.endOfStatement(line, expr.end);
      node.dep = expr.expr;
    }
    this.openBlock(node);
    this.currentEntry = undefined;
  }

  private commentEntry(line: Line, loc: Location): void {
    const text = this.stringArg(line, 1);
    const node = this.addEntry('comment', undefined, loc);
    if (text !== undefined) {
      this.endOfStatement(line, 2);
      node.prompt = this.newProperty('comment', node, loc, { text });
    }
    this.currentEntry = node;
  }

  private endBlock(word: string, line: Line, loc: Location): void {
    this.endOfStatement(line, 1);
    this.currentEntry = undefined;
    const expected = word === 'endif' ? 'if' : word === 'endchoice' ? 'choice' : 'menu';
    const block = this.blocks[this.blocks.length - 1];
    if (!block) {
      this.report('error', 'kconfig/parse-unexpected-end', `unexpected '${word}' statement`, loc.line, 1);
      return;
    }
    if (block.kind !== expected) {
      this.report(
        'error',
        'kconfig/parse-unexpected-end',
        `unexpected '${word}' within ${block.kind} block`,
        loc.line,
        1,
      );
      return;
    }
    this.blocks.pop();
    this.currentMenu = block.parent ?? this.root;
    if (block.kind === 'choice') this.currentChoice = this.innermostChoice();
  }

  private sourceStatement(word: string, line: Line, loc: Location): void {
    const path = this.stringArg(line, 1);
    this.currentEntry = undefined;
    if (path === undefined) return;
    this.endOfStatement(line, 2);
    const relative = word === 'rsource' || word === 'orsource';
    const optional = word === 'osource' || word === 'orsource';
    const target = relative ? joinPath(dirName(this.file), path) : path;
    if (optional && /[*?[]/.test(target)) {
      // Glob patterns (kconfiglib extension) need a directory listing the reader cannot give.
      this.report(
        'info',
        'kconfig/parse-glob-source-skipped',
        `glob in ${word} "${path}" not expanded`,
        loc.line,
        1,
      );
      return;
    }
    this.parseFile(target, loc, !optional);
    this.currentEntry = undefined;
  }

  /** Returns false if `word` is not an option of the current entry (then it starts a statement). */
  private entryOption(word: string, line: Line, scanner: Scanner): boolean {
    const entry = this.currentEntry!;
    const tokens = line.tokens;
    const loc: Location = { file: this.file, line: line.line };
    const isSymbolEntry = entry.kind === 'config' || entry.kind === 'menuconfig';
    const isChoice = entry.kind === 'choice';

    if (word === 'depends') {
      if (tokens[1]?.value !== 'on' || tokens[1].kind !== 'keyword') {
        this.report(
          'error',
          'kconfig/parse-expected-on',
          'expected "on" after "depends"',
          line.line,
          tokens[0]!.col,
        );
        return true;
      }
      const e = this.parseExpr(line, 2);
      if (e) {
        this.endOfStatement(line, e.end);
        entry.dep = and(entry.dep, e.expr);
      }
      return true;
    }
    if (word === 'help' || word === '---help---') {
      if (!isSymbolEntry && !isChoice) return false;
      this.endOfStatement(line, 1);
      const text = scanner.readHelp();
      if (text.trim() === '')
        this.report(
          'warning',
          'kconfig/parse-blank-help',
          `'${entry.symbol?.name || '<choice>'}' defined with blank help text`,
          loc.line,
          1,
        );
      entry.help = text;
      return true;
    }
    if (entry.kind === 'menu') {
      if (word === 'visible') {
        const cond = this.ifCondition(line, 1);
        if (cond !== null) entry.visibility = and(entry.visibility, cond);
        return true;
      }
      return false;
    }
    if (entry.kind === 'comment') return false;
    if (!isSymbolEntry && !isChoice) return false;
    const symbol = entry.symbol!;

    const type = TYPE_KEYWORDS[word];
    if (type && tokens[0]!.kind === 'keyword') {
      if (isChoice && type !== 'bool' && type !== 'tristate') {
        this.report('error', 'kconfig/parse-choice-type', `choice must be bool`, line.line, tokens[0]!.col);
        return true;
      }
      this.setType(entry, type, loc);
      if (tokens.length > 1) this.promptTail(entry, line, 1, loc);
      return true;
    }
    switch (word) {
      case 'prompt':
        this.promptTail(entry, line, 1, loc);
        return true;
      case 'default':
      case 'def_bool':
      case 'def_tristate': {
        if (isChoice) {
          const target = tokens[1];
          if (word !== 'default' || !target || target.kind !== 'word') {
            this.report(
              'error',
              'kconfig/parse-choice-default',
              'expected a symbol after "default"',
              line.line,
              1,
            );
            return true;
          }
          const cond = this.ifCondition(line, 2);
          if (cond === null) return true;
          this.addProperty('default', entry, loc, {
            expr: { kind: 'symbol', symbol: this.use(target.value, false) },
            visible: cond,
          });
          return true;
        }
        const e = this.parseExpr(line, 1);
        if (!e) return true;
        const cond = this.ifCondition(line, e.end);
        if (cond === null) return true;
        this.addProperty('default', entry, loc, { expr: e.expr, visible: cond });
        if (word !== 'default') this.setType(entry, word === 'def_bool' ? 'bool' : 'tristate', loc);
        return true;
      }
      case 'select':
      case 'imply': {
        if (isChoice) return false;
        const target = tokens[1];
        if (!target || target.kind !== 'word') {
          this.report(
            'error',
            'kconfig/parse-expected-symbol',
            `expected a symbol after "${word}"`,
            line.line,
            1,
          );
          return true;
        }
        const cond = this.ifCondition(line, 2);
        if (cond === null) return true;
        this.addProperty(word, entry, loc, { target: this.use(target.value, false), visible: cond });
        return true;
      }
      case 'range': {
        if (isChoice) return false;
        const lo = this.symbolArg(tokens[1]);
        const hi = this.symbolArg(tokens[2]);
        if (!lo || !hi) {
          this.report('error', 'kconfig/parse-range', 'expected two symbols after "range"', line.line, 1);
          return true;
        }
        const cond = this.ifCondition(line, 3);
        if (cond === null) return true;
        this.addProperty('range', entry, loc, { range: [lo, hi], visible: cond });
        return true;
      }
      case 'modules':
        this.endOfStatement(line, 1);
        this.setModules(symbol, loc);
        return true;
      case 'transitional':
        this.endOfStatement(line, 1);
        symbol.transitional = true;
        return true;
      case 'optional':
        // Linux < 6.11 optional choices; the choice then simply has no forced selection.
        this.endOfStatement(line, 1);
        return true;
      case 'option':
        this.optionStatement(symbol, entry, line, loc);
        return true;
      default:
        return false;
    }
  }

  /** `option modules`, `option env="X"`, `option defconfig_list`, `option allnoconfig_y`. */
  private optionStatement(symbol: KSymbol, entry: MenuNode, line: Line, loc: Location): void {
    const name = line.tokens[1];
    if (!name) {
      this.report('error', 'kconfig/parse-option', 'expected an option name', loc.line, 1);
      return;
    }
    if (name.value === 'modules') {
      this.setModules(symbol, loc);
      return;
    }
    if (name.value === 'env') {
      const value = line.tokens[2]?.value === '=' ? line.tokens[3] : undefined;
      if (value) {
        const envValue = this.options.env?.[value.value] ?? '';
        this.addProperty('default', entry, loc, {
          expr: { kind: 'symbol', symbol: this.lookup(envValue, true) },
          visible: undefined,
        });
      }
      return;
    }
    if (name.value === 'defconfig_list' || name.value === 'allnoconfig_y') return;
    this.report(
      'warning',
      'kconfig/parse-unknown-option',
      `ignoring unknown option "${name.value}"`,
      loc.line,
      name.col,
    );
  }

  private setModules(symbol: KSymbol, loc: Location): void {
    if (this.modules && this.modules !== symbol) {
      this.report(
        'error',
        'kconfig/parse-modules-redefined',
        `symbol '${symbol.name}' redefines option 'modules' already defined by symbol '${this.modules.name}'`,
        loc.line,
        1,
      );
      return;
    }
    this.modules = symbol;
  }

  /** `"prompt text" [if expr]` starting at token `at`. */
  private promptTail(entry: MenuNode, line: Line, at: number, loc: Location): void {
    const tok = line.tokens[at];
    if (!tok || tok.kind !== 'string') {
      this.report(
        'error',
        'kconfig/parse-expected-prompt',
        'expected a quoted prompt',
        line.line,
        tok?.col ?? 1,
      );
      return;
    }
    const cond = this.ifCondition(line, at + 1);
    if (cond === null) return;
    let text = tok.value;
    if (/^\s/.test(text)) {
      this.report(
        'warning',
        'kconfig/parse-prompt-leading-whitespace',
        'leading whitespace ignored',
        loc.line,
        tok.col,
      );
      text = text.replace(/^\s+/, '');
    }
    if (entry.prompt)
      this.report('warning', 'kconfig/parse-prompt-redefined', 'prompt redefined', loc.line, tok.col);
    // Apply the `visible if` of every enclosing menu (menu_add_prompt).
    let visible = cond;
    for (let menu = entry.parent; menu; menu = menu.parent) visible = and(visible, menu.visibility);
    const prop = this.addProperty(entry.kind === 'menuconfig' ? 'menu' : 'prompt', entry, loc, {
      text,
      visible,
    });
    entry.prompt = prop;
  }

  private setType(entry: MenuNode, type: SymbolType, loc: Location): void {
    const symbol = entry.symbol!;
    if (symbol.type === type) return;
    if (symbol.type === 'unknown') {
      symbol.type = type;
      return;
    }
    this.report(
      'warning',
      'kconfig/parse-type-redefined',
      `ignoring type redefinition of '${symbol.name || '<choice>'}' from '${symbol.type}' to '${type}'`,
      loc.line,
      1,
    );
  }

  // ---------------------------------------------------------------- expressions

  /**
   * `[if expr]` from token `at` to the end of the line. Returns undefined for no condition and null
   * after reporting an error.
   */
  private ifCondition(line: Line, at: number): Expr | undefined | null {
    const tok = line.tokens[at];
    if (!tok) return undefined;
    if (tok.kind !== 'keyword' || tok.value !== 'if') {
      this.report('error', 'kconfig/parse-unexpected-token', `unexpected "${tok.value}"`, line.line, tok.col);
      return null;
    }
    const e = this.parseExpr(line, at + 1);
    if (!e) return null;
    if (!this.endOfStatement(line, e.end)) return null;
    return e.expr;
  }

  /** Parses an expression from token `at`; reports and returns undefined on a syntax error. */
  private parseExpr(line: Line, at: number): { expr: Expr; end: number } | undefined {
    const p = new ExprParser(line.tokens, at, (name, quoted) => this.use(name, quoted));
    const expr = p.parseOr();
    if (!expr) {
      const tok = line.tokens[p.pos];
      this.report(
        'error',
        'kconfig/parse-invalid-expression',
        tok ? `unexpected "${tok.value}" in expression` : 'expression expected',
        line.line,
        tok?.col ?? 1,
      );
      return undefined;
    }
    return { expr, end: p.pos };
  }

  private stringArg(line: Line, at: number): string | undefined {
    const tok = line.tokens[at];
    if (!tok || tok.kind !== 'string') {
      this.report(
        'error',
        'kconfig/parse-expected-string',
        'expected a quoted string',
        line.line,
        tok?.col ?? 1,
      );
      return undefined;
    }
    return tok.value;
  }

  private symbolArg(tok: Token | undefined): KSymbol | undefined {
    if (!tok) return undefined;
    if (tok.kind === 'word') return this.use(tok.value, false);
    if (tok.kind === 'string') return this.use(tok.value, true);
    return undefined;
  }

  /** Reports trailing tokens after position `at`; returns whether there were none. */
  private endOfStatement(line: Line, at: number): boolean {
    const tok = line.tokens[at];
    if (!tok) return true;
    this.report('error', 'kconfig/parse-unexpected-token', `unexpected "${tok.value}"`, line.line, tok.col);
    return false;
  }

  // ---------------------------------------------------------------- model building

  /** lookup() for a symbol used (not defined) on the current line. */
  private use(name: string, quoted: boolean): KSymbol {
    const symbol = this.lookup(name, quoted);
    if (!symbol.isConst) {
      const list = this.references.get(symbol);
      const loc = { file: this.file, line: this.currentLine };
      if (list) list.push(loc);
      else this.references.set(symbol, [loc]);
    }
    return symbol;
  }

  /** sym_lookup(): y/m/n are the constants; quoted words are constants of their own. */
  lookup(name: string, quoted: boolean): KSymbol {
    if (name === 'y') return this.y;
    if (name === 'm') return this.m;
    if (name === 'n') return this.n;
    const map = quoted ? this.constByName : this.byName;
    let symbol = map.get(name);
    if (!symbol) {
      symbol = this.newSymbol(name, quoted);
      map.set(name, symbol);
    }
    return symbol;
  }

  private newSymbol(name: string, isConst: boolean, isChoice = false): KSymbol {
    const symbol: KSymbol = {
      id: this.symbols.length,
      name,
      type: 'unknown',
      isConst,
      isChoice,
      props: [],
      menus: [],
      directDep: undefined,
      reverseDep: undefined,
      implied: undefined,
      choice: undefined,
      transitional: false,
    };
    this.symbols.push(symbol);
    return symbol;
  }

  private newNode(kind: MenuKind, symbol: KSymbol | undefined, location: Location): MenuNode {
    return {
      kind,
      symbol,
      location,
      parent: undefined,
      children: [],
      prompt: undefined,
      dep: undefined,
      visibility: undefined,
      help: undefined,
    };
  }

  private addEntry(kind: MenuKind, symbol: KSymbol | undefined, location: Location): MenuNode {
    const node = this.newNode(kind, symbol, location);
    node.parent = this.currentMenu;
    this.currentMenu.children.push(node);
    this.currentEntry = node;
    return node;
  }

  private openBlock(node: MenuNode): void {
    this.blocks.push(node);
    this.currentMenu = node;
    if (node.kind === 'choice') {
      this.choices.push({ menu: node, symbol: node.symbol!, members: this.choiceMembers.get(node)! });
    }
  }

  private innermostChoice(): MenuNode | undefined {
    for (let i = this.blocks.length - 1; i >= 0; i--)
      if (this.blocks[i]!.kind === 'choice') return this.blocks[i];
    return undefined;
  }

  private newProperty(
    kind: PropertyKind,
    menu: MenuNode,
    location: Location,
    fields: Partial<Omit<Property, 'kind' | 'menu' | 'location'>>,
  ): Property {
    return { kind, menu, location, visible: undefined, ...fields };
  }

  private addProperty(
    kind: PropertyKind,
    entry: MenuNode,
    location: Location,
    fields: Partial<Omit<Property, 'kind' | 'menu' | 'location'>>,
  ): Property {
    const prop = this.newProperty(kind, entry, location, fields);
    entry.symbol?.props.push(prop);
    return prop;
  }

  private report(
    severity: 'error' | 'warning' | 'info',
    code: string,
    message: string,
    line: number,
    col: number,
    file = this.file,
  ): void {
    const span: Span = { file, line, col, endLine: line, endCol: col + 1 };
    this.diagnostics.push({ code, severity, message, span });
  }
}

const ENTRY_OPTION_WORDS: ReadonlySet<string> = new Set([
  ...Object.keys(TYPE_KEYWORDS),
  'depends',
  'help',
  'prompt',
  'default',
  'def_bool',
  'def_tristate',
  'select',
  'imply',
  'range',
  'modules',
  'visible',
]);

function isEntryOptionWord(word: string): boolean {
  return ENTRY_OPTION_WORDS.has(word);
}

/** Recursive descent over parser.y's precedence: `||` < `&&` < comparisons < `!`. */
class ExprParser {
  constructor(
    private readonly tokens: readonly Token[],
    public pos: number,
    private readonly lookup: (name: string, quoted: boolean) => KSymbol,
  ) {}

  parseOr(): Expr | undefined {
    let left = this.parseAnd();
    while (left && this.isOp('||')) {
      this.pos++;
      const right = this.parseAnd();
      if (!right) return undefined;
      left = { kind: 'or', left, right };
    }
    return left;
  }

  private parseAnd(): Expr | undefined {
    let left = this.parseUnary();
    while (left && this.isOp('&&')) {
      this.pos++;
      const right = this.parseUnary();
      if (!right) return undefined;
      left = { kind: 'and', left, right };
    }
    return left;
  }

  private parseUnary(): Expr | undefined {
    const tok = this.tokens[this.pos];
    if (!tok) return undefined;
    if (tok.kind === 'op' && tok.value === '!') {
      this.pos++;
      const operand = this.parseUnary();
      return operand ? { kind: 'not', operand } : undefined;
    }
    if (tok.kind === 'op' && tok.value === '(') {
      this.pos++;
      const inner = this.parseOr();
      if (!inner || !this.isOp(')')) return undefined;
      this.pos++;
      return inner;
    }
    const left = this.symbol();
    if (!left) return undefined;
    const opTok = this.tokens[this.pos];
    if (opTok?.kind === 'op' && isCompare(opTok.value)) {
      this.pos++;
      const right = this.symbol();
      if (!right) return undefined;
      return { kind: 'compare', op: opTok.value, left, right };
    }
    return { kind: 'symbol', symbol: left };
  }

  private symbol(): KSymbol | undefined {
    const tok = this.tokens[this.pos];
    if (!tok) return undefined;
    if (tok.kind === 'word' || tok.kind === 'string') {
      this.pos++;
      return this.lookup(tok.value, tok.kind === 'string');
    }
    return undefined;
  }

  private isOp(value: string): boolean {
    const tok = this.tokens[this.pos];
    return tok !== undefined && tok.kind === 'op' && tok.value === value;
  }
}

function isCompare(value: string): value is CompareOp {
  return (
    value === '=' || value === '!=' || value === '<' || value === '<=' || value === '>' || value === '>='
  );
}
