import type { MacroDef, NameTable } from './tokens.js';

/**
 * The macros defined in one preprocessing run, by name, plus a bitmap by name id (see NameTable) so
 * that the fast path can ask "is this identifier a macro?" without hashing its spelling.
 */
export class MacroTable {
  private readonly byName = new Map<string, MacroDef>();
  private defined = new Uint8Array(1024);

  constructor(private readonly names: NameTable) {}

  get(name: string): MacroDef | undefined {
    return this.byName.get(name);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** Whether the name with this id is defined (false for ids never seen by this table). */
  hasId(id: number): boolean {
    return id < this.defined.length && this.defined[id] === 1;
  }

  set(name: string, macro: MacroDef): void {
    this.byName.set(name, macro);
    // Definitions are shared through the cache (with its NameTable): find the id once per definition.
    macro.nameId ??= this.names.idOf(name);
    this.mark(macro.nameId, 1);
  }

  delete(name: string): void {
    if (this.byName.delete(name)) this.mark(this.names.idOf(name), 0);
  }

  private mark(id: number, value: number): void {
    if (id >= this.defined.length) {
      let size = this.defined.length * 2;
      while (size <= id) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.defined);
      this.defined = grown;
    }
    this.defined[id] = value;
  }
}
