import type { Loc } from '../../syntax/ast.js';
import type { Marker } from '../../tree/data.js';
import type { Node, Property } from '../../tree/tree.js';
import { type CheckContext, defineCheck } from '../define-check.js';
import { liveLabels, liveProps } from '../values.js';

type LabelMarker = Extract<Marker, { kind: 'label' }>;

/** Where a label was first found, in dtc's search order (nodes, then properties, then values). */
interface Owner {
  node: Node;
  prop: Property | undefined;
  mark: LabelMarker | undefined;
}

interface LabelIndex {
  onNode: Map<string, Node>;
  onProp: Map<string, Owner>;
  inValue: Map<string, Owner>;
}

/** One label written somewhere, with where (for the report) and its text position. */
interface Occurrence {
  label: string;
  here: Owner;
  loc: Loc | undefined;
}

/**
 * dtc searches the whole tree for each label (first node, else first property, else first value
 * position, each in DFS order); one pass builds that index and lists every label in the order dtc's
 * per-node walk meets them, so the reports come out the same without the quadratic search.
 */
function scan(ctx: CheckContext): { index: LabelIndex; occurrences: Occurrence[] } {
  const index: LabelIndex = { onNode: new Map(), onProp: new Map(), inValue: new Map() };
  const occurrences: Occurrence[] = [];
  for (const node of ctx.walk(ctx.tree.root)) {
    if (node.labels.length > 0)
      for (const l of liveLabels(node.labels)) {
        if (!index.onNode.has(l.name)) index.onNode.set(l.name, node);
        occurrences.push({ label: l.name, here: { node, prop: undefined, mark: undefined }, loc: l.loc });
      }
    for (const prop of liveProps(node)) {
      if (prop.labels.length > 0)
        for (const l of liveLabels(prop.labels)) {
          const here = { node, prop, mark: undefined };
          if (!index.onProp.has(l.name)) index.onProp.set(l.name, here);
          occurrences.push({ label: l.name, here, loc: l.loc });
        }
      for (const m of prop.value.markers)
        if (m.kind === 'label') {
          const here = { node, prop, mark: m };
          if (!index.inValue.has(m.name)) index.inValue.set(m.name, here);
          occurrences.push({ label: m.name, here, loc: m.loc });
        }
    }
  }
  return { index, occurrences };
}

function describe(owner: Owner): string {
  const { node, prop, mark } = owner;
  return `${mark ? 'value of ' : ''}${prop ? `'${prop.name}' in ` : ''}${node.path}`;
}

export const duplicateLabel = defineCheck({
  id: 'tree/duplicate-label',
  dtcName: 'duplicate_label',
  severity: 'error',
  requires: [],
  summary: 'One label on two nodes, properties or value positions.',
  examples: {
    valid: '/dts-v1/;\n/ { a: n1 { }; b: n2 { }; };\n',
    invalid: '/dts-v1/;\n/ { a: n1 { }; a: n2 { }; };\n',
  },
  visitTree(ctx) {
    const { index, occurrences } = scan(ctx);
    for (const { label, here, loc } of occurrences) {
      const onNode = index.onNode.get(label);
      const other: Owner | undefined = onNode
        ? { node: onNode, prop: undefined, mark: undefined }
        : (index.onProp.get(label) ?? index.inValue.get(label));
      if (!other) continue;
      if (other.node !== here.node || other.prop !== here.prop || other.mark !== here.mark)
        ctx.report(
          here.node,
          undefined,
          `Duplicate label '${label}' on ${describe(here)} and ${describe(other)}`,
          loc,
        );
    }
  },
});
