import type { Node } from '../../tree/tree.js';
import type { CheckContext } from '../define-check.js';
import { firstCell, hex, isValidPhandle, unitName } from '../values.js';

/** dtc's `check_graph_reg`: a port or endpoint `reg` is one cell matching the unit address. */
export function checkGraphReg(node: Node, ctx: CheckContext): void {
  const prop = node.prop('reg');
  if (!prop) return;
  if (prop.value.length !== 4) {
    ctx.report(node, undefined, "graph node malformed 'reg' property");
    return;
  }
  const expected = hex(prop.value.cell(0));
  if (unitName(node) !== expected)
    ctx.report(node, undefined, `graph node unit address error, expected "${expected}"`);
  const parent = node.parent;
  if (!parent) return;
  // dtc names the node's own cells properties here (usually absent, so the node itself).
  const addr = ctx.state.rawAddrCells(parent);
  const size = ctx.state.rawSizeCells(parent);
  if (addr !== 1)
    ctx.report(node, node.prop('#address-cells'), `graph node '#address-cells' is ${addr}, must be 1`);
  if (size !== 0)
    ctx.report(node, node.prop('#size-cells'), `graph node '#size-cells' is ${size}, must be 0`);
}

/** The node a `remote-endpoint` points at; reports a phandle that names no node. */
export function remoteEndpoint(endpoint: Node, ctx: CheckContext): Node | undefined {
  const prop = endpoint.prop('remote-endpoint');
  if (!prop) return undefined;
  const phandle = firstCell(prop);
  // 0 or -1: an unresolved overlay reference.
  if (!isValidPhandle(phandle)) return undefined;
  const node = ctx.nodeByPhandle(phandle);
  if (!node) ctx.report(endpoint, prop, 'graph phandle is not valid');
  return node;
}
