import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import type { Marker } from '../tree/data.js';
import type { DeviceTree, Node, Property } from '../tree/tree.js';

/**
 * What dtc ≥ 1.8 recovers from a tree that carries its own overlay metadata (`dtc.c` after the checks:
 * `generate_labels_from_tree`, `fixup_phandles`, `local_fixup_phandles`):
 *
 * - node labels, from the properties of `/__symbols__` (label name → node path);
 * - phandle markers on the cells listed by `/__fixups__` (an unresolved label) and
 *   `/__local_fixups__` (a local node, named by its first label or else its path),
 *
 * so that printing the tree gives `&label` references and labelled nodes again. Problems are
 * warnings, as dtc prints them; they never stop the read.
 */
export function restoreReferences(tree: DeviceTree, bag: DiagnosticBag): void {
  const byPhandle = new Map<number, Node>();
  for (const node of tree.root.walk()) {
    if (node.phandle !== 0 && !byPhandle.has(node.phandle)) byPhandle.set(node.phandle, node);
  }
  const index = new TreeIndex();
  const markers = new PendingMarkers();
  labelsFromSymbols(tree.root, index, bag);
  markersFromFixups(tree.root, index, markers, bag);
  const localFixups = tree.root.child('__local_fixups__');
  if (localFixups) markersFromLocalFixups(localFixups, tree.root, byPhandle, index, markers, bag);
  markers.apply();
}

/** 0 and 0xffffffff are never phandles; only a one-cell property holds one. */
function phandleProp(node: Node, name: string): number {
  const prop = node.prop(name);
  if (!prop || prop.value.length !== 4) return 0;
  const value = prop.value.cell(0);
  return value === 0xffffffff ? 0 : value;
}

/**
 * Sets every node's phandle from its `phandle` (else `linux,phandle`) property; the first node in DFS
 * order wins a duplicated value (dtc's `explicit_phandles` check does the same and reports the rest).
 */
export function assignExplicitPhandles(root: Node): Map<number, Node> {
  const byPhandle = new Map<number, Node>();
  for (const node of root.walk()) {
    const phandle = phandleProp(node, 'phandle') || phandleProp(node, 'linux,phandle');
    if (phandle === 0 || byPhandle.has(phandle)) continue;
    node.phandle = phandle;
    byPhandle.set(phandle, node);
  }
  return byPhandle;
}

/**
 * dtc's `get_node_by_path`: slashes before each component are skipped, components match full node
 * names, an empty path is the root, but `/` alone matches nothing (dtc looks for a child named "").
 */
export function nodeByDtcPath(root: Node, path: string, index = new TreeIndex()): Node | undefined {
  if (path === '') return root.deleted ? undefined : root;
  let node = root;
  let rest = path;
  for (;;) {
    let i = 0;
    while (rest.charCodeAt(i) === 0x2f) i++;
    rest = rest.slice(i);
    const slash = rest.indexOf('/');
    const part = slash === -1 ? rest : rest.slice(0, slash);
    const child = index.child(node, part);
    if (!child) return undefined;
    if (slash === -1) return child;
    rest = rest.slice(slash + 1);
    if (rest === '') return child;
    node = child;
  }
}

/** The value as a C string: up to the first NUL (dtc reads these values with `char *`). */
function cString(prop: Property): string {
  const bytes = prop.value.bytes;
  const nul = bytes.indexOf(0);
  const end = nul === -1 ? bytes.length : nul;
  return Buffer.from(bytes.buffer, bytes.byteOffset, end).toString('latin1');
}

/**
 * dtc's `add_label`: a label already on the node is revived; a new one goes to the head of the list.
 * New labels are gathered first and prepended once, so many symbols for one node stay linear.
 */
function labelsFromSymbols(root: Node, index: TreeIndex, bag: DiagnosticBag): void {
  const symbols = root.child('__symbols__');
  if (!symbols) return;
  const added = new Map<Node, { known: Set<string>; fresh: string[] }>();
  for (const prop of symbols.props) {
    if (prop.deleted) continue;
    const path = cString(prop);
    const node = nodeByDtcPath(root, path, index);
    if (!node) {
      bag.warning(
        'dtb/symbol-target-missing',
        `path ${path} of label ${prop.name} does not exist`,
        undefined,
        {
          nodePath: symbols.path,
          property: prop.name,
        },
      );
      continue;
    }
    let entry = added.get(node);
    if (!entry) {
      entry = { known: new Set(node.labels.map((l) => l.name)), fresh: [] };
      added.set(node, entry);
    }
    if (entry.known.has(prop.name)) {
      for (const l of node.labels) if (l.name === prop.name) l.deleted = false;
      continue;
    }
    entry.known.add(prop.name);
    entry.fresh.push(prop.name);
  }
  for (const [node, { fresh }] of added) {
    const head = fresh.reverse().map((name) => ({ name, deleted: false }));
    node.labels = [...head, ...node.labels];
  }
}

