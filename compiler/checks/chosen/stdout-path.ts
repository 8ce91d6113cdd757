import { defineCheck } from '../define-check.js';
import { isOneString } from '../values.js';

export const chosenNodeStdoutPath = defineCheck({
  id: 'chosen/stdout-path',
  dtcName: 'chosen_node_stdout_path',
  severity: 'warning',
  requires: [],
  summary: '`linux,stdout-path` instead of `stdout-path`, or a value that is not a single string.',
  examples: {
    valid: '/dts-v1/;\n/ { chosen { stdout-path = "serial0:115200n8"; }; };\n',
    invalid: '/dts-v1/;\n/ { chosen { linux,stdout-path = "serial0"; }; };\n',
  },
  visit(node, ctx) {
    if (node.name !== 'chosen') return;
    let prop = node.prop('stdout-path');
    if (!prop) {
      prop = node.prop('linux,stdout-path');
      if (!prop) return;
      ctx.report(node, prop, "Use 'stdout-path' instead");
    }
    if (!isOneString(prop.value)) ctx.report(node, prop, 'property is not a string');
  },
});
