import { defineCheck } from '../define-check.js';
import { checkGraphReg, remoteEndpoint } from './graph-common.js';

export const graphEndpoint = defineCheck({
  id: 'graph/graph-endpoint',
  dtcName: 'graph_endpoint',
  severity: 'warning',
  requires: ['graph_nodes'],
  summary:
    "An OF-graph endpoint: correct `reg`, the name 'endpoint', and a valid, bidirectional `remote-endpoint`.",
  examples: {
    valid:
      '/dts-v1/;\n/ { a { port { ea: endpoint { remote-endpoint = <&eb>; }; }; }; b { port { eb: endpoint { remote-endpoint = <&ea>; }; }; }; };\n',
    invalid:
      '/dts-v1/;\n/ { a { port { ea: endpoint { remote-endpoint = <&eb>; }; }; }; b { port { eb: endpoint { remote-endpoint = <&eb>; }; }; }; };\n',
  },
  visit(node, ctx) {
    if (!node.parent || ctx.state.bus.get(node.parent) !== 'graph-port') return;
    checkGraphReg(node, ctx);
    if (ctx.plugin) return;
    if (node.basename !== 'endpoint')
      ctx.report(node, undefined, "graph endpoint node name should be 'endpoint'");
    const remote = remoteEndpoint(node, ctx);
    if (!remote) return;
    if (remoteEndpoint(remote, ctx) !== node)
      ctx.report(node, undefined, `graph connection to node '${remote.path}' is not bidirectional`);
  },
});
