/**
 * Builds the live tree from the AST exactly as dtc's parser actions and livetree.c do:
 * the first `/ { }` block becomes the root as written (duplicates and in-block deletes stay as
 * entries, which is what dtc's duplicate checks see), later blocks merge into it, deletes leave
 * tombstones that a later block revives in place, and in plugins unresolved top-level references
 * become `fragment@N` nodes.
 */

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { appendAll } from '../diagnostics/diagnostic.js';
import { DEFAULT_LIMITS, type Limits, limitHint, limitInfo } from '../limits.js';
import type { FileSystem } from '../source/file-system.js';
import type { SourceText } from '../source/source-text.js';
import type { ChildItem, DtsFile, Loc, NodeBody, Ref, Value } from '../syntax/ast.js';
import { type Data, DataBuilder } from './data.js';
import { readIncbin } from './incbin.js';
import { DeviceTree, type LabelEntry, Node, Property } from './tree.js';

export interface BuildOptions {
  fs: FileSystem;
  /** Folders searched by `/incbin/` after the including file's own folder. */
  includeDirs: string[];
  /** node-depth, property-size, array-length and incbin-size (defaults: `compiler/limits.ts`). */
  limits?: Partial<Pick<Limits, 'nodeDepth' | 'propertySize' | 'arrayLength' | 'incbinBytes'>>;
}

export interface BuildResult {
  tree: DeviceTree;
  diagnostics: Diagnostic[];
}

/** dtc's spelling of a reference: `label`, `/path` or `label/sub`. */
export function refText(ref: Ref): string {
  return ref.kind === 'label' ? ref.name : ref.path;
}

/** dtc's `add_label`: prepend, or revive the existing entry of that name. */
export function addLabel(labels: LabelEntry[], name: string, loc?: Loc): void {
  for (const l of labels) {
    if (l.name === name) {
      l.deleted = false;
      return;
    }
  }
  labels.unshift({ name, deleted: false, ...(loc ? { loc } : {}) });
}

export function deleteProperty(prop: Property): void {
  prop.deleted = true;
  for (const l of prop.labels) l.deleted = true;
}

/** dtc's `delete_node`: the node, its live subtree, properties and labels become tombstones. */
export function deleteNode(node: Node): void {
  node.deleted = true;
  for (const c of node.children) if (!c.deleted) deleteNode(c);
  for (const p of node.props) if (!p.deleted) deleteProperty(p);
  for (const l of node.labels) l.deleted = true;
}

/** dtc's `merge_nodes`: merges `incoming` into `target` (both already built). */
export function mergeNodes(target: Node, incoming: Node, tree?: DeviceTree): void {
  target.deleted = false;
  for (const l of incoming.labels) addLabel(target.labels, l.name, l.loc);
  tree?.noteLabels(target);

  for (const np of incoming.props) {
    if (np.deleted) {
      // A `/delete-property/` entry: the first property of that name (even a tombstone) dies.
      const old = target.props.find((p) => p.name === np.name);
      if (old) deleteProperty(old);
      continue;
    }
    const old = target.props.find((p) => p.name === np.name);
    if (old) {
      for (const l of np.labels) addLabel(old.labels, l.name, l.loc);
      old.value = np.value;
      old.deleted = false;
      old.loc = np.loc;
      old.nameLoc = np.nameLoc;
      old.valueAst = np.valueAst;
    } else {
      target.props.push(np);
    }
  }

  for (const nc of incoming.children) {
    if (nc.deleted) {
      const old = target.children.find((c) => c.name === nc.name);
      if (old) deleteNode(old);
      continue;
    }
    const old = target.children.find((c) => c.name === nc.name);
    if (old) mergeNodes(old, nc, tree);
    else {
      target.addChild(nc);
      tree?.noteSubtree(nc);
    }
  }
  appendAll(target.locs, incoming.locs);
}

class TreeBuilder {
  readonly diagnostics: Diagnostic[] = [];
  private nextFragment = 0;
  private readonly limits: Pick<Limits, 'nodeDepth' | 'propertySize' | 'arrayLength'>;

  constructor(
    private readonly source: SourceText,
    private readonly options: BuildOptions,
  ) {
    this.limits = {
      nodeDepth: options.limits?.nodeDepth ?? DEFAULT_LIMITS.nodeDepth,
      propertySize: options.limits?.propertySize ?? DEFAULT_LIMITS.propertySize,
      arrayLength: options.limits?.arrayLength ?? DEFAULT_LIMITS.arrayLength,
    };
  }

