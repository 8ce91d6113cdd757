import { defineCheck } from '../define-check.js';
import { checkGraphReg } from './graph-common.js';

export const graphPort = defineCheck({
  id: 'graph/graph-port',
  dtcName: 'graph_port',
  severity: 'warning',
  requires: ['graph_nodes'],
  summary: "An OF-graph port: `reg` matching its unit address under 1/0 cells, and the name 'port'.",
  examples: {
    valid: '/dts-v1/;\n/ { dev { port { ep: endpoint { remote-endpoint = <&ep>; }; }; }; };\n',
    invalid: '/dts-v1/;\n/ { dev { link { ep: endpoint { remote-endpoint = <&ep>; }; }; }; };\n',
  },
  visit(node, ctx) {
    if (ctx.state.bus.get(node) !== 'graph-port') return;
    checkGraphReg(node, ctx);
    // Overlays may name ports that live in the base tree.
    if (ctx.plugin) return;
    if (node.basename !== 'port') ctx.report(node, undefined, "graph port node name should be 'port'");
  },
});