/**
 * First live child and first live property of each name, per node, built on demand: a blob with
 * thousands of symbols or fixups must not cost a linear scan per lookup.
 */
export class TreeIndex {
  private readonly props = new Map<Node, Map<string, Property>>();
  private readonly children = new Map<Node, Map<string, Node>>();

  prop(node: Node, name: string): Property | undefined {
    let index = this.props.get(node);
    if (!index) {
      index = new Map();
      for (const p of node.props) if (!p.deleted && !index.has(p.name)) index.set(p.name, p);
      this.props.set(node, index);
    }
    return index.get(name);
  }

  child(node: Node, name: string): Node | undefined {
    let index = this.children.get(node);
    if (!index) {
      index = new Map();
      for (const c of node.children) if (!c.deleted && !index.has(c.name)) index.set(c.name, c);
      this.children.set(node, index);
    }
    return index.get(name);
  }
}

/**
 * Phandle markers to add, with dtc's `add_marker` rule: one phandle marker per offset, the first one
 * added wins. Collected per property and merged once, so a property with many fixups stays
 * O(n log n) instead of one sorted insertion per fixup.
 */
class PendingMarkers {
  private readonly byProp = new Map<Property, Map<number, Marker>>();

  add(prop: Property, marker: Marker & { kind: 'phandle' }): void {
    let atOffset = this.byProp.get(prop);
    if (!atOffset) {
      atOffset = new Map();
      this.byProp.set(prop, atOffset);
    }
    if (!atOffset.has(marker.offset)) atOffset.set(marker.offset, marker);
  }

  apply(): void {
    for (const [prop, atOffset] of this.byProp) {
      const fresh = [...atOffset.values()].sort((a, b) => a.offset - b.offset);
      const existing = prop.value.markers;
      if (existing.length === 0) {
        prop.value.markers = fresh;
        continue;
      }
      for (const m of fresh) insertMarker(existing, m);
    }
  }
}

/**
 * dtc's `add_marker` on an already marked value: after the markers at lower offsets and after a type
 * marker at the same offset; skipped when the marker found there is already of the same kind.
 */
function insertMarker(markers: Marker[], marker: Marker): void {
  let i = 0;
  while (i < markers.length && markers[i]!.offset < marker.offset) i++;
  if (i < markers.length && markers[i]!.offset === marker.offset && markers[i]!.kind === 'type') i++;
  if (i < markers.length && markers[i]!.offset === marker.offset && markers[i]!.kind === marker.kind) return;
  markers.splice(i, 0, marker);
}

function u32At(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}

/** C's `strtol(s, NULL, 0)`: optional space and sign, then hex (`0x`), octal (`0`) or decimal digits. */
export function strtol0(text: string): number {
  let i = 0;
  while (i < text.length && ' \t\n\v\f\r'.includes(text[i]!)) i++;
  let sign = 1;
  if (text[i] === '+' || text[i] === '-') {
    if (text[i] === '-') sign = -1;
    i++;
  }
  let base = 10;
  if (text[i] === '0') {
    if ((text[i + 1] === 'x' || text[i + 1] === 'X') && /[0-9a-fA-F]/.test(text[i + 2] ?? '')) {
      base = 16;
      i += 2;
    } else base = 8;
  }
  let value = 0;
  for (; i < text.length; i++) {
    const digit = Number.parseInt(text[i]!, 36);
    if (Number.isNaN(digit) || digit >= base) break;
    value = Math.min(value * base + digit, Number.MAX_SAFE_INTEGER);
  }
  return sign * value;
}

