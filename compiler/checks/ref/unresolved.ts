import type { Marker } from '../../tree/data.js';
import type { Node } from '../../tree/tree.js';
import type { CheckContext } from '../define-check.js';
import { liveProps } from '../values.js';

type RefMarker = Extract<Marker, { kind: 'path' | 'phandle' }>;

/** A reference that resolution could not resolve, with the node whose property holds it. */
export interface Unresolved {
  node: Node;
  marker: RefMarker;
}

/**
 * Unresolved path and phandle references of the live tree, in DFS pre-order (properties and markers
 * in order), found in one pass per run and shared by `path_references` and `phandle_references`.
 */
export function unresolvedReferences(ctx: CheckContext): Unresolved[] {
  return ctx.state.memo('unresolved-references', () => {
    const found: Unresolved[] = [];
    for (const node of ctx.walk(ctx.tree.root))
      for (const prop of liveProps(node))
        for (const m of prop.value.markers)
          if ((m.kind === 'path' || m.kind === 'phandle') && m.resolved === false)
            found.push({ node, marker: m });
    return found;
  });
}
