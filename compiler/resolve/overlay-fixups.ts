/**
 * `__fixups__` and `__local_fixups__` for overlays (`/plugin/`, or `-L`), and the reverse: reading
 * such nodes that already exist (from a DTB, or written by hand) back into reference markers, as
 * dtc ≥ 1.8 does before it regenerates them.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { addLabel } from '../tree/build.js';
import { DataBuilder } from '../tree/data.js';
import { type DeviceTree, Node, Property } from '../tree/tree.js';
import { rootChild } from './symbols.js';

function* phandleMarkers(tree: DeviceTree) {
  for (const node of tree.root.walk()) {
    for (const prop of node.props) {
      if (prop.deleted) continue;
      for (const m of prop.value.markers) if (m.kind === 'phandle') yield { node, prop, marker: m };
    }
  }
}

/** Appends a string unless the property already holds it (dtc ≥ 1.8 keeps entries unique). */
function appendUniqueString(holder: Node, name: string, entry: string): boolean {
  let prop = holder.prop(name);
  if (prop) {
    const b = prop.value.bytes;
    if (b.length > 0 && b[b.length - 1] !== 0) return false;
    if (prop.value.strings().includes(entry)) return true;
  } else prop = holder.addProp(new Property(name));
  const b = new DataBuilder();
  b.appendBytes(prop.value.bytes);
  for (const m of prop.value.markers) b.mark(m);
  b.mark({ kind: 'type', offset: b.length, type: 'string' });
  b.appendLatin1(entry);
  b.appendByte(0);
  prop.value = b.build();
  return true;
}

function appendUniqueU32(holder: Node, name: string, value: number): boolean {
  let prop = holder.prop(name);
  if (prop) {
    if (prop.value.length % 4 !== 0) return false;
    if (prop.value.cells().includes(value >>> 0)) return true;
  } else prop = holder.addProp(new Property(name));
  const b = new DataBuilder();
  b.appendBytes(prop.value.bytes);
  for (const m of prop.value.markers) b.mark(m);
  b.mark({ kind: 'type', offset: b.length, type: 'u32' });
  b.appendU32(value);
  prop.value = b.build();
  return true;
}

export interface FixupProblem {
  code: string;
  message: string;
  fatal: boolean;
}

export function generateFixups(tree: DeviceTree): FixupProblem[] {
  const problems: FixupProblem[] = [];
  const unresolved = [...phandleMarkers(tree)].filter((r) => !tree.nodeByRef(r.marker.ref));
  if (unresolved.length > 0) {
    const holder = rootChild(tree, '__fixups__');
    let malformed = false;
    for (const { node, prop, marker } of unresolved) {
      if (marker.ref.includes('/')) {
        problems.push({
          code: 'ref/fixup-to-path',
          message: `Can't generate fixup for reference to path &{${marker.ref}}`,
          fatal: true,
        });
        return problems;
      }
      if (node.path.includes(':') || prop.name.includes(':')) {
        problems.push({ code: 'ref/fixup-colon', message: "arguments should not contain ':'", fatal: true });
        return problems;
      }
      if (!appendUniqueString(holder, marker.ref, `${node.path}:${prop.name}:${marker.offset}`))
        malformed = true;
    }
    if (malformed) problems.push(preexisting('__fixups__'));
  }

  const resolved = [...phandleMarkers(tree)].filter((r) => tree.nodeByRef(r.marker.ref));
  if (resolved.length > 0) {
    const holder = rootChild(tree, '__local_fixups__');
    let malformed = false;
    for (const { node, prop, marker } of resolved) {
      const names: string[] = [];
      for (let n: Node | undefined = node; n?.parent; n = n.parent) names.unshift(n.name);
      let walk = holder;
      for (const name of names) walk = walk.child(name) ?? walk.addChild(new Node(name));
      if (!appendUniqueU32(walk, prop.name, marker.offset)) malformed = true;
    }
    if (malformed) problems.push(preexisting('__local_fixups__'));
  }
  return problems;
}

function preexisting(name: string): FixupProblem {
  return {
    code: 'ref/fixups-malformed',
    message: `Preexisting data in ${name} malformed, some content could not be added.`,
    fatal: false,
  };
}

/**
 * dtc's `generate_labels_from_tree`, `fixup_phandles` and `local_fixup_phandles`: labels from an
 * existing `__symbols__`, and phandle markers from existing `__fixups__`/`__local_fixups__`.
 */
