import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';
import { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { Data } from '../tree/data.js';
import { DeviceTree, Node, Property } from '../tree/tree.js';
import { blobSpan, hex } from './blob-span.js';
import {
  align,
  FDT_BEGIN_NODE,
  FDT_END,
  FDT_END_NODE,
  FDT_MAGIC,
  FDT_NOP,
  FDT_PROP,
  FDT_RESERVE_ENTRY_SIZE,
  FDT_V1_SIZE,
  FDT_V2_SIZE,
  FDT_V3_SIZE,
  FDT_V17_SIZE,
  HDR,
} from './format.js';
import { assignExplicitPhandles, restoreReferences } from './restore-refs.js';

export interface ReadDtbOptions {
  /**
   * Recover phandles, `__symbols__` labels and fix-up references after reading (default true).
   * A pipeline that runs dtc's passes in dtc's order (checks first) can turn this off and call
   * `restoreReferences` itself.
   */
  restoreReferences?: boolean;
}

export interface ReadDtbResult {
  /** Absent when the blob is too damaged to build a tree from. */
  tree?: DeviceTree;
  diagnostics: Diagnostic[];
}

/**
 * Nesting deeper than this is reported instead of followed: real trees are a dozen levels deep, and
 * everything downstream (paths, printing, walks) recurses per level.
 */
export const MAX_DTB_DEPTH = 1024;

/**
 * Reads a flattened device tree (versions 1–3, 16 and 17, and later versions that declare
 * compatibility with 17) into a live tree, the way dtc's `dt_from_blob` does, sets node phandles from
 * their properties, then (unless told not to) recovers what dtc ≥ 1.8 recovers from a blob: labels
 * from `__symbols__` and phandle references from `__fixups__` / `__local_fixups__`
 * (see `restore-refs.ts`).
 *
 * Every defect is a `dtb/…` diagnostic; the function never throws and its work is linear in the size
 * of the blob.
 */
export function readDtb(bytes: Uint8Array, fileName: string, options: ReadDtbOptions = {}): ReadDtbResult {
  const bag = new DiagnosticBag();
  let tree: DeviceTree | undefined;
  try {
    tree = new BlobReader(bytes, fileName, bag).read();
    if (tree && options.restoreReferences !== false) restoreReferences(tree, bag);
  } catch (error) {
    if (!(error instanceof Abort)) {
      bag.error('dtb/internal-error', `internal error while reading the blob: ${String(error)}`);
    }
    tree = undefined;
  }
  return { ...(tree ? { tree } : {}), diagnostics: bag.items };
}

/** Unwinds the reader after a fatal diagnostic was recorded; never escapes `readDtb`. */
class Abort extends Error {}

interface OpenNode {
  node: Node;
  /** The name as stored in the blob (a full path before v16). */
  flatName: string;
  sawChild: boolean;
  warnedPropAfterChild: boolean;
}

class BlobReader {
  private readonly view: DataView;
  private version = 0;
  /** Struct block: start, read position, end. */
  private structBase = 0;
  private pos = 0;
  private structLimit = 0;
  private stringsBase = 0;
  private stringsLimit = 0;
  private readonly nameCache = new Map<number, string>();

  constructor(
    private readonly bytes: Uint8Array,
    private readonly file: string,
    private readonly bag: DiagnosticBag,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  read(): DeviceTree | undefined {
    const header = this.readHeader();
    const tree = new DeviceTree(new Node(''));
    tree.bootCpuidPhys = header.bootCpuidPhys;
    tree.memreserves = this.readReserveMap(header.offMemRsvmap, header.totalsize);
    tree.root = this.readStructure();
    if (this.version < 16) dropGeneratedNameProps(tree.root);
    tree.plugin =
      tree.root.child('__fixups__') !== undefined || tree.root.child('__local_fixups__') !== undefined;
    assignExplicitPhandles(tree.root);
    return tree;
  }

  private fail(code: string, message: string, span?: Span, hint?: string): never {
    this.bag.error(code, message, span, hint ? { hint } : undefined);
    throw new Abort(message);
  }

  private span(offset: number, length: number): Span {
    return blobSpan(this.file, offset, length);
  }

  private u32(offset: number): number {
    return this.view.getUint32(offset);
  }

  private readHeader(): {
    totalsize: number;
    offMemRsvmap: number;
    bootCpuidPhys: number;
  } {
    const size = this.bytes.length;
    if (size < 8) {
      this.fail(
        'dtb/truncated',
        `blob is ${size} bytes long, too short for an FDT header`,
        this.span(0, size),
      );
    }
    const magic = this.u32(HDR.magic);
    if (magic !== FDT_MAGIC) {
      this.fail(
        'dtb/bad-magic',
        `bad magic number ${hex(magic)} (expected ${hex(FDT_MAGIC)})`,
        this.span(0, 4),
        'the input is not a flattened device tree blob',
      );
    }
    const totalsize = this.u32(HDR.totalsize);
    if (totalsize < FDT_V1_SIZE) {
      this.fail('dtb/bad-header', `totalsize ${totalsize} is smaller than any FDT header`, this.span(4, 4));
    }
    if (size < totalsize) {
      this.fail(
        'dtb/truncated',
        `blob is ${size} bytes long but its header says ${totalsize}`,
        this.span(4, 4),
        'the file was probably cut short',
      );
    }

    const version = this.u32(HDR.version);
    const lastComp = this.u32(HDR.lastCompVersion);
    let headerSize: number;
    if (version === 1) headerSize = FDT_V1_SIZE;
    else if (version === 2) headerSize = FDT_V2_SIZE;
    else if (version === 3 || version === 16) headerSize = FDT_V3_SIZE;
    else if (version === 17 || (version > 17 && lastComp <= 17)) headerSize = FDT_V17_SIZE;
    else {
      this.fail(
        'dtb/unsupported-version',
        `unsupported FDT version ${version} (last compatible version ${lastComp})`,
        this.span(HDR.version, 8),
        'versions 1-3, 16 and 17 can be read',
      );
    }
    this.version = Math.min(version, 17);
    if (totalsize < headerSize) {
      this.fail(
        'dtb/bad-header',
        `totalsize ${totalsize} is smaller than the version ${version} header (${headerSize} bytes)`,
        this.span(4, 4),
      );
    }

    const offStruct = this.u32(HDR.offDtStruct);
    const offStrings = this.u32(HDR.offDtStrings);
    const offMemRsvmap = this.u32(HDR.offMemRsvmap);
    if (offMemRsvmap >= totalsize) {
      this.fail(
        'dtb/bad-header',
        `memory reservation map offset ${hex(offMemRsvmap)} is outside the blob`,
        this.span(HDR.offMemRsvmap, 4),
      );
    }
    if (offStruct >= totalsize) {
      this.fail(
        'dtb/bad-header',
        `structure block offset ${hex(offStruct)} is outside the blob`,
        this.span(HDR.offDtStruct, 4),
      );
    }
    if (offStrings > totalsize) {
      this.fail(
        'dtb/bad-header',
        `strings block offset ${hex(offStrings)} is outside the blob`,
        this.span(HDR.offDtStrings, 4),
      );
    }
    if (offStruct % 4 !== 0) {
      this.fail(
        'dtb/misaligned',
        `structure block offset ${hex(offStruct)} is not 4-byte aligned`,
        this.span(HDR.offDtStruct, 4),
      );
    }
    if (offMemRsvmap % 8 !== 0) {
      this.bag.warning(
        'dtb/misaligned',
        `memory reservation map offset ${hex(offMemRsvmap)} is not 8-byte aligned`,
        this.span(HDR.offMemRsvmap, 4),
      );
    }

    this.stringsBase = offStrings;
    this.stringsLimit = totalsize;
    if (version >= 3) {
      const sizeStrings = this.u32(HDR.sizeDtStrings);
      if (offStrings + sizeStrings > totalsize) {
        this.fail(
          'dtb/bad-header',
          `strings block (${hex(offStrings)} + ${sizeStrings} bytes) extends past the end of the blob`,
          this.span(HDR.sizeDtStrings, 4),
        );
      }
      this.stringsLimit = offStrings + sizeStrings;
    }
    this.structBase = offStruct;
    this.pos = offStruct;
    this.structLimit = totalsize;
    if (version >= 17) {
      const sizeStruct = this.u32(HDR.sizeDtStruct);
      if (offStruct + sizeStruct > totalsize) {
        this.fail(
          'dtb/bad-header',
          `structure block (${hex(offStruct)} + ${sizeStruct} bytes) extends past the end of the blob`,
          this.span(HDR.sizeDtStruct, 4),
        );
      }
      this.structLimit = offStruct + sizeStruct;
    }
    const bootCpuidPhys = version >= 2 ? this.u32(HDR.bootCpuidPhys) : 0;
    return { totalsize, offMemRsvmap, bootCpuidPhys };
  }

  /** Entries up to the first one whose size is zero (dtc and libfdt stop there, whatever the address). */
  private readReserveMap(offset: number, totalsize: number): DeviceTree['memreserves'] {
    const entries: DeviceTree['memreserves'] = [];
    let o = offset;
    for (;;) {
      if (o + FDT_RESERVE_ENTRY_SIZE > totalsize) {
        this.fail(
          'dtb/bad-reserve-map',
          'memory reservation map has no terminating entry before the end of the blob',
          this.span(offset, Math.max(0, totalsize - offset)),
        );
      }
      const address = this.view.getBigUint64(o);
      const size = this.view.getBigUint64(o + 8);
      if (size === 0n) return entries;
      entries.push({ address, size, labels: [] });
      o += FDT_RESERVE_ENTRY_SIZE;
    }
  }

  private premature(what: string, at: number): never {
    return this.fail(
      'dtb/premature-end',
      `structure block ends in the middle of ${what}`,
      this.span(at, Math.max(0, this.structLimit - at)),
      'the blob is truncated or its size_dt_struct is wrong',
    );
  }

  private readWord(what: string): number {
    if (this.pos + 4 > this.structLimit) this.premature(what, this.pos);
    const value = this.u32(this.pos);
    this.pos += 4;
    return value;
  }

  /** Moves the read position to the next multiple of `to` from the start of the structure block. */
  private realign(to: number, what: string): void {
    const next = this.structBase + align(this.pos - this.structBase, to);
    if (next > this.structLimit) this.premature(what, this.pos);
    this.pos = next;
  }

  private readNodeName(): string {
    const start = this.pos;
    const nul = this.bytes.indexOf(0, start);
    if (nul === -1 || nul >= this.structLimit) this.premature('a node name', start);
    this.pos = nul + 1;
    this.realign(4, 'a node name');
    return latin1(this.bytes, start, nul);
  }

  private propName(nameOff: number, at: number): string {
    const cached = this.nameCache.get(nameOff);
    if (cached !== undefined) return cached;
    const start = this.stringsBase + nameOff;
    const nul = start < this.stringsLimit ? this.bytes.indexOf(0, start) : -1;
    if (nul === -1 || nul >= this.stringsLimit) {
      this.fail(
        'dtb/bad-string-offset',
        `property name offset ${hex(nameOff)} does not point at a NUL-terminated string in the strings block`,
        this.span(at, 4),
      );
    }
    const name = latin1(this.bytes, start, nul);
    this.nameCache.set(nameOff, name);
    return name;
  }

  /** Iterative, so deeply nested blobs cannot exhaust the call stack. */
  private readStructure(): Node {
    const oldFormat = this.version < 16;
    const first = this.pos;
    const token = this.readWord('the root node');
    if (token !== FDT_BEGIN_NODE) {
      this.fail(
        'dtb/bad-root',
        `structure block does not begin with FDT_BEGIN_NODE (begins with ${hex(token)})`,
        this.span(first, 4),
      );
    }
    const rootFlat = this.readNodeName();
    const root = new Node(oldFormat ? this.nameFromPath('', rootFlat, first) : rootFlat);
    if (!oldFormat && rootFlat !== '') {
      this.bag.warning(
        'dtb/root-name',
        `root node has a name ("${rootFlat}")`,
        this.span(first + 4, rootFlat.length),
      );
    }
    const stack: OpenNode[] = [
      { node: root, flatName: rootFlat, sawChild: false, warnedPropAfterChild: false },
    ];

    while (stack.length > 0) {
      const at = this.pos;
      const top = stack[stack.length - 1]!;
      const tag = this.readWord('a node');
      switch (tag) {
        case FDT_PROP: {
          if (top.sawChild && !top.warnedPropAfterChild) {
            top.warnedPropAfterChild = true;
            this.bag.warning(
              'dtb/property-after-subnode',
              'property follows a subnode; it will be written before the subnodes',
              this.span(at, 4),
              { nodePath: top.node.path },
            );
          }
          const length = this.readWord('a property header');
          const name = this.propName(this.readWord('a property header'), at + 8);
          if (oldFormat && length >= 8) this.realign(8, 'a property value');
          const start = this.pos;
          if (length > this.structLimit - start) this.premature(`the value of property "${name}"`, at);
          this.pos = start + length;
          this.realign(4, 'a property value');
          top.node.addProp(new Property(name, new Data(this.bytes.slice(start, start + length))));
          break;
        }
        case FDT_BEGIN_NODE: {
          if (stack.length >= MAX_DTB_DEPTH) {
            this.fail(
              'dtb/too-deep',
              `nodes are nested more than ${MAX_DTB_DEPTH} levels deep`,
              this.span(at, 4),
            );
          }
          const flat = this.readNodeName();
          const name = oldFormat ? this.nameFromPath(top.flatName, flat, at) : flat;
          const child = top.node.addChild(new Node(name));
          top.sawChild = true;
          stack.push({ node: child, flatName: flat, sawChild: false, warnedPropAfterChild: false });
          break;
        }
        case FDT_END_NODE:
          stack.pop();
          break;
        case FDT_NOP:
          if (oldFormat) {
            this.bag.warning(
              'dtb/nop-in-old-version',
              `FDT_NOP in a version ${this.version} blob`,
              this.span(at, 4),
            );
          }
          break;
        case FDT_END:
          this.fail(
            'dtb/unexpected-end',
            `FDT_END inside node ${top.node.path}; ${stack.length} node(s) left open`,
            this.span(at, 4),
          );
          break;
        default:
          this.fail('dtb/bad-token', `invalid structure token ${hex(tag)}`, this.span(at, 4), undefined);
      }
    }

    // libfdt tolerates NOPs between the root's FDT_END_NODE and FDT_END; so do we.
    for (;;) {
      const at = this.pos;
      if (at + 4 > this.structLimit) {
        this.fail('dtb/missing-end', 'structure block does not end with FDT_END', this.span(at, 0));
      }
      const tag = this.readWord('the end token');
      if (tag === FDT_END) break;
      if (tag !== FDT_NOP) {
        this.fail(
          'dtb/missing-end',
          `structure block does not end with FDT_END (found ${hex(tag)} after the root node)`,
          this.span(at, 4),
        );
      }
    }
    return root;
  }

  /** Before v16 nodes carry full paths; the name is what follows the parent's path (dtc's rule). */
  private nameFromPath(parentPath: string, path: string, at: number): string {
    if (!path.startsWith(parentPath)) {
      this.fail(
        'dtb/bad-node-path',
        `node path "${path}" is not a child of "${parentPath}"`,
        this.span(at + 4, path.length),
      );
    }
    return path.slice(parentPath === '/' ? parentPath.length : parentPath.length + 1);
  }
}

/** Decodes bytes [start, end) one char per byte, as every other input in the project is read. */
function latin1(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
}

/**
 * Blobs before v16 carry a `name` property in every node, generated from the node name. dtc drops
 * such properties (the `name_properties` fix-up) when they match the base name; doing it here keeps a
 * v1–3 blob re-written as v17 identical to dtc's output even when checks are not run.
 */
function dropGeneratedNameProps(root: Node): void {
  for (const node of root.walk()) {
    const prop = node.prop('name');
    if (!prop) continue;
    const bytes = prop.value.bytes;
    if (bytes.length === node.basename.length + 1 && prop.value.firstString() === node.basename) {
      node.props = node.props.filter((p) => p !== prop);
    }
  }
}
