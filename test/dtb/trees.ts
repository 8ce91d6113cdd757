/** Small helpers to build trees by hand in DTB/DTS tests. */
import { spawnSync } from 'node:child_process';
import { Data, DataBuilder, stringBytes, u32Bytes } from '../../compiler/tree/data.js';
import { DeviceTree, Node, Property } from '../../compiler/tree/tree.js';
import { haveCommand } from '../support/shared.js';

export const hasDtc = haveCommand('dtc');

export function node(name: string, props: Property[] = [], children: Node[] = []): Node {
  const n = new Node(name);
  for (const p of props) n.addProp(p);
  for (const c of children) n.addChild(c);
  return n;
}

export function tree(root: Node): DeviceTree {
  return new DeviceTree(root);
}

/** A property whose value has no markers, as a DTB gives it. */
export function raw(name: string, bytes: ArrayLike<number> = []): Property {
  return new Property(name, new Data(Uint8Array.from(bytes)));
}

export function cells(name: string, ...values: number[]): Property {
  const b = new DataBuilder();
  b.mark({ kind: 'type', offset: 0, type: 'u32' });
  for (const v of values) b.appendU32(v);
  return new Property(name, b.build());
}

export function str(name: string, ...values: string[]): Property {
  const b = new DataBuilder();
  for (const v of values) {
    b.mark({ kind: 'type', offset: b.length, type: 'string' });
    b.appendLatin1(v);
    b.appendByte(0);
  }
  return new Property(name, b.build());
}

export function label(n: Node | Property, ...names: string[]): void {
  for (const name of names) n.labels.push({ name, deleted: false });
}

export { stringBytes, u32Bytes };

/** Bytes from a hex string with arbitrary whitespace. */
export function hexBytes(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Runs Debian's (or any) dtc on stdin; undefined when it fails. */
export function dtc(args: string[], input: string | Uint8Array): Buffer | undefined {
  const run = spawnSync('dtc', ['-q', ...args, '-o', '-', '-'], {
    input,
    timeout: 20_000,
    maxBuffer: 1 << 26,
  });
  return run.status === 0 ? run.stdout : undefined;
}

/** Pieces of a hand-assembled v16/v17 blob; struct items are words, names (NUL + padding) or raw bytes. */
export interface BlobParts {
  version?: number;
  lastComp?: number;
  boot?: number;
  reserve?: [bigint, bigint][];
  struct: (number | string | Uint8Array)[];
  /** Property names, each NUL-terminated in this order. */
  strings?: string[];
  /** Bytes between the header and the reservation map (to misalign it). */
  gap?: number;
}

export const BEGIN = 1;
export const END_NODE = 2;
export const PROP = 3;
export const NOP = 4;
export const END = 9;

function pad4(bytes: number[]): void {
  while (bytes.length % 4 !== 0) bytes.push(0);
}

export function assemble(parts: BlobParts): Uint8Array {
  const rsv: number[] = [];
  const u64 = (out: number[], v: bigint) => {
    for (let i = 7; i >= 0; i--) out.push(Number((v >> BigInt(i * 8)) & 0xffn));
  };
  for (const [a, s] of [...(parts.reserve ?? []), [0n, 0n] as [bigint, bigint]]) {
    u64(rsv, a);
    u64(rsv, s);
  }
  const st: number[] = [];
  for (const item of parts.struct) {
    if (typeof item === 'number') st.push(...u32Bytes(item));
    else if (typeof item === 'string') {
      st.push(...stringBytes(item));
      pad4(st);
    } else {
      st.push(...item);
      pad4(st);
    }
  }
  const strs: number[] = [];
  for (const s of parts.strings ?? []) strs.push(...stringBytes(s));
  const offRsv = 40 + (parts.gap ?? 0);
  const offStruct = offRsv + rsv.length;
  const offStrings = offStruct + st.length;
  const total = offStrings + strs.length;
  const header = [
    0xd00dfeed,
    total,
    offStruct,
    offStrings,
    offRsv,
    parts.version ?? 17,
    parts.lastComp ?? 16,
    parts.boot ?? 0,
    strs.length,
    st.length,
  ];
  const out: number[] = [];
  for (const w of header) out.push(...u32Bytes(w));
  for (let i = 0; i < (parts.gap ?? 0); i++) out.push(0);
  out.push(...rsv, ...st, ...strs);
  return Uint8Array.from(out);
}

/** Offset of a property name in `strings` as `assemble` lays them out. */
export function nameOff(strings: string[], name: string): number {
  let o = 0;
  for (const s of strings) {
    if (s === name) return o;
    o += s.length + 1;
  }
  throw new Error(`no ${name}`);
}
