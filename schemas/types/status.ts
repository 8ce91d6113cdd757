import type { Node } from '../../compiler/tree/tree.js';

/** dt-core's `status` values; `fail-sss` is any `fail-` suffix. */
export type Status = 'okay' | 'disabled' | 'reserved' | 'fail' | `fail-${string}`;

export const STATUS_PATTERN = /^(okay|ok|disabled|reserved|fail(-.+)?)$/;

/**
 * The node's status: absent means "okay", and the legacy spelling "ok" is read as "okay" (Linux's
 * `of_device_is_available` accepts both). An unreadable value is treated as "okay" too, since that is
 * what a consumer that finds no recognised value does; the validator reports the bad value.
 */
export function nodeStatus(node: Node): Status {
  const prop = node.prop('status');
  if (!prop) return 'okay';
  const s = prop.value.firstString();
  if (s === 'ok' || s === 'okay') return 'okay';
  if (STATUS_PATTERN.test(s)) return s as Status;
  return 'okay';
}

/** True when the node is available to the OS: status okay (explicit or implied). */
export function isEnabled(node: Node): boolean {
  return nodeStatus(node) === 'okay';
}

/** The node's compatible strings, most specific first; empty when absent. */
export function compatibleOf(node: Node): string[] {
  const prop = node.prop('compatible');
  return prop ? prop.value.strings() : [];
}
