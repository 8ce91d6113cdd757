import { z } from 'zod';
import { defineBinding } from '../../define.js';
import { t } from '../../types/dt.js';
import { compatibleOf } from '../../types/status.js';
import { board } from '../examples.js';

/**
 * SCMI shared memory (`arm,scmi-shmem`). Upstream has no schema of its own: it is one compatible of
 * the `mmio-sram` child schema in `sram/sram.yaml`. Boards also place it under `/reserved-memory` or
 * straight on a bus; all three are accepted, and in every case the area must be reachable from the
 * CPU (its `reg` translates through `ranges`) and large enough for the SMT channel header.
 */
const SRAM_CHILD_NAME = /^([a-z0-9]+-)*sram(-section)?@[a-f0-9]+$/;
/** SMT channel header (reserved, status, reserved, flags, length, message header) before the payload. */
const SMT_HEADER_BYTES = 0x1c;

export default defineBinding({
  id: 'sram/arm,scmi-shmem',
  summary: 'SCMI shared-memory channel area: in an mmio-sram, in /reserved-memory, or on a bus',
  compatible: ['arm,scmi-shmem'],
  properties: z.strictObject({
    compatible: t.stringList(z.array(z.string()).refine((c) => c.includes('arm,scmi-shmem'))),
    reg: t.reg().max(1),
    'reg-io-width': t.u32(z.union([z.literal(1), z.literal(2), z.literal(4), z.literal(8)])).optional(),
    pool: t.flag().optional(),
    export: t.flag().optional(),
    'protect-exec': t.flag().optional(),
    label: t.string().optional(),
    // reserved-memory.yaml, for areas under /reserved-memory.
    'no-map': t.flag().optional(),
  }),
  rules: [
    {
      id: 'placement',
      severity: 'error',
      summary: 'inside an mmio-sram (with its section naming), under /reserved-memory, or on a bus',
      check({ node, report }) {
        const parent = node.parent;
        if (!parent) return;
        if (compatibleOf(parent).includes('mmio-sram')) {
          if (!SRAM_CHILD_NAME.test(node.name))
            report({
              rule: 'node-name',
              message: `an SRAM section must be named like 'scmi-sram-section@<offset>', not '${node.name}'`,
            });
          return;
        }
        if (parent.path === '/reserved-memory' || parent.prop('ranges')) return;
        report({
          message: `shared memory under ${parent.path}, which is neither an mmio-sram, /reserved-memory nor a bus with 'ranges'`,
          hint: 'move the node into an mmio-sram or /reserved-memory',
        });
      },
    },
    {
      id: 'memory-mapped',
      severity: 'error',
      summary: 'the area has a CPU address and holds at least the SMT header',
      check({ view, tree, report }) {
        const [region] = view.reg;
        if (!region) return;
        // An overlay's nodes land under buses of a base tree we cannot see (dt-schema also compiles
        // binding examples as overlays, wrapped in a node without 'ranges'): translation is unknown.
        if (region.cpuAddress === undefined && !tree.tree.plugin)
          report({
            property: 'reg',
            message:
              "the shared memory does not translate to a CPU address (a bus above it has no matching 'ranges')",
            at: region.source,
          });
        if (region.size !== undefined && region.size < BigInt(SMT_HEADER_BYTES + 4))
          report({
            rule: 'too-small',
            message: `the shared memory is ${region.size} bytes; an SMT channel needs ${SMT_HEADER_BYTES} bytes of header plus the payload`,
            at: region.source,
          });
      },
    },
  ],
  examples: [
    {
      title: 'sections of an mmio-sram',
      valid: true,
      dts: board(`
  sram@50000000 {
    compatible = "mmio-sram";
    reg = <0x50000000 0x10000>;
    #address-cells = <1>;
    #size-cells = <1>;
    ranges = <0 0x50000000 0x10000>;
    scmi-sram-section@0 {
      compatible = "arm,scmi-shmem";
      reg = <0x0 0x80>;
    };
  };`),
    },
    {
      title: 'badly named section, area too small, not translatable',
      valid: false,
      dts: board(`
  sram@50000000 {
    compatible = "mmio-sram";
    reg = <0x50000000 0x10000>;
    #address-cells = <1>;
    #size-cells = <1>;
    ranges = <0 0x50000000 0x10000>;
    shmem@0 {
      compatible = "arm,scmi-shmem";
      reg = <0x0 0x10>;
    };
  };
  firmware {
    #address-cells = <1>;
    #size-cells = <1>;
    shmem@1000 {
      compatible = "arm,scmi-shmem";
      reg = <0x1000 0x100>;
    };
  };`),
      expect: [
        { code: 'schema/sram/arm,scmi-shmem/node-name', at: 'shmem@0' },
        { code: 'schema/sram/arm,scmi-shmem/too-small', at: '0x0 0x10' },
        { code: 'schema/sram/arm,scmi-shmem/placement', at: 'shmem@1000' },
        { code: 'schema/sram/arm,scmi-shmem/memory-mapped', at: '0x1000 0x100' },
      ],
    },
  ],
});
