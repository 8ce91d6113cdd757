import type { Loc } from '../syntax/ast.js';
import type { Property } from '../tree/tree.js';

/**
 * The source location of the element that produced byte `offset` of a property value, found by
 * walking the value's AST. Returns undefined when the value was not written in DTS, or when an
 * element of unknown length (a path reference, an `/incbin/`) comes first.
 */
export function valueLocAt(prop: Property, offset: number): Loc | undefined {
  const ast = prop.valueAst;
  if (!ast) return undefined;
  let at = 0;
  for (const chunk of ast.chunks) {
    switch (chunk.kind) {
      case 'label':
        break;
      case 'string': {
        const end = at + chunk.bytes.length + 1;
        if (offset < end) return chunk.loc;
        at = end;
        break;
      }
      case 'cells': {
        const width = chunk.bits / 8;
        for (const element of chunk.elements) {
          if (element.kind === 'label') continue;
          if (offset < at + width) return element.loc;
          at += width;
        }
        break;
      }
      case 'bytes':
        for (const element of chunk.elements) {
          if (element.kind === 'label') continue;
          if (offset < at + 1) return element.loc;
          at += 1;
        }
        break;
      case 'path-ref':
      case 'incbin':
        return undefined;
    }
  }
  return undefined;
}

/** Location of 32-bit cell `index` of the value, when it can be found. */
export function cellLoc(prop: Property, index: number): Loc | undefined {
  return valueLocAt(prop, index * 4);
}
