/**
 * Small typed accessors over chevrotain's CST, which keys children by token or rule name and, after
 * error recovery, may lack any of them or hold tokens inserted by the parser (with no offsets).
 */
import type { CstElement, CstNode, IToken } from 'chevrotain';

export function isToken(element: CstElement): element is IToken {
  return (element as IToken).tokenType !== undefined;
}

/** Real tokens under `key`, in source order (tokens the parser inserted to recover are left out). */
export function tokens(node: CstNode, key: string): IToken[] {
  const list = node.children[key] as IToken[] | undefined;
  if (!list) return [];
  return list.some((t) => t.isInsertedInRecovery) ? list.filter((t) => !t.isInsertedInRecovery) : list;
}

export function token(node: CstNode, key: string, index = 0): IToken | undefined {
  return tokens(node, key)[index];
}

export function nodes(node: CstNode, key: string): CstNode[] {
  return (node.children[key] as CstNode[] | undefined) ?? [];
}

export function child(node: CstNode, key: string, index = 0): CstNode | undefined {
  return nodes(node, key)[index];
}

/** Start offset of the first real token of an element, or undefined if it holds none. */
export function startOf(element: CstElement): number | undefined {
  if (isToken(element)) return element.isInsertedInRecovery ? undefined : element.startOffset;
  let best: number | undefined;
  const children = element.children;
  for (const key in children) {
    for (const e of children[key]!) {
      const s = startOf(e);
      if (s !== undefined) {
        if (best === undefined || s < best) best = s;
        break; // children under one key are in source order
      }
    }
  }
  return best;
}

/** Exclusive end offset of the last real token of an element, or undefined if it holds none. */
export function endOf(element: CstElement): number | undefined {
  if (isToken(element)) return element.isInsertedInRecovery ? undefined : tokenEnd(element);
  let best: number | undefined;
  const children = element.children;
  for (const key in children) {
    const list = children[key]!;
    for (let i = list.length - 1; i >= 0; i--) {
      const e = endOf(list[i]!);
      if (e !== undefined) {
        if (best === undefined || e > best) best = e;
        break;
      }
    }
  }
  return best;
}

export function tokenEnd(t: IToken): number {
  return (t.endOffset ?? t.startOffset + t.image.length - 1) + 1;
}

/** The elements under several keys, merged into source order (for interleaved labels and items). */
export function inSourceOrder(node: CstNode, keys: readonly string[]): CstElement[] {
  // Usual case, and the hot one: only one kind present, already in source order.
  let only: CstElement[] | undefined;
  let present = 0;
  for (const key of keys) {
    const list = node.children[key];
    if (list) {
      present++;
      only = list;
    }
  }
  if (present === 0) return [];
  if (present === 1 && only!.every((e) => !isToken(e) || !e.isInsertedInRecovery)) return only!;
  const out: { at: number; element: CstElement }[] = [];
  for (const key of keys) {
    for (const e of node.children[key] ?? []) {
      const at = startOf(e);
      if (at !== undefined) out.push({ at, element: e });
    }
  }
  if (out.length > 1) out.sort((a, b) => a.at - b.at);
  return out.map((o) => o.element);
}
