/**
 * Kernel versions the checker knows. A version is `v<major>.<minor>`; stable releases (v6.1.192) are
 * reduced to their mainline release because every fact in the map was bracketed by mainline releases.
 */

/** Versions with a built-in Kconfig model (`--kernel` without `--kconfig-tree`). */
export const SUPPORTED_KERNELS = ['v5.16', 'v5.19', 'v6.1', 'v6.11', 'v6.12'] as const;
export type SupportedKernel = (typeof SUPPORTED_KERNELS)[number];

/** Any mainline release, e.g. `v5.18` (used for the "introduced in" facts). */
export type KernelVersion = `v${number}.${number}`;

export function isSupportedKernel(v: string): v is SupportedKernel {
  return (SUPPORTED_KERNELS as readonly string[]).includes(v);
}

/** `v6.1`, `6.1`, `v6.1.192`, `6.12.117-debian` → `v6.1` / `v6.12`; undefined if not a version. */
export function parseKernelVersion(text: string): KernelVersion | undefined {
  const m = /^v?(\d+)\.(\d+)(?:[.-].*)?$/.exec(text.trim());
  return m ? `v${Number(m[1])}.${Number(m[2])}` : undefined;
}

/** Negative when a < b, 0 when equal, positive when a > b. */
export function compareKernels(a: KernelVersion, b: KernelVersion): number {
  const [am, an] = a.slice(1).split('.').map(Number) as [number, number];
  const [bm, bn] = b.slice(1).split('.').map(Number) as [number, number];
  return am !== bm ? am - bm : an - bn;
}

/** a ≥ b. */
export function atLeast(a: KernelVersion, b: KernelVersion): boolean {
  return compareKernels(a, b) >= 0;
}

/** Version of a kernel source tree from its top Makefile (`VERSION = 6` / `PATCHLEVEL = 12`). */
export function versionFromMakefile(text: string): KernelVersion | undefined {
  const major = /^VERSION\s*=\s*(\d+)/m.exec(text)?.[1];
  const minor = /^PATCHLEVEL\s*=\s*(\d+)/m.exec(text)?.[1];
  return major && minor ? `v${Number(major)}.${Number(minor)}` : undefined;
}
