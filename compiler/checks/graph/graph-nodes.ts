import { defineCheck } from '../define-check.js';

/** Marks OF-graph ports (and their `ports` containers) for graph_port and graph_endpoint. */
export const graphNodes = defineCheck({
  id: 'graph/graph-nodes',
  dtcName: 'graph_nodes',
  severity: 'warning',
  requires: [],
  summary: 'Finds OF-graph ports (nodes holding endpoints); endpoints directly under the root are misplaced.',
  examples: {
    valid: '/dts-v1/;\n/ { dev { port { ep: endpoint { remote-endpoint = <&ep>; }; }; }; };\n',
    invalid: '/dts-v1/;\n/ { endpoint { }; };\n',
  },
  visit(node, ctx) {
    const { bus } = ctx.state;
    for (const child of ctx.children(node)) {
      if (child.basename !== 'endpoint' && !child.prop('remote-endpoint')) continue;
      if (!node.parent) {
        ctx.report(
          node,
          undefined,
          `root node contains endpoint node '${child.name}', potentially misplaced remote-endpoint property`,
        );
        continue;
      }
      bus.set(node, 'graph-port');
      // A port's parent is either a `ports` node or the device itself.
      if (!bus.has(node.parent) && (node.parent.name === 'ports' || node.prop('reg')))
        bus.set(node.parent, 'graph-ports');
      break;
    }
  },
});