/** Each `__fixups__` property: label name → `"path:property:offset"` entries, each NUL-terminated. */
function markersFromFixups(root: Node, index: TreeIndex, markers: PendingMarkers, bag: DiagnosticBag): void {
  const fixups = root.child('__fixups__');
  if (!fixups) return;
  const where = (property: string) => ({ nodePath: fixups.path, property });
  for (const fp of fixups.props) {
    if (fp.deleted) continue;
    const bytes = fp.value.bytes;
    let cursor = 0;
    while (cursor < bytes.length) {
      const nul = bytes.indexOf(0, cursor);
      if (nul === -1) {
        bag.warning(
          'dtb/fixup-malformed',
          `fixup entry for label ${fp.name} is not NUL-terminated`,
          undefined,
          where(fp.name),
        );
        break;
      }
      const entry = Buffer.from(bytes.buffer, bytes.byteOffset + cursor, nul - cursor).toString('latin1');
      cursor = nul + 1;
      const c1 = entry.indexOf(':');
      const c2 = c1 === -1 ? -1 : entry.indexOf(':', c1 + 1);
      if (c2 === -1) {
        bag.warning(
          'dtb/fixup-malformed',
          `fixup entry "${entry}" for label ${fp.name} is not path:property:offset`,
          undefined,
          where(fp.name),
        );
        continue;
      }
      const path = entry.slice(0, c1);
      const propName = entry.slice(c1 + 1, c2);
      const node = nodeByDtcPath(root, path, index);
      if (!node) {
        bag.warning(
          'dtb/fixup-target-missing',
          `label ${fp.name} is fixed up in missing node ${path}`,
          undefined,
          where(fp.name),
        );
        continue;
      }
      const prop = index.prop(node, propName);
      if (!prop) {
        bag.warning(
          'dtb/fixup-target-missing',
          `label ${fp.name} is fixed up in missing property ${propName} of ${node.path}`,
          undefined,
          where(fp.name),
        );
        continue;
      }
      const offset = strtol0(entry.slice(c2 + 1));
      if (offset < 0 || offset + 4 > prop.value.length) {
        bag.warning(
          'dtb/fixup-bad-offset',
          `fixup offset ${offset} for label ${fp.name} is outside property ${propName} of ${node.path}`,
          undefined,
          where(fp.name),
        );
        continue;
      }
      markers.add(prop, { kind: 'phandle', offset, ref: fp.name, resolved: false });
    }
  }
}

/** `__local_fixups__` mirrors the tree; each property lists the byte offsets of phandle cells. */
function markersFromLocalFixups(
  lf: Node,
  node: Node,
  byPhandle: Map<number, Node>,
  index: TreeIndex,
  markers: PendingMarkers,
  bag: DiagnosticBag,
): void {
  for (const lfp of lf.props) {
    if (lfp.deleted) continue;
    const where = { nodePath: lf.path, property: lfp.name };
    const prop = index.prop(node, lfp.name);
    if (!prop) {
      bag.warning(
        'dtb/local-fixup-target-missing',
        `property ${lfp.name} of ${node.path} listed in __local_fixups__ does not exist`,
        undefined,
        where,
      );
      continue;
    }
    if (lfp.value.length % 4 !== 0) {
      bag.warning(
        'dtb/local-fixup-malformed',
        `length ${lfp.value.length} is not a multiple of 4`,
        undefined,
        where,
      );
      continue;
    }
    for (const offset of lfp.value.cells()) {
      if (prop.value.length < offset + 4) {
        bag.warning(
          'dtb/local-fixup-malformed',
          `offset ${offset} is outside property ${prop.name} of ${node.path}`,
          undefined,
          where,
        );
        continue;
      }
      const phandle = u32At(prop.value.bytes, offset);
      const target = byPhandle.get(phandle);
      if (!target) {
        bag.warning(
          'dtb/phandle-target-missing',
          `no node has phandle 0x${phandle.toString(16)} (property ${prop.name} of ${node.path})`,
          undefined,
          { nodePath: node.path, property: prop.name },
        );
        continue;
      }
      const ref = target.labels.find((l) => !l.deleted)?.name ?? target.path;
      markers.add(prop, { kind: 'phandle', offset, ref, resolved: true });
    }
  }
  for (const lfChild of lf.children) {
    if (lfChild.deleted) continue;
    const child = index.child(node, lfChild.name);
    if (!child) {
      bag.warning(
        'dtb/local-fixup-target-missing',
        `node ${lfChild.name} under ${node.path} listed in __local_fixups__ does not exist`,
        undefined,
        { nodePath: lfChild.path },
      );
      continue;
    }
    markersFromLocalFixups(lfChild, child, byPhandle, index, markers, bag);
  }
}