export function restoreFromOverlayNodes(tree: DeviceTree): Diagnostic[] {
  const warnings: Diagnostic[] = [];
  const warn = (message: string) => warnings.push({ code: 'ref/overlay-node', severity: 'warning', message });

  const symbols = tree.root.child('__symbols__');
  if (symbols) {
    for (const p of symbols.liveProps) {
      const path = p.value.firstString();
      const target = tree.nodeByPath(path);
      if (target) {
        addLabel(target.labels, p.name);
        tree.noteLabels(target);
      } else warn(`Path ${path} referenced in property __symbols__/${p.name} missing`);
    }
  }

  const fixups = tree.root.child('__fixups__');
  if (fixups) {
    for (const fp of fixups.liveProps) {
      for (const entry of fp.value.strings()) {
        const parts = /^(.*?):(.*?):(.*)$/s.exec(entry);
        if (!parts) {
          warn(`Malformed fixup entry for label ${fp.name}`);
          continue;
        }
        const node = tree.nodeByPath(parts[1]!);
        if (!node) {
          warn(`Label ${fp.name} references non-existing node ${parts[1]}`);
          continue;
        }
        const prop = node.prop(parts[2]!);
        if (!prop) {
          warn(`Label ${fp.name} references non-existing property ${node.path} in node ${parts[2]}`);
          continue;
        }
        const offset = strtol(parts[3]!);
        if (offset < 0 || offset + 4 > prop.value.length) {
          warn(`Label ${fp.name} contains invalid offset for property ${prop.name} in node ${node.path}`);
          continue;
        }
        insertMarker(prop, { kind: 'phandle', offset, ref: fp.name });
      }
    }
  }

  const local = tree.root.child('__local_fixups__');
  if (local) restoreLocal(tree, local, tree.root, warn);
  return warnings;
}

function restoreLocal(tree: DeviceTree, lf: Node, node: Node, warn: (m: string) => void): void {
  for (const lfp of lf.liveProps) {
    const prop = node.prop(lfp.name);
    if (!prop) {
      warn(`Property ${lfp.name} in ${node.path} referenced in __local_fixups__ missing`);
      continue;
    }
    if (lfp.value.length % 4 !== 0) {
      warn(`property ${lfp.name} in /__local_fixups__${node.path} malformed`);
      continue;
    }
    for (const offset of lfp.value.cells()) {
      if (prop.value.length < offset + 4) {
        warn(`property ${prop.name} too short to contain a phandle at offset ${offset}`);
        continue;
      }
      const phandle = readCellAt(prop.value.bytes, offset);
      const target = tree.nodeByPhandle(phandle);
      if (!target) {
        warn(`node referenced by phandle 0x${phandle.toString(16)} in property ${prop.name} not found`);
        continue;
      }
      const label = target.labels[0];
      insertMarker(prop, { kind: 'phandle', offset, ref: label ? label.name : target.path });
    }
  }
  for (const sub of lf.liveChildren) {
    const child = node.child(sub.name);
    if (!child) {
      warn(`node ${sub.name}/${node.path} referenced in __local_fixups__ missing`);
      continue;
    }
    restoreLocal(tree, sub, child, warn);
  }
}

function readCellAt(bytes: Uint8Array, o: number): number {
  return ((bytes[o]! << 24) | (bytes[o + 1]! << 16) | (bytes[o + 2]! << 8) | bytes[o + 3]!) >>> 0;
}

/** dtc's `add_marker`: sorted by offset; a type marker stays first at its offset; no duplicate. */
function insertMarker(prop: Property, marker: { kind: 'phandle'; offset: number; ref: string }): void {
  const markers = prop.value.markers;
  let i = 0;
  while (i < markers.length && markers[i]!.offset < marker.offset) i++;
  if (i < markers.length && markers[i]!.offset === marker.offset && markers[i]!.kind === 'type') i++;
  const at = markers[i];
  if (at && at.offset === marker.offset && at.kind === 'phandle') return;
  markers.splice(i, 0, marker);
}

/** C's strtol(s, NULL, 0) for the non-negative offsets fixup entries hold. */
function strtol(text: string): number {
  const t = text.trim();
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(t);
  if (!m) return 0;
  const body = m[2]!;
  const value =
    body.startsWith('0x') || body.startsWith('0X')
      ? Number.parseInt(body, 16)
      : body.startsWith('0')
        ? Number.parseInt(body, 8) || 0
        : Number.parseInt(body, 10);
  return m[1] === '-' ? -value : value;
}
