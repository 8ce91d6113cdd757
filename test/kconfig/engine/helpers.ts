import {
  type KconfigTree,
  type LoadOptions,
  loadKconfig,
  MemoryKconfigReader,
  type ResolvedConfig,
  readConfig,
  resolveConfig,
} from '../../../schemas/kconfig/engine/index.js';

/** Loads an in-memory tree: `files` maps paths to text, the entry is "Kconfig". */
export function tree(files: Record<string, string> | string, options: LoadOptions = {}): KconfigTree {
  const map = typeof files === 'string' ? { Kconfig: files } : files;
  return loadKconfig(new MemoryKconfigReader(map), 'Kconfig', options);
}

export function resolve(t: KconfigTree, config = ''): ResolvedConfig {
  return resolveConfig(t, readConfig(config, '.config'));
}

/** `CONFIG_A=y …` from {A: 'y', B: 'n'}. */
export function cfg(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([k, v]) => (v === 'n' ? `# CONFIG_${k} is not set` : `CONFIG_${k}=${v}`))
    .join('\n')
    .concat('\n');
}

export const MODULES = 'config MODULES\n\tbool "modules"\n\tmodules\n\tdefault y\n';

export function codes(t: { diagnostics: readonly { code: string }[] }): string[] {
  return t.diagnostics.map((d) => d.code);
}