  build(file: DtsFile): DeviceTree {
    const tree = new DeviceTree();
    tree.source = this.source;
    tree.plugin = file.headers[0]?.plugin === true;

    for (const m of file.memreserves) {
      const labels: LabelEntry[] = [];
      for (const l of m.labels.slice().reverse()) addLabel(labels, l.name, l.loc);
      tree.memreserves.push({
        address: m.address.value,
        size: m.size.value,
        labels: labels.map((l) => l.name),
        loc: m.loc,
      });
    }

    let haveRoot = false;
    for (const item of file.items) {
      switch (item.kind) {
        case 'root': {
          const node = this.buildNode('', item.body, item.loc);
          if (!haveRoot) {
            tree.root = node;
            tree.invalidateLabels();
            haveRoot = true;
          } else mergeNodes(tree.root, node, tree);
          break;
        }
        case 'ref-node': {
          this.mergeAtRef(tree, item.ref, item.label, this.buildNode('', item.body, item.loc), !haveRoot);
          haveRoot = true;
          break;
        }
        case 'delete-node-ref': {
          const target = this.lookup(tree, item.ref);
          if (target) deleteNode(target);
          break;
        }
        case 'omit-ref': {
          const target = this.lookup(tree, item.ref);
          if (target) target.omitIfNoRef = true;
          break;
        }
      }
    }
    return tree;
  }

  /** The top-level `[label:] &ref { }` forms of dtc's grammar, with their plugin rules. */
  private mergeAtRef(
    tree: DeviceTree,
    ref: Ref,
    label: { name: string; loc: Loc } | undefined,
    node: Node,
    first: boolean,
  ): void {
    const text = refText(ref);
    const relative = ref.kind === 'path' && !ref.path.startsWith('/') && ref.path.includes('/', 1);
    const notFound = () =>
      this.error(
        'tree/ref-not-found',
        ref.loc,
        `Label or path ${text} not found`,
        'is the label defined earlier, in this file or one it includes?',
      );
    const relativeInPlugin = () =>
      this.error(
        'tree/plugin-relative-ref',
        ref.loc,
        `Label-relative reference ${text} not supported in plugin`,
      );

    if (first) {
      // A tree that starts with `&ref { }` is only meaningful in an overlay.
      if (!tree.plugin) notFound();
      else if (relative) relativeInPlugin();
      this.addOrphan(tree, node, text);
      return;
    }
    if (label) {
      if (tree.plugin && relative) relativeInPlugin();
      const target = tree.nodeByRef(text);
      if (!target) {
        notFound();
        return;
      }
      addLabel(target.labels, label.name, label.loc);
      tree.noteLabels(target);
      mergeNodes(target, node, tree);
      return;
    }
    if (ref.kind === 'path' && tree.plugin) {
      // In an overlay every `&{path} { }` targets the base tree, even if the path exists here.
      if (relative) relativeInPlugin();
      this.addOrphan(tree, node, text);
      return;
    }
    const target = tree.nodeByRef(text);
    if (target) mergeNodes(target, node, tree);
    else if (tree.plugin && ref.kind === 'label') this.addOrphan(tree, node, text);
    else notFound();
  }

  /** dtc's `add_orphan_node`: wraps a plugin's unresolved top-level block in `fragment@N/__overlay__`. */
  private addOrphan(tree: DeviceTree, overlay: Node, ref: string): void {
    const b = new DataBuilder();
    let prop: Property;
    if (ref.startsWith('/')) {
      b.mark({ kind: 'type', offset: 0, type: 'string' });
      b.appendLatin1(ref);
      b.appendByte(0);
      prop = new Property('target-path', b.build());
    } else {
      b.mark({ kind: 'phandle', offset: 0, ref });
      b.appendU32(0xffffffff);
      prop = new Property('target', b.build());
    }
    overlay.name = '__overlay__';
    const fragment = new Node(`fragment@${this.nextFragment++}`);
    fragment.addProp(prop);
    fragment.addChild(overlay);
    tree.root.addChild(fragment);
    tree.noteSubtree(fragment);
  }

  private lookup(tree: DeviceTree, ref: Ref): Node | undefined {
    const text = refText(ref);
    const node = tree.nodeByRef(text);
    if (!node) this.error('tree/ref-not-found', ref.loc, `Label or path ${text} not found`);
    return node;
  }

  /** `depth` counts from the block's own level: a top-level block is at depth 0. */
  private buildNode(name: string, body: NodeBody, loc: Loc, nameLoc?: Loc, depth = 0): Node {
    const node = new Node(name);
    node.locs.push(loc);
    if (nameLoc) node.nameLoc = nameLoc;
    for (const item of body.props) {
      const prop = new Property(item.name);
      prop.loc = item.loc;
      prop.nameLoc = item.nameLoc;
      if (item.kind === 'delete-prop') prop.deleted = true;
      else if (item.value) {
        prop.value = this.buildValue(item.value);
        prop.valueAst = item.value;
        if (prop.value.length > this.limits.propertySize) {
          const max = this.limits.propertySize;
          this.error(
            limitInfo('propertySize').code,
            item.nameLoc,
            `property ${item.name} has more than ${max} bytes, over the property-size limit`,
            limitHint('propertySize', max, prop.value.length),
          );
        }
      }
      // Labels written `a: b: prop` are attached innermost first, so `a` ends up first.
      for (const l of item.labels.slice().reverse()) addLabel(prop.labels, l.name, l.loc);
      node.props.push(prop);
    }
    for (const item of body.children) {
      if (depth + 1 > this.limits.nodeDepth && item.kind !== 'delete-node') {
        // Deeper nodes are dropped: one diagnostic at the first node over the limit is enough.
        const max = this.limits.nodeDepth;
        this.error(
          limitInfo('nodeDepth').code,
          item.nameLoc,
          `node ${item.name} is nested ${depth + 1} deep, over the node-depth limit of ${max}`,
          limitHint('nodeDepth', max),
        );
        continue;
      }
      node.addChild(this.buildChild(item, depth + 1));
    }
    return node;
  }

