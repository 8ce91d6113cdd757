import type { DeviceTree, Node } from '../tree/tree.js';
import { formatPropertyValue } from './value-printer.js';

/**
 * The DTS text `dtc -O dts` (1.8.1, `treesource.c` `dt_to_source`) prints for a tree: header,
 * `/memreserve/` lines, then the live tree with tab indentation, labels before names, properties
 * before subnodes, and an empty line before each subnode. Values are printed from their markers by
 * `formatPropertyValue`. `boot_cpuid_phys` is not printed, as in dtc.
 *
 * `dtcQuirks` reproduces two dtc printing bugs that the default output avoids so that the text
 * compiles back to the same blob (see `formatPropertyValue`).
 */
export interface PrintDtsOptions {
  dtcQuirks?: boolean;
}

export function printDts(tree: DeviceTree, options: PrintDtsOptions = {}): string {
  const quirks = options.dtcQuirks ?? false;
  const out: string[] = ['/dts-v1/;\n'];
  if (tree.plugin) out.push('/plugin/;\n');
  out.push('\n');
  for (const entry of tree.memreserves) {
    for (const label of entry.labels) out.push(`${label}: `);
    out.push(`/memreserve/\t0x${hex16(entry.address)} 0x${hex16(entry.size)};\n`);
  }
  printNode(tree.root, 0, out, quirks);
  return out.join('');
}

function hex16(value: bigint): string {
  return BigInt.asUintN(64, value).toString(16).padStart(16, '0');
}

function printNode(node: Node, level: number, out: string[], quirks: boolean): void {
  const indent = '\t'.repeat(level);
  let line = indent;
  for (const label of node.labels) if (!label.deleted) line += `${label.name}: `;
  line += node.name === '' ? '/ {\n' : `${node.name} {\n`;
  out.push(line);
  for (const prop of node.props) {
    if (prop.deleted) continue;
    let text = `${indent}\t`;
    for (const label of prop.labels) if (!label.deleted) text += `${label.name}: `;
    out.push(`${text}${prop.name}${formatPropertyValue(prop.value, quirks)}\n`);
  }
  for (const child of node.children) {
    if (child.deleted) continue;
    out.push('\n');
    printNode(child, level + 1, out, quirks);
  }
  out.push(`${indent}};\n`);
}
