/**
 * Mutation testing for the linter: real family boards from the corpus get one realistic mistake at a
 * time, applied to the compiled tree (and undone afterwards, so each board compiles once), and the
 * mistake counts as caught when `lintTree` reports a new error or warning at the mutated node and
 * property that the unmutated board did not have.
 *
 * Usage: node dist/test/conformance/mutations.js [--only <regex>] [--per-vendor <n>] [--verbose]
 * Prints the catch rate per mutation kind and overall (target >= 95%), then `N passed, M failed`.
 */
import * as path from 'node:path';
import { compileFile } from '../../compiler/compile.js';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { PreprocessCache } from '../../compiler/preprocess/index.js';
import { NodeFileSystem } from '../../compiler/source/file-system.js';
import { Data, type Marker } from '../../compiler/tree/data.js';
import { type DeviceTree, type Node, Property } from '../../compiler/tree/tree.js';
import { MAILBOX_LAYOUTS, transportOf } from '../../schemas/bindings/firmware/scmi-protocols.js';
import { lintTree } from '../../schemas/lint.js';
import { compatibleOf, isEnabled } from '../../schemas/types/status.js';
import { readTsv, requireShared } from '../support/shared.js';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const only = option('--only');
const perVendor = Number(option('--per-vendor') ?? 4);
const verbose = args.includes('--verbose');

// ---------------------------------------------------------------------------------------------------
// Editing a compiled tree, undoably.

/** Records every change so the tree can be put back exactly as compiled. */
class Edit {
  private readonly undo: (() => void)[] = [];

  /** Replaces (or adds) a property's value; the source AST is dropped so spans fall back to the name. */
  set(node: Node, name: string, data: Data): void {
    const prop = node.prop(name);
    if (prop) {
      const { value, valueAst } = prop;
      prop.value = data;
      prop.valueAst = undefined;
      this.undo.push(() => {
        prop.value = value;
        prop.valueAst = valueAst;
      });
    } else {
      const added = node.addProp(new Property(name, data));
      this.undo.push(() => {
        node.props.splice(node.props.indexOf(added), 1);
      });
    }
  }

  remove(node: Node, name: string): void {
    const prop = node.prop(name);
    if (!prop) return;
    prop.deleted = true;
    this.undo.push(() => {
      prop.deleted = false;
    });
  }

  removeNode(node: Node): void {
    node.deleted = true;
    this.undo.push(() => {
      node.deleted = false;
    });
  }

  restore(): void {
    for (const u of this.undo.reverse()) u();
    this.undo.length = 0;
  }
}

function cellsData(
  cells: readonly number[],
  phandleAt: readonly number[] = [],
  refs: readonly string[] = [],
): Data {
  const bytes = new Uint8Array(cells.length * 4);
  const view = new DataView(bytes.buffer);
  for (const [i, c] of cells.entries()) view.setUint32(i * 4, c >>> 0);
  const markers: Marker[] = phandleAt.map((cell, i) => ({
    kind: 'phandle',
    offset: cell * 4,
    ref: refs[i] ?? `phandle-${cells[cell]}`,
    resolved: true,
  }));
  return new Data(bytes, markers);
}

function stringData(...strings: string[]): Data {
  const bytes = new Uint8Array([...strings.flatMap((s) => [...s].map((ch) => ch.charCodeAt(0)).concat(0))]);
  return new Data(bytes, []);
}

/** Copies a value with `extra` cells inserted at cell `at`, shifting markers after it. */
function insertCells(data: Data, at: number, extra: readonly number[]): Data {
  const cells = data.cells();
  cells.splice(at, 0, ...extra);
  const out = cellsData(cells);
  out.markers = data.markers.map((m) =>
    m.offset >= at * 4 ? { ...m, offset: m.offset + extra.length * 4 } : m,
  );
  return out;
}

