/**
 * Reference resolution: the tree fix-ups dtc performs inside its first checks, kept here so that
 * every check can stay read-only. Order is dtc's: redundant `name` properties, explicit phandles,
 * phandle references (allocating), path references, then `/omit-if-no-ref/`.
 */
import type { DeviceTree } from '../tree/tree.js';
import { dropRedundantNameProperties } from './name-property.js';
import { omitUnreferencedNodes } from './omit.js';
import { fixupPathReferences } from './paths.js';
import {
  fixupPhandleReferences,
  PhandleAllocator,
  type PhandleStyle,
  registerExplicitPhandles,
} from './phandles.js';

export interface ResolveOptions {
  phandleStyle: PhandleStyle;
  /** `-@`: labelled nodes are never omitted. */
  symbols: boolean;
}

export function resolveReferences(tree: DeviceTree, options: ResolveOptions): PhandleAllocator {
  const allocator = new PhandleAllocator(options.phandleStyle);
  dropRedundantNameProperties(tree);
  registerExplicitPhandles(tree, allocator);
  fixupPhandleReferences(tree, allocator);
  fixupPathReferences(tree);
  omitUnreferencedNodes(tree, options.symbols);
  return allocator;
}

export { guessBootCpuid } from './boot-cpu.js';
export { generateFixups } from './overlay-fixups.js';
export type { PhandleStyle } from './phandles.js';
export { PhandleAllocator } from './phandles.js';
export { generateLabelTree } from './symbols.js';
