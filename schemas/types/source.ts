import type { Span } from '../../compiler/diagnostics/diagnostic.js';
import type { Loc } from '../../compiler/syntax/ast.js';
import type { DeviceTree, Node, Property } from '../../compiler/tree/tree.js';

/**
 * Where a typed fact came from: a run of 32-bit cells inside one property. Every resolved item of
 * the typed view keeps one, so a diagnostic about "the third interrupt" can underline exactly its
 * cells instead of the whole node.
 */
export interface CellRef {
  node: Node;
  property: Property;
  /** Index of the first 32-bit cell. */
  cell: number;
  /** Number of cells (0 for a reference to the property as a whole). */
  count: number;
}

/**
 * The source location of each 32-bit cell of a property, by cell index. Cells written inside `/bits/ 8`
 * or byte strings, and anything after a path reference or `/incbin/` (whose length the AST does not
 * know), have no entry.
 */
export function cellLocs(prop: Property): (Loc | undefined)[] {
  const out: (Loc | undefined)[] = [];
  const value = prop.valueAst;
  if (!value) return out;
  let offset = 0;
  for (const chunk of value.chunks) {
    switch (chunk.kind) {
      case 'label':
        break;
      case 'string':
        offset += chunk.bytes.length + 1;
        break;
      case 'bytes':
        for (const e of chunk.elements) if (e.kind === 'byte') offset += 1;
        break;
      case 'cells': {
        const width = chunk.bits / 8;
        for (const e of chunk.elements) {
          if (e.kind === 'label') continue;
          if (width === 4 && offset % 4 === 0) out[offset / 4] = e.loc;
          offset += width;
        }
        break;
      }
      default:
        // path-ref / incbin: length unknown from the AST; later cells stay unmapped.
        return out;
    }
  }
  return out;
}

/** Location of each string of a string-list property, by string index. */
export function stringLocs(prop: Property): (Loc | undefined)[] {
  const out: (Loc | undefined)[] = [];
  for (const chunk of prop.valueAst?.chunks ?? []) {
    if (chunk.kind === 'string') out.push(chunk.loc);
    else if (chunk.kind !== 'label') return out;
  }
  return out;
}

function resolve(tree: DeviceTree, loc: Loc | undefined): Span | undefined {
  if (!loc || !tree.source) return undefined;
  return tree.source.span(loc.start, loc.end);
}

/** Span of a property's value (or of the whole property when it has none). */
export function propertySpan(tree: DeviceTree, prop: Property): Span | undefined {
  return resolve(tree, prop.valueAst?.loc ?? prop.loc ?? prop.nameLoc);
}

/** Span of a property's name. */
export function propertyNameSpan(tree: DeviceTree, prop: Property): Span | undefined {
  return resolve(tree, prop.nameLoc ?? prop.loc);
}

/** Span of a node's name (where it was first defined). */
export function nodeSpan(tree: DeviceTree, node: Node): Span | undefined {
  return resolve(tree, node.nameLoc ?? node.locs[0]);
}

/** Span covering cells [cell, cell+count) of a property; falls back to the value, then the name. */
export function cellsSpan(tree: DeviceTree, prop: Property, cell: number, count = 1): Span | undefined {
  const locs = cellLocs(prop);
  const first = locs[cell];
  const last = locs[cell + Math.max(count, 1) - 1];
  if (first && last) return resolve(tree, { start: first.start, end: last.end });
  return propertySpan(tree, prop);
}

/** Span of the cells a CellRef names. */
export function cellRefSpan(tree: DeviceTree, ref: CellRef): Span | undefined {
  if (ref.count === 0) return propertySpan(tree, ref.property);
  return cellsSpan(tree, ref.property, ref.cell, ref.count);
}

/** Span of the n-th string of a string-list property. */
export function stringSpan(tree: DeviceTree, prop: Property, index: number): Span | undefined {
  const loc = stringLocs(prop)[index];
  return loc ? resolve(tree, loc) : propertySpan(tree, prop);
}
