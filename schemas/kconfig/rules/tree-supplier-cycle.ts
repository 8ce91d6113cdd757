import type { Node } from '../../../compiler/tree/tree.js';
import { isLive } from '../../rules/support/nodes.js';
import { defineKconfigRule } from './define.js';
import { board, cfg } from './support/examples.js';
import { type SupplierEdge, supplierEdges } from './support/suppliers.js';

const twoControllers = (cyclic: boolean) =>
  board(`
	cru: clock-controller@1000 {
		compatible = "vendor,cru";
		reg = <0 0x1000 0 0x100>;
		#clock-cells = <1>;
		${cyclic ? 'power-domains = <&pmu 0>;' : ''}
	};
	pmu: power-controller@2000 {
		compatible = "vendor,pmu";
		reg = <0 0x2000 0 0x100>;
		#power-domain-cells = <1>;
		clocks = <&cru 3>;
	};`);

export default defineKconfigRule({
  id: 'kconfig/tree-supplier-cycle',
  severity: 'info',
  summary: 'devices do not supply each other in a cycle',
  rationale: `When A needs a resource of B and B needs one of A, each probe can defer waiting for the other.
fw_devlink detects such cycles and stops enforcing probe order inside them ("Fixed dependency
cycle(s)"), but the drivers' own resource lookups still return -EPROBE_DEFER until the other side has
registered its provider, so a cycle probes only when one side registers its provider before it asks
for the other's resource. Worth a look, hence info: many real cycles (Qualcomm clock controllers and
their PHYs, Tegra BPMP and the memory controller) are benign for exactly that reason.`,
  examples: {
    valid: [
      {
        title: 'a clock controller feeding a power controller',
        dts: twoControllers(false),
        config: cfg(),
        kernel: 'v6.1',
      },
    ],
    invalid: [
      {
        title: 'a clock controller and a power controller supplying each other',
        dts: twoControllers(true),
        config: cfg(),
        kernel: 'v6.1',
      },
    ],
  },
  check(ctx, report) {
    const edges = new Map<Node, SupplierEdge[]>();
    for (const node of ctx.view.tree.root.walk()) {
      if (!isLive(node)) continue;
      const out = supplierEdges(ctx.view, node).filter((e) => e.supplier && isLive(e.supplier));
      if (out.length) edges.set(node, out);
    }
    for (const cycle of cycles(edges)) {
      const first = cycle[0]!;
      report({
        message: `${cycle.map((e) => e.consumer.path).join(' → ')} → ${first.consumer.path}: these devices supply each other`,
        at: { ref: first.at },
        related: cycle
          .slice(1)
          .map((e) => ({ at: { ref: e.at }, message: `${e.consumer.path} uses ${e.supplier!.path}` })),
      });
    }
  },
});

/** Strongly connected components with more than one node (Tarjan), each as the edges of one cycle. */
function cycles(graph: Map<Node, SupplierEdge[]>): SupplierEdge[][] {
  const index = new Map<Node, number>();
  const low = new Map<Node, number>();
  const onStack = new Set<Node>();
  const stack: Node[] = [];
  const out: SupplierEdge[][] = [];
  let counter = 0;
  const visit = (v: Node): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const e of graph.get(v) ?? []) {
      const w = e.supplier!;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const members = new Set<Node>();
    for (;;) {
      const w = stack.pop()!;
      onStack.delete(w);
      members.add(w);
      if (w === v) break;
    }
    if (members.size > 1) out.push(cyclePath(v, members, graph));
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

/** One simple cycle through `start` inside a component (breadth-first back to start). */
function cyclePath(start: Node, members: Set<Node>, graph: Map<Node, SupplierEdge[]>): SupplierEdge[] {
  const prev = new Map<Node, SupplierEdge>();
  const queue: Node[] = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const e of graph.get(v) ?? []) {
      const w = e.supplier!;
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [e];
        for (let at = v; at !== start; ) {
          const p = prev.get(at)!;
          path.unshift(p);
          at = p.consumer;
        }
        return path;
      }
      if (!prev.has(w)) {
        prev.set(w, e);
        queue.push(w);
      }
    }
  }
  return [];
}
