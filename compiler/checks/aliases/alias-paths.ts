import type { DeviceTree, Node } from '../../tree/tree.js';
import { defineCheck } from '../define-check.js';
import { liveProps } from '../values.js';

const ALIAS_NAME = /^[a-z0-9-]*$/;

/**
 * dtc's `get_node_by_path` on an alias value: leading slashes are skipped at every level, so
 * relative and doubled-slash paths resolve, an empty string is the root, and `/` alone is not found.
 */
function lookupAliasPath(tree: DeviceTree, path: string): Node | undefined {
  let node: Node = tree.root;
  let rest = path;
  for (;;) {
    if (rest === '') return node;
    rest = rest.replace(/^\/+/, '');
    const slash = rest.indexOf('/');
    const part = slash === -1 ? rest : rest.slice(0, slash);
    const child = node.child(part);
    if (!child) return undefined;
    if (slash === -1) return child;
    node = child;
    rest = rest.slice(slash + 1);
  }
}

export const aliasPaths = defineCheck({
  id: 'aliases/alias-paths',
  dtcName: 'alias_paths',
  severity: 'warning',
  requires: [],
  summary: 'An `/aliases` property that is not the path of an existing node, or whose name is not [a-z0-9-].',
  examples: {
    valid: '/dts-v1/;\n/ { aliases { serial0 = "/uart"; }; uart { }; };\n',
    invalid: '/dts-v1/;\n/ { aliases { serial0 = "/nowhere"; }; };\n',
  },
  visit(node, ctx) {
    if (node.name !== 'aliases') return;
    for (const prop of liveProps(node)) {
      if (prop.name === 'phandle' || prop.name === 'linux,phandle') continue;
      // Overlays may alias nodes of the base tree, which cannot be checked here.
      if (!ctx.plugin) {
        const empty = prop.value.length === 0;
        const path = prop.value.firstString();
        if (empty || !lookupAliasPath(ctx.tree, path)) {
          ctx.report(node, prop, `aliases property is not a valid node (${empty ? '(null)' : path})`);
          continue;
        }
      }
      if (!ALIAS_NAME.test(prop.name))
        ctx.report(node, undefined, "aliases property name must include only lowercase and '-'");
    }
  },
});
