import { z } from 'zod';
import { defineBinding, type NodeSchema } from '../../define.js';
import { t } from '../../types/dt.js';
import { compatibleLists, INTERRUPT_CONTROLLER_NAME } from './common.js';

/**
 * GICv3 (`interrupt-controller/arm,gic-v3.yaml`): GICD + one region per redistributor range
 * (+ optional GICC/GICH/GICV), 3 or 4 specifier cells (the 4th names a `ppi-partitions` child for
 * partitioned PPIs), ITS children named `msi-controller@…`.
 */
const its: NodeSchema = {
  properties: z.strictObject({
    compatible: t.stringList(z.tuple([z.literal('arm,gic-v3-its')])),
    'dma-noncoherent': t.flag().optional(),
    'msi-controller': t.flag(),
    '#msi-cells': t.u32(z.literal(1)),
    reg: t.reg().max(1),
    'socionext,synquacer-pre-its': t.cells().length(2).optional(),
  }),
};

const partitions: NodeSchema = {
  properties: z.strictObject({}),
  children: [
    {
      name: /^interrupt-partition-[0-9]+$/,
      schema: { properties: z.strictObject({ affinity: t.phandleArray(null).min(1) }) },
    },
  ],
};

export default defineBinding({
  id: 'interrupt-controller/arm,gic-v3',
  summary: 'Arm GICv3/v4: distributor, redistributor regions, 3/4-cell specifiers, PPI partitions, ITS',
  compatible: ['arm,gic-v3'],
  nodeName: INTERRUPT_CONTROLLER_NAME,
  properties: z.strictObject({
    compatible: compatibleLists(['arm,gic-v3'], ['qcom,msm8996-gic-v3', 'arm,gic-v3']),
    'interrupt-controller': t.flag().optional(),
    '#address-cells': t.u32().max(2).optional(),
    '#size-cells': t.u32().min(1).max(2).optional(),
    ranges: t.any().optional(),
    '#interrupt-cells': t.u32(z.union([z.literal(3), z.literal(4)])).optional(),
    reg: t.reg().min(2).max(4096),
    interrupts: t.interrupts().max(1).optional(),
    'redistributor-stride': t.u64(z.bigint().positive().multipleOf(0x10000n)).optional(),
    '#redistributor-regions': t.u32().max(4096).optional(),
    'dma-noncoherent': t.flag().optional(),
    'msi-controller': t.flag().optional(),
    'mbi-ranges': t.matrix(2).min(1).optional(),
    'mbi-alias': t.any().optional(),
    clocks: t.phandleArray('#clock-cells').max(1).optional(),
    'clock-names': t.stringList(z.tuple([z.literal('aclk')])).optional(),
    'power-domains': t.phandleArray('#power-domain-cells').max(1).optional(),
    resets: t.phandleArray('#reset-cells').max(1).optional(),
    'mediatek,broken-save-restore-fw': t.flag().optional(),
  }),
  children: [
    { name: 'ppi-partitions', schema: partitions },
    { name: /^msi-controller@[0-9a-f]+$/, schema: its },
  ],
  rules: [
    {
      id: 'mbi',
      severity: 'error',
      summary: "'msi-controller' and 'mbi-ranges' come together",
      check({ node, report }) {
        const msi = node.prop('msi-controller') !== undefined;
        const mbi = node.prop('mbi-ranges') !== undefined;
        if (msi && !mbi)
          report({ property: 'msi-controller', message: "'msi-controller' on the GIC needs 'mbi-ranges'" });
        if (mbi && !msi) report({ property: 'mbi-ranges', message: "'mbi-ranges' needs 'msi-controller'" });
      },
    },
    {
      id: 'redistributor-regions',
      severity: 'error',
      summary: "'#redistributor-regions' fits the reg list (GICD + that many GICR regions)",
      check({ view, report }) {
        const n = view.u32('#redistributor-regions');
        if (n !== undefined && view.reg.length < 1 + n)
          report({
            property: '#redistributor-regions',
            message: `${n} redistributor regions need at least ${1 + n} reg entries, there are ${view.reg.length}`,
          });
      },
    },
  ],
  examples: [
    {
      title: 'GICv3 with PPI partitions and an ITS',
      valid: true,
      dts: `/dts-v1/;
/ {
  #address-cells = <1>;
  #size-cells = <1>;
  cpus {
    #address-cells = <1>;
    #size-cells = <0>;
    cpu0: cpu@0 {
      reg = <0>;
    };
    cpu1: cpu@1 {
      reg = <1>;
    };
  };
  gic: interrupt-controller@2f000000 {
    compatible = "arm,gic-v3";
    #interrupt-cells = <4>;
    #address-cells = <1>;
    #size-cells = <1>;
    ranges;
    interrupt-controller;
    interrupt-parent = <&gic>;
    reg = <0x2f000000 0x10000>, <0x2f100000 0x200000>;
    interrupts = <1 9 4 0>;
    msi-controller@2f020000 {
      compatible = "arm,gic-v3-its";
      msi-controller;
      #msi-cells = <1>;
      reg = <0x2f020000 0x20000>;
    };
    ppi-partitions {
      part0: interrupt-partition-0 {
        affinity = <&cpu0>;
      };
      part1: interrupt-partition-1 {
        affinity = <&cpu1>;
      };
    };
  };
  pmu {
    interrupt-parent = <&gic>;
    interrupts = <1 7 4 &part0>, <2 5 4 0>;
  };
};
`,
    },
    {
      title: 'five cells, ITS under a rejected name, partition on an SPI',
      valid: false,
      dts: `/dts-v1/;
/ {
  #address-cells = <1>;
  #size-cells = <1>;
  gic: interrupt-controller@2f000000 {
    compatible = "arm,gic-v3";
    #interrupt-cells = <4>;
    #address-cells = <1>;
    #size-cells = <1>;
    interrupt-controller;
    reg = <0x2f000000 0x10000>, <0x2f100000 0x200000>;
    gic-its@2f020000 {
      compatible = "arm,gic-v3-its";
      msi-controller;
      #msi-cells = <1>;
      reg = <0x2f020000 0x20000>;
    };
    ppi-partitions {
      part0: interrupt-partition-0 {
        affinity = <&gic>;
      };
    };
  };
  dev {
    interrupt-parent = <&gic>;
    interrupts = <0 33 4 &part0>, <4 1 4 0>;
  };
};
`,
      expect: [
        { code: 'schema/interrupt-controller/arm,gic-v3/unknown-node', at: 'gic-its@2f020000' },
        { code: 'schema/core/interrupts/gic-partition', at: '<0 33 4 [&part0]>' },
        { code: 'schema/core/interrupts/gic-type', at: '<[4] 1 4 0>' },
      ],
    },
  ],
});
