import type { Node } from '../../tree/tree.js';
import { type CheckContext, defineCheck } from '../define-check.js';
import { hex, isValidPhandle } from '../values.js';

/** Validates one of `phandle`/`linux,phandle`; returns its value, or 0 when there is none to use. */
function explicitValue(node: Node, name: string, ctx: CheckContext): number {
  const prop = node.prop(name);
  if (!prop) return 0;
  if (prop.value.length !== 4) {
    ctx.report(node, prop, `bad length (${prop.value.length}) ${name} property`);
    return 0;
  }
  const ref = prop.value.markers.find((m) => m.kind === 'phandle');
  if (ref) {
    // `phandle = <&self>` asks for an allocated phandle; a reference to another node is nonsense.
    if (ctx.tree.nodeByRef(ref.ref) !== node)
      ctx.report(node, undefined, `${name} is a reference to another node`, ref.loc);
    return 0;
  }
  const value = prop.value.cell(0);
  if (!isValidPhandle(value)) {
    ctx.report(node, prop, `bad value (0x${hex(value)}) in ${name} property`);
    return 0;
  }
  return value;
}

export const explicitPhandle = defineCheck({
  id: 'ref/explicit-phandle',
  dtcName: 'explicit_phandles',
  severity: 'error',
  requires: [],
  summary:
    'Bad explicit `phandle`/`linux,phandle`: wrong length, 0 or -1, mismatched, duplicated, or a reference to another node.',
  examples: {
    valid: '/dts-v1/;\n/ { a { phandle = <1>; }; b { phandle = <2>; }; };\n',
    invalid: '/dts-v1/;\n/ { a { phandle = <1>; }; b { phandle = <1>; }; };\n',
  },
  visit(node, ctx) {
    let phandle = explicitValue(node, 'phandle', ctx);
    const linux = explicitValue(node, 'linux,phandle', ctx);
    if (!phandle && !linux) return;
    if (phandle && linux && phandle !== linux)
      ctx.report(node, undefined, "mismatching 'phandle' and 'linux,phandle' properties");
    if (!phandle) phandle = linux;
    const registered = ctx.state.explicitPhandles;
    const other = registered.get(phandle);
    if (other && other !== node) {
      ctx.report(node, undefined, `duplicated phandle 0x${hex(phandle)} (seen before at ${other.path})`);
      return;
    }
    registered.set(phandle, node);
  },
});
