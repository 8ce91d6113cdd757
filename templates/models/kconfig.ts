/** `kconfig.fragment`: the Kconfig checker's minimal fragment, with a header naming the board. */
import { z } from 'zod';
import type { Built } from './common.js';

export const kconfigModelSchema = z.strictObject({
  title: z.string(),
  kernel: z.string().regex(/^[A-Za-z0-9.+_-]+$/),
  lines: z.array(z.string()),
});
export type KconfigModel = z.infer<typeof kconfigModelSchema>;

export function buildKconfigModel(
  title: string,
  kernel: string,
  fragment: readonly string[],
): Built<KconfigModel> {
  return { model: kconfigModelSchema.parse({ title, kernel, lines: [...fragment] }), diagnostics: [] };
}
