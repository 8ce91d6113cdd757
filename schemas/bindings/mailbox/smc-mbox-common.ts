import type { Rule } from '../../define.js';
import { hex } from '../../types/phandles.js';

/** True for the 2017 form (Andre Przywara's text binding): it carries `method`/`arm,num-chans`/`arm,func-ids`. */
export function isSmcMbox2017(node: import('../../../compiler/tree/tree.js').Node): boolean {
  const compatible = node.prop('compatible')?.value.strings() ?? [];
  if (!compatible.includes('arm,smc-mbox')) return false;
  return (
    node.prop('method') !== undefined ||
    node.prop('arm,num-chans') !== undefined ||
    node.prop('arm,func-ids') !== undefined
  );
}

/**
 * Both forms were reviewed on the lists (2017 v2; 2019 up to v11 with Reviewed-by tags) and neither was
 * merged: in 2020 the SCMI binding gained `arm,scmi-smc` + `arm,smc-id` instead, which is what every
 * upstream board uses. We validate the node so a board that carries one still gets its checks, and
 * say where the supported description is.
 */
export function notUpstream(funcIdProperty: string): Rule {
  return {
    id: 'not-upstream',
    severity: 'info',
    summary: "'arm,smc-mbox' was proposed but never merged upstream",
    check({ view, report }) {
      const ids = view.node.prop(funcIdProperty)?.value;
      const id = ids && ids.length >= 4 ? hex(ids.cell(0)) : 'the function id';
      report({
        property: 'compatible',
        message:
          "the SMC/HVC mailbox ('arm,smc-mbox', proposed 2017 and 2019) was never merged upstream; no upstream kernel or board uses it",
        hint: `for SCMI over SMC/HVC use compatible = "arm,scmi-smc" with arm,smc-id = ${id.startsWith('0x') ? `<${id}>` : id} and shmem on the SCMI node`,
      });
    },
  };
}
