/**
 * The syntax tree of one DTS source, as the parser produces it: every construct of dtc 1.8.1's
 * grammar, each with its location (offsets into the SourceText the lexer read). Integer expressions
 * are already evaluated (unsigned 64-bit, dtc's semantics); string and char escapes are decoded to
 * latin1 byte strings. Nothing here is resolved: labels and references are names.
 */

/** Offsets [start, end) into the SourceText; resolve with `SourceText.span`. */
export interface Loc {
  start: number;
  end: number;
}

export interface Label {
  name: string;
  loc: Loc;
}

/** `&name`, `&{/path}` or `&{label/sub/path}` (the text between the braces is kept as written). */
export type Ref = { kind: 'label'; name: string; loc: Loc } | { kind: 'path'; path: string; loc: Loc };

export interface DtsFile {
  /** One entry per `/dts-v1/;` (optionally followed by `/plugin/;`). */
  headers: Header[];
  memreserves: MemReserve[];
  items: TopItem[];
  loc: Loc;
}

export interface Header {
  plugin: boolean;
  loc: Loc;
}

export interface MemReserve {
  labels: Label[];
  address: IntLiteral;
  size: IntLiteral;
  loc: Loc;
}

/** An evaluated integer (literal, char literal or parenthesised expression). */
export interface IntLiteral {
  value: bigint;
  loc: Loc;
}

export type TopItem =
  /** `/ { … };` */
  | { kind: 'root'; body: NodeBody; loc: Loc }
  /** `[label:] &ref { … };` */
  | { kind: 'ref-node'; label?: Label; ref: Ref; body: NodeBody; loc: Loc }
  /** `/delete-node/ &ref;` */
  | { kind: 'delete-node-ref'; ref: Ref; loc: Loc }
  /** `/omit-if-no-ref/ &ref;` */
  | { kind: 'omit-ref'; ref: Ref; loc: Loc };

export interface NodeBody {
  /** Properties and property deletions, in source order. */
  props: PropItem[];
  /** Child nodes and node deletions, in source order. */
  children: ChildItem[];
  /** From `{` to the closing `;`. */
  loc: Loc;
}

export type PropItem =
  /** `name;` (value undefined) or `name = value;` */
  | { kind: 'prop'; labels: Label[]; name: string; nameLoc: Loc; value?: Value; loc: Loc }
  /** `/delete-property/ name;` */
  | { kind: 'delete-prop'; labels: Label[]; name: string; nameLoc: Loc; loc: Loc };

export type ChildItem =
  /** `[labels] [/omit-if-no-ref/] name { … };` */
  | {
      kind: 'node';
      labels: Label[];
      omitIfNoRef: boolean;
      name: string;
      nameLoc: Loc;
      body: NodeBody;
      loc: Loc;
    }
  /** `/delete-node/ name;` */
  | { kind: 'delete-node'; labels: Label[]; name: string; nameLoc: Loc; loc: Loc };

/** A property value: comma-separated items, with labels allowed before and after each item. */
export interface Value {
  chunks: ValueChunk[];
  loc: Loc;
}

export type ValueChunk =
  | { kind: 'label'; name: string; loc: Loc }
  /** `"…"`: `bytes` are the decoded bytes as latin1, without the terminating NUL. */
  | { kind: 'string'; bytes: string; loc: Loc }
  /** `[/bits/ N] < … >` */
  | { kind: 'cells'; bits: 8 | 16 | 32 | 64; elements: CellElement[]; loc: Loc }
  /** `[ 0a 0b … ]` */
  | { kind: 'bytes'; elements: ByteElement[]; loc: Loc }
  /** `&ref` outside `< >`: the target's full path is inserted as a string. */
  | { kind: 'path-ref'; ref: Ref; loc: Loc }
  /** `/incbin/("file"[, offset, length])` */
  | { kind: 'incbin'; file: string; fileLoc: Loc; offset?: IntLiteral; length?: IntLiteral; loc: Loc };

export type CellElement =
  | { kind: 'int'; value: bigint; loc: Loc }
  /** A phandle reference `<&x>`: a 32-bit placeholder filled in by reference resolution. */
  | { kind: 'ref'; ref: Ref; loc: Loc }
  | { kind: 'label'; name: string; loc: Loc };

export type ByteElement =
  | { kind: 'byte'; value: number; loc: Loc }
  | { kind: 'label'; name: string; loc: Loc };
