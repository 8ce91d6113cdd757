/**
 * `__fixups__` and `__local_fixups__` for overlays (`/plugin/`, or `-L`). Reading such nodes back
 * into markers (dtc ≥ 1.8) is `restoreReferences` in `dtb/restore-refs.ts`.
 */
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
