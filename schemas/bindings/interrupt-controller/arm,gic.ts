import { z } from 'zod';
import { defineBinding } from '../../define.js';
import { t } from '../../types/dt.js';
import { GIC_V2_COMPATIBLES } from '../../view/specifiers.js';
import { compatibleLists, INTERRUPT_CONTROLLER_NAME } from './common.js';

/**
 * GIC v1/v2 (`interrupt-controller/arm,gic.yaml`): distributor + CPU interface registers (plus GICH
 * and GICV with virtualization), three specifier cells (type, number, flags with the PPI CPU mask),
 * optional GICv2m MSI frames as `v2m@…` children. The cells are named in `view/specifiers.ts`.
 */
const SINGLE = [
  'arm,arm11mp-gic',
  'arm,cortex-a15-gic',
  'arm,cortex-a7-gic',
  'arm,cortex-a5-gic',
  'arm,cortex-a9-gic',
  'arm,eb11mp-gic',
  'arm,gic-400',
  'arm,pl390',
  'arm,tc11mp-gic',
  'qcom,msm-8660-qgic',
  'qcom,msm-qgic2',
  'nvidia,tegra210-agic',
].map((c) => [c]);

export default defineBinding({
  id: 'interrupt-controller/arm,gic',
  summary: 'Arm GIC v1/v2 (GIC-400, Cortex-A9/A7/A15 GICs): registers, 3-cell specifiers, v2m frames',
  compatible: GIC_V2_COMPATIBLES,
  nodeName: INTERRUPT_CONTROLLER_NAME,
  properties: z.strictObject({
    compatible: compatibleLists(
      ...SINGLE,
      ['arm,gic-400', 'arm,cortex-a15-gic'],
      ['arm,gic-400', 'arm,cortex-a7-gic'],
      ['arm,arm1176jzf-devchip-gic', 'arm,arm11mp-gic'],
      ['brcm,brahma-b15-gic', 'arm,cortex-a15-gic'],
      ...['186', '194', '234', '264'].map((n) => [`nvidia,tegra${n}-agic`, 'nvidia,tegra210-agic']),
    ),
    'interrupt-controller': t.flag().optional(),
    '#interrupt-cells': t.u32(z.literal(3)).optional(),
    '#address-cells': t.u32().max(2).optional(),
    '#size-cells': t.u32().min(1).max(2).optional(),
    reg: t.reg().min(2).max(4),
    ranges: t.any().optional(),
    interrupts: t.interrupts().max(1).optional(),
    'cpu-offset': t.u32().optional(),
    clocks: t.phandleArray('#clock-cells').min(1).max(2).optional(),
    'clock-names': t.stringList().optional(),
    'power-domains': t.phandleArray('#power-domain-cells').max(1).optional(),
    resets: t.phandleArray('#reset-cells').max(1).optional(),
  }),
  children: [
    {
      name: /^v2m@[0-9a-f]+$/,
      schema: {
        properties: z.strictObject({
          compatible: t.stringList(z.tuple([z.literal('arm,gic-v2m-frame')])),
          'msi-controller': t.flag(),
          reg: t.reg().max(1),
          'arm,msi-base-spi': t.u32().optional(),
          'arm,msi-num-spis': t.u32().optional(),
        }),
      },
    },
  ],
  examples: [
    {
      title: 'GIC-400 with virtualization registers and a v2m frame',
      valid: true,
      dts: `/dts-v1/;
/ {
  #address-cells = <1>;
  #size-cells = <1>;
  gic: interrupt-controller@e1101000 {
    compatible = "arm,gic-400";
    #interrupt-cells = <3>;
    #address-cells = <1>;
    #size-cells = <1>;
    interrupt-controller;
    interrupt-parent = <&gic>;
    interrupts = <1 9 0xf04>;
    ranges = <0 0xe1100000 0x100000>;
    reg = <0xe1110000 0x1000>, <0xe112f000 0x2000>, <0xe1140000 0x10000>, <0xe1160000 0x10000>;
    v2m@80000 {
      compatible = "arm,gic-v2m-frame";
      msi-controller;
      reg = <0x80000 0x1000>;
    };
  };
};
`,
    },
    {
      title: 'one register region, 2-cell specifiers, bad name and frame',
      valid: false,
      dts: `/dts-v1/;
/ {
  #address-cells = <1>;
  #size-cells = <1>;
  gic@2c001000 {
    compatible = "arm,cortex-a9-gic";
    #interrupt-cells = <2>;
    interrupt-controller;
    reg = <0x2c001000 0x1000>;
    its@1000 {
      compatible = "arm,gic-v3-its";
    };
  };
};
`,
      expect: [
        { code: 'schema/interrupt-controller/arm,gic/node-name', at: 'gic@2c001000' },
        { code: 'schema/interrupt-controller/arm,gic/invalid-value', at: '<[2]>' },
        { code: 'schema/interrupt-controller/arm,gic/too-few', at: '<0x2c001000 0x1000>' },
        { code: 'schema/interrupt-controller/arm,gic/unknown-node', at: 'its@1000' },
      ],
    },
  ],
});