  private buildChild(item: ChildItem, depth: number): Node {
    let child: Node;
    if (item.kind === 'delete-node') {
      child = new Node(item.name);
      child.deleted = true;
      child.locs.push(item.loc);
    } else {
      child = this.buildNode(item.name, item.body, item.loc, item.nameLoc, depth);
      if (item.omitIfNoRef) child.omitIfNoRef = true;
    }
    for (const l of item.labels.slice().reverse()) addLabel(child.labels, l.name, l.loc);
    return child;
  }

  private buildValue(value: Value): Data {
    const b = new DataBuilder();
    for (const chunk of value.chunks) {
      // Stop adding once over property-size (the caller reports it): many /incbin/s in one value
      // must not pile up gigabytes first.
      if (b.length > this.limits.propertySize) break;
      switch (chunk.kind) {
        case 'label':
          b.mark({ kind: 'label', offset: b.length, name: chunk.name, loc: chunk.loc });
          break;
        case 'string':
          b.mark({ kind: 'type', offset: b.length, type: 'string', loc: chunk.loc });
          b.appendLatin1(chunk.bytes);
          b.appendByte(0);
          break;
        case 'bytes':
          b.mark({ kind: 'type', offset: b.length, type: 'u8', loc: chunk.loc });
          for (const e of chunk.elements) {
            if (e.kind === 'label') b.mark({ kind: 'label', offset: b.length, name: e.name, loc: e.loc });
            else b.appendByte(e.value);
          }
          break;
        case 'cells': {
          const type =
            chunk.bits === 8 ? 'u8' : chunk.bits === 16 ? 'u16' : chunk.bits === 64 ? 'u64' : 'u32';
          if (chunk.elements.length > this.limits.arrayLength) {
            const max = this.limits.arrayLength;
            this.error(
              limitInfo('arrayLength').code,
              chunk.loc,
              `array of ${chunk.elements.length} elements, over the array-length limit of ${max}`,
              limitHint('arrayLength', max, chunk.elements.length),
            );
            break;
          }
          b.mark({ kind: 'type', offset: b.length, type, loc: chunk.loc });
          const mask = (1n << BigInt(chunk.bits)) - 1n;
          for (const e of chunk.elements) {
            if (e.kind === 'label') {
              b.mark({ kind: 'label', offset: b.length, name: e.name, loc: e.loc });
            } else if (e.kind === 'ref') {
              // The parser rejects references in arrays that are not 32-bit; keep the placeholder width.
              if (chunk.bits === 32)
                b.mark({ kind: 'phandle', offset: b.length, ref: refText(e.ref), loc: e.loc });
              b.appendInteger(mask, chunk.bits);
            } else {
              let v = e.value;
              if (chunk.bits < 64 && v > mask && (v | mask) !== 0xffffffffffffffffn) {
                const width = chunk.bits / 4;
                this.warning(
                  'tree/value-truncated',
                  e.loc,
                  `Value 0x${v.toString(16).padStart(16, '0')} truncated to 0x${(v & mask).toString(16).padStart(width, '0')}`,
                  `the value does not fit in ${chunk.bits} bits`,
                );
              }
              v &= mask;
              b.appendInteger(v, chunk.bits);
            }
          }
          break;
        }
        case 'path-ref':
          b.mark({ kind: 'type', offset: b.length, type: 'string', loc: chunk.loc });
          b.mark({ kind: 'path', offset: b.length, ref: refText(chunk.ref), loc: chunk.loc });
          break;
        case 'incbin': {
          const origin = this.source.position(chunk.loc.start).file;
          const result = readIncbin(
            chunk.file,
            origin,
            this.options,
            chunk.offset?.value,
            chunk.length?.value,
          );
          if ('error' in result) {
            this.error(result.code ?? 'tree/incbin', chunk.fileLoc, result.error, result.hint);
          } else b.appendBytes(result.bytes);
          break;
        }
      }
    }
    return b.build();
  }

  private error(code: string, loc: Loc, message: string, hint?: string): void {
    this.diagnostics.push({
      code,
      severity: 'error',
      message,
      span: this.source.span(loc.start, loc.end),
      ...(hint ? { hint } : {}),
    });
  }

  private warning(code: string, loc: Loc, message: string, hint?: string): void {
    this.diagnostics.push({
      code,
      severity: 'warning',
      message,
      span: this.source.span(loc.start, loc.end),
      ...(hint ? { hint } : {}),
    });
  }
}

export function buildTree(file: DtsFile, source: SourceText, options: BuildOptions): BuildResult {
  const builder = new TreeBuilder(source, options);
  const tree = builder.build(file);
  return { tree, diagnostics: builder.diagnostics };
}
