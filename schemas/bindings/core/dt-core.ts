import { z } from 'zod';
import { defineBinding } from '../../define.js';
import { t } from '../../types/dt.js';
import { STATUS_PATTERN } from '../../types/status.js';

/**
 * The properties every node may carry (dt-schema's `dt-core.yaml` and the implicit ones), typed so a
 * malformed `status` or `phandle` is caught wherever it appears.
 */
export default defineBinding({
  id: 'core/dt-core',
  summary: 'properties valid on any node: status, phandle, compatible, cell counts, pinctrl',
  compatible: [],
  select: () => true,
  properties: z.object({
    status: t
      .string(
        z.string().regex(STATUS_PATTERN, { message: 'status must be okay, disabled, reserved or fail[-…]' }),
      )
      .optional(),
    phandle: t.u32(z.number().min(1).max(0xfffffffe)).optional(),
    compatible: t.stringList().optional(),
    '#address-cells': t.u32().optional(),
    '#size-cells': t.u32().optional(),
    'pinctrl-names': t.stringList().optional(),
  }),
  patternProperties: [{ pattern: /^pinctrl-[0-9]+$/, schema: t.phandleArray(null) }],
  examples: [
    { title: 'status okay', valid: true, dts: '/dts-v1/;\n/ {\n  dev {\n    status = "okay";\n  };\n};\n' },
    {
      title: 'status misspelled',
      valid: false,
      dts: '/dts-v1/;\n/ {\n  dev {\n    status = "enabled";\n  };\n};\n',
      expect: [{ code: 'schema/core/dt-core/invalid-value', at: '"enabled"' }],
    },
  ],
});
