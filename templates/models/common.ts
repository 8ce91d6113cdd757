/** What every view model builder returns: a validated model, or the reasons it cannot be made. */
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import type { DeviceTree } from '../../compiler/tree/tree.js';
import { nodeSpan } from '../../schemas/types/source.js';

export type Built<M> =
  | { model: M; diagnostics: Diagnostic[] }
  | { model: undefined; diagnostics: Diagnostic[] };

/** Span of a node by path, for diagnostics about the board (undefined when the tree has no spans). */
export function spanOfPath(tree: DeviceTree, path: string): Pick<Diagnostic, 'span'> {
  const node = tree.nodeByPath(path);
  const span = node ? nodeSpan(tree, node) : undefined;
  return span ? { span } : {};
}

/** `0x40000000` → `1 GiB`-style text for comments. */
export function sizeText(bytes: bigint): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (unit < units.length - 1 && value >= 1024n && value % 1024n === 0n) {
    value /= 1024n;
    unit++;
  }
  return `${value} ${units[unit]}`;
}
