import { z } from 'zod';
import { defineBinding } from '../../define.js';
import { t } from '../../types/dt.js';
import { compatibleLists } from '../interrupt-controller/common.js';

/**
 * PSCI (`arm/psci.yaml`): the other `method = smc|hvc` firmware interface. PSCI 0.1 has no standard
 * function ids, so `cpu_on`/`cpu_off` are required when `arm,psci` is claimed.
 */
export default defineBinding({
  id: 'firmware/arm,psci',
  summary: 'PSCI firmware: conduit, version compatibles, PSCI 0.1 function ids, power-domain children',
  compatible: ['arm,psci', 'arm,psci-0.2', 'arm,psci-1.0'],
  nodeName: 'psci',
  properties: z.strictObject({
    compatible: compatibleLists(
      ['arm,psci'],
      ['arm,psci-0.2'],
      ['arm,psci-0.2', 'arm,psci'],
      ['arm,psci-1.0'],
      ['arm,psci-1.0', 'arm,psci-0.2'],
      ['arm,psci-1.0', 'arm,psci-0.2', 'arm,psci'],
    ),
    method: t.string(z.enum(['smc', 'hvc'])),
    cpu_suspend: t.u32().optional(),
    cpu_off: t.u32().optional(),
    cpu_on: t.u32().optional(),
    migrate: t.u32().optional(),
    'arm,psci-suspend-param': t.u32().optional(),
  }),
  children: [{ name: /^power-domain-/, schema: { properties: z.object({}), additionalChildren: true } }],
  rules: [
    {
      id: 'psci-0.1-ids',
      severity: 'error',
      summary: "a PSCI 0.1 ('arm,psci') node gives the CPU_ON and CPU_OFF function ids",
      check({ node, view, report }) {
        if (!view.compatible.includes('arm,psci')) return;
        for (const p of ['cpu_off', 'cpu_on'])
          if (!node.prop(p)) report({ message: `'arm,psci' (PSCI 0.1) requires '${p}'`, property: p });
      },
    },
  ],
  examples: [
    {
      title: 'PSCI 1.0 over SMC',
      valid: true,
      dts: '/dts-v1/;\n/ {\n  psci {\n    compatible = "arm,psci-1.0", "arm,psci-0.2";\n    method = "smc";\n  };\n};\n',
    },
    {
      title: 'PSCI 0.1 without function ids, reversed compatibles',
      valid: false,
      dts: '/dts-v1/;\n/ {\n  psci {\n    compatible = "arm,psci", "arm,psci-0.2";\n    method = "hvc";\n    cpu_on = <0x95c10002>;\n  };\n};\n',
      expect: [
        { code: 'schema/firmware/arm,psci/invalid-value', at: '"arm,psci", "arm,psci-0.2"' },
        'schema/firmware/arm,psci/psci-0.1-ids',
      ],
    },
  ],
});