/** Copies a phandle-array value keeping cells [0, end), with their markers. */
function truncateCells(data: Data, end: number): Data {
  const out = cellsData(data.cells().slice(0, end));
  out.markers = data.markers.filter((m) => m.offset < end * 4);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Finding things in a board.

function* live(tree: DeviceTree): Generator<Node> {
  const walk = function* (n: Node): Generator<Node> {
    if (!isEnabled(n)) return;
    yield n;
    for (const c of n.liveChildren) yield* walk(c);
  };
  yield* walk(tree.root);
}

function withCompatible(tree: DeviceTree, ...compatibles: string[]): Node[] {
  return [...live(tree)].filter((n) => compatibleOf(n).some((c) => compatibles.includes(c)));
}

const scmiNodes = (tree: DeviceTree) =>
  [...live(tree)].filter((n) => transportOf(compatibleOf(n)) !== undefined);

function u32(node: Node, name: string): number | undefined {
  const p = node.prop(name);
  return p && p.value.length === 4 ? p.value.cell(0) : undefined;
}

/** Entries of a phandle-array by the providers' cell counts: [phandle cell, arg count, provider]. */
function entries(tree: DeviceTree, node: Node, name: string, cellsName: string | null) {
  const prop = node.prop(name);
  const out: { cell: number; args: number; provider: Node }[] = [];
  if (!prop || prop.value.length % 4 !== 0) return out;
  const cells = prop.value.cells();
  for (let i = 0; i < cells.length; ) {
    const provider = tree.nodeByPhandle(cells[i]!);
    if (!provider) break;
    const n = cellsName === null ? 0 : (u32(provider, cellsName) ?? 0);
    out.push({ cell: i, args: n, provider });
    i += 1 + n;
  }
  return out;
}

function scmiProtocolNode(n: Node): boolean {
  return !!n.parent && transportOf(compatibleOf(n.parent)) !== undefined && n.name.startsWith('protocol@');
}

// ---------------------------------------------------------------------------------------------------
// The mistakes.

interface Target {
  /** Where the mistake must be reported. */
  node: Node;
  property: string;
  apply(edit: Edit): void;
}

interface Mutation {
  kind: string;
  /** The first place this board allows the mistake, or undefined. */
  find(tree: DeviceTree): Target | undefined;
}

const REQUIRED: Record<string, string[]> = {
  mailbox: ['mboxes', 'shmem'],
  smc: ['arm,smc-id', 'shmem'],
  optee: ['linaro,optee-channel-id'],
  virtio: [],
};

const mutations: Mutation[] = [
  {
    kind: 'drop a required property',
    find(tree) {
      for (const n of withCompatible(tree, 'linaro,optee-tz'))
        if (n.prop('method')) return { node: n, property: 'method', apply: (e) => e.remove(n, 'method') };
      for (const n of scmiNodes(tree))
        for (const p of REQUIRED[transportOf(compatibleOf(n))!] ?? [])
          if (n.prop(p)) return { node: n, property: p, apply: (e) => e.remove(n, p) };
      return undefined;
    },
  },
  {
    kind: 'drop a protocol #…-cells',
    find(tree) {
      for (const scmi of scmiNodes(tree))
        for (const p of scmi.liveChildren)
          for (const cells of ['#clock-cells', '#reset-cells', '#power-domain-cells'])
            if (p.prop(cells) && u32(p, 'reg') !== 0x13)
              return { node: p, property: cells, apply: (e) => e.remove(p, cells) };
      return undefined;
    },
  },
  {
    kind: 'wrong method (hvc without EL2)',
    find(tree) {
      for (const n of withCompatible(tree, 'linaro,optee-tz'))
        if (n.prop('method'))
          return { node: n, property: 'method', apply: (e) => e.set(n, 'method', stringData('hvc')) };
      return undefined;
    },
  },
  {
    kind: 'wrong method (not smc/hvc)',
    find(tree) {
      for (const n of withCompatible(tree, 'linaro,optee-tz', 'arm,psci', 'arm,psci-0.2', 'arm,psci-1.0'))
        if (n.prop('method'))
          return { node: n, property: 'method', apply: (e) => e.set(n, 'method', stringData('svc')) };
      return undefined;
    },
  },
  {
    kind: 'wrong cell count in an SCMI consumer',
    find(tree) {
      for (const n of live(tree))
        for (const [p, cells] of [
          ['clocks', '#clock-cells'],
          ['resets', '#reset-cells'],
          ['power-domains', '#power-domain-cells'],
        ] as const) {
          const e = entries(tree, n, p, cells).find((x) => scmiProtocolNode(x.provider));
          if (e) {
            const prop = n.prop(p)!;
            return {
              node: n,
              property: p,
              apply: (ed) => ed.set(n, p, insertCells(prop.value, e.cell + 1 + e.args, [0])),
            };
          }
        }
      return undefined;
    },
  },
  {
    kind: 'protocol #…-cells changed',
    find(tree) {
      for (const scmi of scmiNodes(tree))
        for (const p of scmi.liveChildren)
          for (const cells of ['#clock-cells', '#reset-cells', '#power-domain-cells'])
            if (p.prop(cells))
              return { node: p, property: cells, apply: (e) => e.set(p, cells, cellsData([2])) };
      return undefined;
    },
  },
  {
    kind: 'shmem points at a non-shmem node',
    find(tree) {
      for (const n of scmiNodes(tree)) {
        const prop = n.prop('shmem');
        if (!prop) continue;
        const other = [...live(tree)].find(
          (x) => x.phandle !== 0 && !compatibleOf(x).includes('arm,scmi-shmem') && x.prop('reg'),
        );
        if (other)
          return {
            node: n,
            property: 'shmem',
            apply: (e) => e.set(n, 'shmem', cellsData([other.phandle], [0], [other.name])),
          };
      }
      return undefined;
    },
  },
  {
    kind: 'overlapping shmem regions',
    find(tree) {
      const areas = withCompatible(tree, 'arm,scmi-shmem').filter((n) => n.prop('reg'));
      for (const a of areas)
        for (const b of areas) {
          if (a === b || a.parent !== b.parent) continue;
          const ra = a.prop('reg')!.value.cells();
          const rb = b.prop('reg')!.value;
          if (ra.length !== rb.cellCount) continue;
          // b moves to start half-way into a (same bus, same cell layout).
          const ac = ra.length === 4 ? 2 : 1;
          const moved = [...ra];
          moved[ac - 1] = (ra[ac - 1]! + 0x20) >>> 0;
          return { node: b, property: 'reg', apply: (e) => e.set(b, 'reg', cellsData(moved)) };
        }
      return undefined;
    },
  },
  {
    kind: 'shmem area too small',
    find(tree) {
      for (const a of withCompatible(tree, 'arm,scmi-shmem')) {
        const reg = a.prop('reg');
        if (!reg) continue;
        const cells = reg.value.cells();
        const small = [...cells];
        small[small.length - 1] = 0x40;
        return { node: a, property: 'reg', apply: (e) => e.set(a, 'reg', cellsData(small)) };
      }
      return undefined;
    },
  },
  {
    kind: 'OP-TEE SPI flag flipped to level-low',
    find(tree) {
      for (const n of withCompatible(tree, 'linaro,optee-tz'))
        return {
          node: n,
          property: 'interrupts',
          apply: (e) => {
            e.remove(n, 'interrupts-extended');
            const gic = withCompatible(
              tree,
              'arm,gic-400',
              'arm,cortex-a7-gic',
              'arm,cortex-a15-gic',
              'arm,gic-v3',
            )[0];
            if (gic && gic.phandle) e.set(n, 'interrupt-parent', cellsData([gic.phandle], [0], ['gic']));
            const four = gic && u32(gic, '#interrupt-cells') === 4;
            e.set(n, 'interrupts', cellsData(four ? [0, 187, 8, 0] : [0, 187, 8]));
          },
        };
      return undefined;
    },
  },
  {
    kind: 'OP-TEE SPI level-high instead of edge',
    find(tree) {
      for (const n of withCompatible(tree, 'linaro,optee-tz'))
        return {
          node: n,
          property: 'interrupts',
          apply: (e) => {
            e.remove(n, 'interrupts-extended');
            const gic = withCompatible(
              tree,
              'arm,gic-400',
              'arm,cortex-a7-gic',
              'arm,cortex-a15-gic',
              'arm,gic-v3',
            )[0];
            if (gic && gic.phandle) e.set(n, 'interrupt-parent', cellsData([gic.phandle], [0], ['gic']));
            const four = gic && u32(gic, '#interrupt-cells') === 4;
            e.set(n, 'interrupts', cellsData(four ? [0, 187, 4, 0] : [0, 187, 4]));
          },
        };
      return undefined;
    },
  },
  {
    kind: 'protocol node with a bad reg',
    find(tree) {
      for (const scmi of scmiNodes(tree))
        for (const p of scmi.liveChildren)
          if (p.name.startsWith('protocol@') && p.prop('reg'))
            return { node: p, property: 'reg', apply: (e) => e.set(p, 'reg', cellsData([0x41])) };
      return undefined;
    },
  },
  {
    kind: 'disabled provider',
    find(tree) {
      for (const n of live(tree)) {
        if (transportOf(compatibleOf(n)) === 'mailbox') {
          const e = entries(tree, n, 'mboxes', '#mbox-cells')[0];
          if (e)
            return {
              node: n,
              property: 'mboxes',
              apply: (ed) => ed.set(e.provider, 'status', stringData('disabled')),
            };
        }
        for (const [p, cells] of [
          ['resets', '#reset-cells'],
          ['power-domains', '#power-domain-cells'],
          ['clocks', '#clock-cells'],
        ] as const) {
          const e = entries(tree, n, p, cells).find((x) => scmiProtocolNode(x.provider));
          if (e)
            return {
              node: n,
              property: p,
              apply: (ed) => ed.set(e.provider.parent!, 'status', stringData('disabled')),
            };
        }
      }
      for (const scmi of withCompatible(tree, 'linaro,scmi-optee'))
        for (const optee of withCompatible(tree, 'linaro,optee-tz'))
          return {
            node: scmi,
            property: 'compatible',
            apply: (e) => e.set(optee, 'status', stringData('disabled')),
          };
      return undefined;
    },
  },
  {
    kind: 'arm,smc-id in the PSCI range',
    find(tree) {
      for (const n of scmiNodes(tree))
        if (n.prop('arm,smc-id'))
          return {
            node: n,
            property: 'arm,smc-id',
            apply: (e) => e.set(n, 'arm,smc-id', cellsData([0x84000010])),
          };
      return undefined;
    },
  },
  {
    kind: 'arm,smc-id as a yielding call',
    find(tree) {
      for (const n of scmiNodes(tree)) {
        const id = u32(n, 'arm,smc-id');
        if (id !== undefined)
          return {
            node: n,
            property: 'arm,smc-id',
            apply: (e) => e.set(n, 'arm,smc-id', cellsData([id & 0x7fffffff])),
          };
      }
      return undefined;
    },
  },
  {
    kind: 'mailbox count mismatch',
    find(tree) {
      for (const n of scmiNodes(tree)) {
        if (transportOf(compatibleOf(n)) !== 'mailbox') continue;
        const m = entries(tree, n, 'mboxes', '#mbox-cells');
        const s = entries(tree, n, 'shmem', null);
        if (m.length > 1 && !MAILBOX_LAYOUTS[`${m.length - 1}/${s.length}`]) {
          const last = m[m.length - 1]!;
          const prop = n.prop('mboxes')!;
          return {
            node: n,
            property: 'mboxes',
            apply: (e) => e.set(n, 'mboxes', truncateCells(prop.value, last.cell)),
          };
        }
        if (s.length > 1 && !MAILBOX_LAYOUTS[`${m.length}/${s.length - 1}`]) {
          const prop = n.prop('shmem')!;
          return {
            node: n,
            property: 'mboxes',
            apply: (e) => e.set(n, 'shmem', truncateCells(prop.value, s.length - 1)),
          };
        }
      }
      return undefined;
    },
  },
  {
    kind: 'duplicate OP-TEE channel id',
    find(tree) {
      for (const n of withCompatible(tree, 'linaro,scmi-optee')) {
        const id = u32(n, 'linaro,optee-channel-id');
        const p = n.liveChildren.find((c) => c.name.startsWith('protocol@'));
        if (id !== undefined && p)
          return {
            node: p,
            property: 'linaro,optee-channel-id',
            apply: (e) => e.set(p, 'linaro,optee-channel-id', cellsData([id])),
          };
      }
      return undefined;
    },
  },
  {
    kind: 'SCMI over SMC without PSCI',
    find(tree) {
      const psci = withCompatible(tree, 'arm,psci', 'arm,psci-0.2', 'arm,psci-1.0');
      for (const n of scmiNodes(tree))
        if (transportOf(compatibleOf(n)) === 'smc' && psci.length > 0)
          return {
            node: n,
            property: 'compatible',
            apply: (e) => {
              for (const p of psci) e.removeNode(p);
            },
          };
      return undefined;
    },
  },
  {
    kind: 'dangling provider phandle',
    find(tree) {
      for (const n of scmiNodes(tree))
        for (const p of ['mboxes', 'shmem'])
          if (n.prop(p)) {
            const prop = n.prop(p)!;
            return {
              node: n,
              property: p,
              apply: (e) => {
                const cells = prop.value.cells();
                cells[0] = 0xdead;
                e.set(n, p, cellsData(cells));
              },
            };
          }
      return undefined;
    },
  },
];

// ---------------------------------------------------------------------------------------------------

const shared = requireShared();
const linux = path.join(shared, 'corpus', 'linux');
const family = readTsv(path.join(shared, 'corpus', 'boards.tsv'))
  .filter((r) => r.selected_by?.includes('family'))
  .map((r) => r.board!)
  .filter((b) => !only || new RegExp(only).test(b));
// A sample that covers every vendor: the first few family boards of each vendor folder.
const byVendor = new Map<string, string[]>();
for (const b of family) {
  const vendor = path.dirname(b);
  const list = byVendor.get(vendor) ?? [];
  if (list.length < perVendor) list.push(b);
  byVendor.set(vendor, list);
}
const boards = [...byVendor.values()].flat();
process.chdir(linux);

const fs = new NodeFileSystem();
const cache = new PreprocessCache();
const key = (d: Diagnostic) => `${d.code}\0${d.nodePath}\0${d.property ?? ''}`;
const stats = new Map<string, { tried: number; caught: number }>(
  mutations.map((m) => [m.kind, { tried: 0, caught: 0 }]),
);
const misses: string[] = [];

for (const board of boards) {
  const result = compileFile(board, { includeDirs: ['include', 'src', path.dirname(board)], fs, cache });
  if (!result.ok || !result.tree) {
    console.log(`${board}: does not compile, skipped`);
    continue;
  }
  const tree = result.tree;
  const baseline = new Set(lintTree(tree).map(key));
  for (const m of mutations) {
    const target = m.find(tree);
    if (!target) continue;
    const edit = new Edit();
    const nodePath = target.node.path;
    target.apply(edit);
    let found: Diagnostic[] = [];
    try {
      found = lintTree(tree).filter(
        (d) =>
          d.severity !== 'info' &&
          !baseline.has(key(d)) &&
          d.nodePath === nodePath &&
          (d.property === target.property || d.property === undefined),
      );
    } finally {
      edit.restore();
    }
    const s = stats.get(m.kind)!;
    s.tried++;
    if (found.length > 0) s.caught++;
    else misses.push(`${board}: ${m.kind} at ${nodePath} '${target.property}' not caught`);
    if (verbose)
      console.log(
        `${board}: ${m.kind} at ${nodePath} '${target.property}': ${found.map((d) => d.code).join(', ') || 'MISSED'}`,
      );
  }
}

for (const miss of misses) console.log(miss);
console.log('');
let tried = 0;
let caught = 0;
for (const [kind, s] of stats) {
  tried += s.tried;
  caught += s.caught;
  const rate = s.tried ? ((100 * s.caught) / s.tried).toFixed(1) : '-';
  console.log(`  ${kind.padEnd(42)} ${String(s.caught).padStart(4)}/${String(s.tried).padEnd(4)} ${rate}%`);
}
const overall = tried ? (100 * caught) / tried : 0;
console.log(
  `overall: ${caught}/${tried} caught (${overall.toFixed(1)}%) on ${boards.length} boards; target >= 95%`,
);
console.log(`${caught} passed, ${tried - caught} failed`);
process.exitCode = overall >= 95 ? 0 : 1;
