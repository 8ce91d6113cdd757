import { translateAddress } from '../view/reg.js';
import { defineRule } from './define.js';
import { board } from './support/examples.js';
import { hex, liveWith } from './support/nodes.js';

export default defineRule({
  id: 'wiring/shmem-container',
  severity: 'error',
  summary: 'an SCMI shared-memory area lies wholly inside its SRAM (its ranges window and its reg)',
  rationale: `Shared memory under an 'mmio-sram' is described relative to the SRAM: its 'reg' goes through
the SRAM's 'ranges' to a CPU address. Linux only translates the start address, so an area that starts
inside the window but runs past it (or past the SRAM's own 'reg') is mapped anyway: the tail is
whatever lies beyond the SRAM, often nothing (bus errors on the payload) or another device's registers.
The SRAM driver would also carve its pool from 'reg', so a section outside it is not reserved from
other SRAM users. Areas in /reserved-memory or on a bus are checked for the same contiguity through
'ranges'.`,
  examples: {
    valid: [
      {
        title: 'a section inside a 4 KiB SRAM',
        dts: board(`
  sram@50000000 {
    compatible = "mmio-sram";
    reg = <0x50000000 0x1000>;
    #address-cells = <1>;
    #size-cells = <1>;
    ranges = <0 0x50000000 0x1000>;
    scmi-sram-section@f80 {
      compatible = "arm,scmi-shmem";
      reg = <0xf80 0x80>;
    };
  };`),
      },
    ],
    invalid: [
      {
        title: 'a section running past the end of the SRAM',
        dts: board(`
  sram@50000000 {
    compatible = "mmio-sram";
    reg = <0x50000000 0x1000>;
    #address-cells = <1>;
    #size-cells = <1>;
    ranges = <0 0x50000000 0x2000>;
    scmi-sram-section@fc0 {
      compatible = "arm,scmi-shmem";
      reg = <0xfc0 0x80>;
    };
  };`),
        expect: ['reg = <[0xfc0 0x80]>'],
      },
      {
        title: "a section past the SRAM's ranges window",
        dts: board(`
  sram@50000000 {
    compatible = "mmio-sram";
    reg = <0x50000000 0x1000>;
    #address-cells = <1>;
    #size-cells = <1>;
    ranges = <0 0x50000000 0x800>;
    scmi-sram-section@780 {
      compatible = "arm,scmi-shmem";
      reg = <0x780 0x100>;
    };
  };`),
        expect: ['reg = <[0x780 0x100]>'],
      },
    ],
  },
  check(view, report) {
    for (const shm of liveWith(view, 'arm,scmi-shmem')) {
      const [region] = shm.reg;
      if (!region || region.size === undefined || region.size === 0n || region.cpuAddress === undefined)
        continue;
      const parent = shm.parent;
      const last = translateAddress(shm.node, region.address + region.size - 1n);
      if (last !== region.cpuAddress + region.size - 1n) {
        report({
          message: `the area ${hex(region.address)}+${hex(region.size)} does not fit in one 'ranges' window of ${parent?.path ?? '/'}: its end is not mapped contiguously`,
          hint: 'shrink or move the area, or widen the parent bus ranges',
          at: { ref: region.source },
          ...(parent?.node.prop('ranges')
            ? { related: [{ at: { node: parent.node, property: 'ranges' }, message: 'the address window' }] }
            : {}),
        });
        continue;
      }
      if (!parent || !parent.compatible.includes('mmio-sram')) continue;
      const sram = parent.reg.filter((r) => r.cpuAddress !== undefined && r.size !== undefined);
      if (sram.length === 0) continue;
      const start = region.cpuAddress;
      const end = start + region.size;
      if (sram.some((r) => start >= r.cpuAddress! && end <= r.cpuAddress! + r.size!)) continue;
      report({
        message: `the area ${hex(start)}-${hex(end - 1n)} is not inside the SRAM ${parent.path} (${sram.map((r) => `${hex(r.cpuAddress!)}-${hex(r.cpuAddress! + r.size! - 1n)}`).join(', ')})`,
        hint: "keep SRAM sections within the SRAM's reg",
        at: { ref: region.source },
        related: [{ at: { node: parent.node, property: 'reg' }, message: 'the SRAM' }],
      });
    }
  },
});
