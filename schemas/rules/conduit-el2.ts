import type { Node } from '../../compiler/tree/tree.js';
import type { NodeView, TreeView } from '../view/view.js';
import { defineRule, type Place } from './define.js';
import { board } from './support/examples.js';
import { liveWith } from './support/nodes.js';

/** A firmware interface that picks its conduit, and where the choice is written. */
interface ConduitUser {
  node: NodeView;
  conduit: 'smc' | 'hvc';
  at: Place;
  what: string;
}

const PSCI = ['arm,psci', 'arm,psci-0.2', 'arm,psci-1.0'];

function conduitUsers(view: TreeView): ConduitUser[] {
  const out: ConduitUser[] = [];
  const byMethod = (node: NodeView, what: string) => {
    const method = node.string('method');
    if (method === 'smc' || method === 'hvc')
      out.push({ node, conduit: method, at: { node: node.node, property: 'method', string: 0 }, what });
  };
  for (const n of liveWith(view, ...PSCI)) byMethod(n, 'PSCI');
  for (const n of liveWith(view, 'linaro,optee-tz')) byMethod(n, 'OP-TEE');
  for (const n of liveWith(view, 'arm,smc-mbox')) byMethod(n, 'the SMC mailbox');
  for (const n of liveWith(view, 'arm,hvc-mbox'))
    out.push({
      node: n,
      conduit: 'hvc',
      at: { node: n.node, property: 'compatible', string: n.compatible.indexOf('arm,hvc-mbox') },
      what: 'the HVC mailbox',
    });
  return out;
}

/** A node that says a hypervisor runs at EL2 (Xen's /hypervisor, or any 'hypervisor' node with a compatible). */
function hypervisor(view: TreeView): Node | undefined {
  const node = view.tree.nodeByPath('/hypervisor');
  if (node && node.prop('compatible')) return node;
  return undefined;
}

export default defineRule({
  id: 'wiring/conduit-el2',
  severity: 'warning',
  summary: "an 'hvc' conduit needs something at EL2; the tree must not say there is nothing",
  rationale: `'method = "hvc"' (OP-TEE, PSCI, the pre-upstream SMC/HVC mailbox) makes the kernel issue HVC,
which traps to EL2: it works only if a hypervisor, or firmware that owns EL2, answers the call there. A
DT cannot prove that: nothing in it says what runs at EL2, only what the OS is told. So an HVC user is a
warning unless the tree shows EL2 software: a '/hypervisor' node (Xen), or PSCI itself reached by HVC
(the board cannot boot secondaries unless something at EL2 answers). It is an error when the tree shows
there is nothing: PSCI by SMC and no hypervisor node means the OS talks to EL3 directly, i.e. the kernel
owns EL2 itself (or there is none): its own EL2 stub then receives the HVC and has no handler, or HVC is
undefined without EL2. SCMI over SMC has no 'method' of its own: Linux uses the system SMCCC conduit,
which is PSCI's (see wiring/scmi-smc-conduit).`,
  examples: {
    valid: [
      {
        title: 'everything by SMC',
        dts: board(`
  firmware {
    optee {
      compatible = "linaro,optee-tz";
      method = "smc";
    };
  };`),
      },
      {
        title: 'a guest: PSCI and OP-TEE by HVC under Xen',
        dts: board(
          `
  hypervisor {
    compatible = "xen,xen-4.17", "xen,xen";
  };
  firmware {
    optee {
      compatible = "linaro,optee-tz";
      method = "hvc";
    };
  };`,
          { psci: 'hvc' },
        ),
      },
    ],
    invalid: [
      {
        title: 'OP-TEE by HVC while PSCI goes to EL3 by SMC, no hypervisor',
        dts: board(`
  firmware {
    optee {
      compatible = "linaro,optee-tz";
      method = "hvc";
    };
  };`),
        expect: ['method = ["hvc"]'],
      },
      {
        title: 'OP-TEE by HVC, no PSCI node: cannot be proven (warning)',
        dts: board(
          `
  firmware {
    optee {
      compatible = "linaro,optee-tz";
      method = "hvc";
    };
  };`,
          { psci: false },
        ),
        expect: ['method = ["hvc"]'],
      },
    ],
  },
  check(view, report) {
    const users = conduitUsers(view);
    const hvcUsers = users.filter((u) => u.conduit === 'hvc');
    if (hvcUsers.length === 0) return;
    const hyp = hypervisor(view);
    if (hyp) return;
    const psci = users.find((u) => u.what === 'PSCI');
    for (const user of hvcUsers) {
      if (user === psci) {
        report({
          message: 'PSCI by HVC: the tree does not show what answers at EL2 (no hypervisor node)',
          hint: 'fine for a guest whose hypervisor provides PSCI; on bare metal use method = "smc"',
          at: user.at,
        });
        continue;
      }
      if (psci?.conduit === 'hvc') continue;
      if (psci?.conduit === 'smc')
        report({
          severity: 'error',
          message: `${user.what} by HVC, but PSCI goes straight to EL3 by SMC and there is no hypervisor node: nothing at EL2 answers the HVC`,
          hint: 'use method = "smc" (or describe the hypervisor that mediates the calls)',
          at: user.at,
          related: [{ at: psci.at, message: 'PSCI uses SMC here' }],
        });
      else
        report({
          message: `${user.what} by HVC: the tree does not show anything at EL2 to answer it (no PSCI node, no hypervisor node)`,
          hint: 'use method = "smc" unless a hypervisor or EL2 firmware serves this interface',
          at: user.at,
        });
    }
  },
});
