import { z } from 'zod';
import { t } from '../../types/dt.js';

/** dt-schema's `interrupt-controller.yaml` node name, which both GIC bindings include. */
export const INTERRUPT_CONTROLLER_NAME = /^interrupt-controller(@[0-9a-f,]+)*$/;

/** Union of exact compatible lists (dt-schema's `oneOf: [items: […]]`). */
export function compatibleLists(...lists: readonly (readonly string[])[]) {
  const tuples = lists.map((l) => z.tuple(l.map((s) => z.literal(s)) as [z.ZodLiteral<string>]));
  return t.stringList(
    z.array(z.string()).refine((v) => tuples.some((tu) => tu.safeParse(v).success), {
      message: `compatible must be one of: ${lists.map((l) => `"${l.join('", "')}"`).join(' | ')}`,
    }),
  );
}

/** A compatible list that is exactly one of these strings. */
export function oneCompatible(...names: readonly string[]) {
  return compatibleLists(...names.map((n) => [n]));
}
