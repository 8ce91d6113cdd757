import type { Marker } from '../../tree/data.js';
import type { Node, Property } from '../../tree/tree.js';
import { type CheckContext, defineCheck } from '../define-check.js';

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

/**
 * dtc searches the whole tree for each label (first node, else first property, else first value
 * position, each in DFS order); one index per run gives the same answers without the quadratic walk.
 */
function buildIndex(ctx: CheckContext): LabelIndex {
  const index: LabelIndex = { onNode: new Map(), onProp: new Map(), inValue: new Map() };
  for (const node of ctx.walk(ctx.tree.root)) {
    for (const l of node.liveLabels) if (!index.onNode.has(l.name)) index.onNode.set(l.name, node);
    for (const prop of node.liveProps) {
      for (const l of prop.liveLabels)
        if (!index.onProp.has(l.name)) index.onProp.set(l.name, { node, prop, mark: undefined });
      for (const m of prop.value.markers)
        if (m.kind === 'label' && !index.inValue.has(m.name))
          index.inValue.set(m.name, { node, prop, mark: m });
    }
  }
  return index;
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
  visit(node, ctx) {
    const index = ctx.state.memo('duplicate_label', () => buildIndex(ctx));
    const check = (label: string, here: Owner, loc: { start: number; end: number } | undefined) => {
      const onNode = index.onNode.get(label);
      const other: Owner | undefined = onNode
        ? { node: onNode, prop: undefined, mark: undefined }
        : (index.onProp.get(label) ?? index.inValue.get(label));
      if (!other) return;
      if (other.node !== here.node || other.prop !== here.prop || other.mark !== here.mark)
        ctx.report(
          node,
          undefined,
          `Duplicate label '${label}' on ${describe(here)} and ${describe(other)}`,
          loc,
        );
    };
    for (const l of node.liveLabels) check(l.name, { node, prop: undefined, mark: undefined }, l.loc);
    for (const prop of node.liveProps) {
      for (const l of prop.liveLabels) check(l.name, { node, prop, mark: undefined }, l.loc);
      for (const m of prop.value.markers)
        if (m.kind === 'label') check(m.name, { node, prop, mark: m }, m.loc);
    }
  },
});
