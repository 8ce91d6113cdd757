import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { lint } from './rules/support.js';

/**
 * Shapes from the upstream binding examples (test/conformance/binding-examples.ts) that once gave
 * false findings. dt-schema compiles every example as an overlay (`/plugin/`) inside an `example-N`
 * node without `ranges`, with a compatible-less fake interrupt controller as interrupt parent.
 */

const errors = (ds: Diagnostic[]) => ds.filter((d) => d.severity === 'error' || d.severity === 'warning');
const codes = (ds: Diagnostic[]) => errors(ds).map((d) => `${d.code} ${d.nodePath ?? ''}`);

/** An example as dt-schema wraps it: `/plugin/`, `example-0`, optionally the fake interrupt controller. */
function example(body: string, options: { plugin?: boolean; intc?: boolean } = {}): string {
  const intc =
    options.intc === false
      ? ''
      : `
    interrupt-parent = <&fake_intc0>;
    fake_intc0: fake-interrupt-controller {
      interrupt-controller;
      #interrupt-cells = <3>;
    };`;
  return `/dts-v1/;
${options.plugin === false ? '' : '/plugin/;'}
/ {
  compatible = "foo";
  model = "foo";
  #address-cells = <1>;
  #size-cells = <1>;
  example-0 {
    #address-cells = <1>;
    #size-cells = <1>;
${intc}
${body}
  };
};
`;
}

describe('binding examples compiled as overlays', () => {
  it('does not lint the generated __fixups__ / __local_fixups__ nodes (arm,gic.yaml, fsl,mu.yaml)', () => {
    const dts = example(`
    mailbox@1000 {
      compatible = "fsl,imx8qm-mu";
      reg = <0x1000 0x1000>;
      interrupts = <0 1 4>;
      #mbox-cells = <2>;
    };`);
    expect(codes(lint(dts)).filter((c) => c.includes('fixups'))).toEqual([]);
  });

  it('takes a reference outside the overlay as a fix-up, not a missing provider (arm,mhu.yaml)', () => {
    const dts = example(`
    mhu: mailbox@2b1f0000 {
      compatible = "arm,mhu", "arm,primecell";
      reg = <0x2b1f0000 0x1000>;
      interrupts = <0 36 4>, <0 35 4>;
      #mbox-cells = <1>;
      clocks = <&clock 0>;
      clock-names = "apb_pclk";
    };
    consumer {
      mboxes = <&ext_mbox 0 1>, <&mhu 1>;
      shmem = <&ext_shmem>;
    };`);
    expect(codes(lint(dts))).toEqual([]);
  });

  it('splits an external reference at the next reference, as dt-schema (mboxes of arm,scmi.yaml)', () => {
    const dts = example(`
    mhu: mailbox@2b1f0000 {
      compatible = "arm,mhu", "arm,primecell";
      reg = <0x2b1f0000 0x1000>;
      interrupts = <0 36 4>, <0 35 4>;
      #mbox-cells = <1>;
    };
    consumer {
      mboxes = <&ext_mbox 0 1 2>, <&mhu 1>, <&mhu 2 3>;
    };`);
    // The external entry takes the three cells before '&mhu'; the last local entry has one too many.
    expect(codes(lint(dts)).filter((c) => c.startsWith('wiring/'))).toEqual([
      'wiring/provider-cells /example-0/consumer',
    ]);
    const span = lint(dts).find((d) => d.code === 'wiring/provider-cells')?.span;
    const line = dts.split('\n').find((l) => l.includes('<&ext_mbox'))!;
    expect(span!.col).toBeGreaterThan(line.indexOf('<&mhu 2 3>'));
  });

  it('still reports a raw phandle to nothing in an overlay', () => {
    const dts = example(`
    consumer {
      clocks = <0x7777 1>;
    };`);
    expect(codes(lint(dts))).toEqual(['wiring/missing-provider /example-0/consumer']);
  });

  it('does not demand a PSCI node of an SCMI-over-SMC overlay (arm,scmi.yaml example 1)', () => {
    const body = (shmem: string) => `
    ${shmem}
    firmware {
      scmi {
        compatible = "arm,scmi-smc";
        shmem = <&cpu_scp_lpri0>;
        arm,smc-id = <0xc3000001>;
        #address-cells = <1>;
        #size-cells = <0>;
      };
    };`;
    expect(codes(lint(example(body(''), { intc: false })))).toEqual([]);
    // A whole board still needs it.
    const local = `
    sram@50000000 {
      compatible = "mmio-sram";
      reg = <0x50000000 0x1000>;
      ranges = <0 0x50000000 0x1000>;
      #address-cells = <1>;
      #size-cells = <1>;
      cpu_scp_lpri0: scmi-sram-section@0 {
        compatible = "arm,scmi-shmem";
        reg = <0x0 0x80>;
      };
    };`;
    expect(
      codes(lint(example(body(local), { plugin: false, intc: false }))).filter((c) =>
        c.startsWith('wiring/'),
      ),
    ).toEqual(['wiring/scmi-smc-conduit /example-0/firmware/scmi']);
  });

  it('does not demand an OP-TEE node of an SCMI-over-OP-TEE overlay (arm,scmi.yaml example 2)', () => {
    const body = `
    firmware {
      scmi {
        compatible = "linaro,scmi-optee";
        linaro,optee-channel-id = <0>;
        #address-cells = <1>;
        #size-cells = <0>;
      };
    };`;
    expect(codes(lint(example(body, { intc: false })))).toEqual([]);
    expect(codes(lint(example(body, { plugin: false, intc: false })))).toEqual([
      'wiring/scmi-optee-provider /example-0/firmware/scmi',
    ]);
  });

  it('leaves the CPU address of overlay shared memory unjudged (fsl,mu.yaml example 1)', () => {
    const body = `
    sram@445b1000 {
      compatible = "mmio-sram";
      reg = <0x445b1000 0x400>;
      ranges = <0x0 0x445b1000 0x400>;
      #address-cells = <1>;
      #size-cells = <1>;
      scmi-sram-section@0 {
        compatible = "arm,scmi-shmem";
        reg = <0x0 0x80>;
      };
    };`;
    expect(codes(lint(example(body, { intc: false })))).toEqual([]);
    // In a whole board, `example-0` has no 'ranges': the area is not memory-mapped.
    expect(codes(lint(example(body, { plugin: false, intc: false })))).toEqual([
      'schema/sram/arm,scmi-shmem/memory-mapped /example-0/sram@445b1000/scmi-sram-section@0',
    ]);
  });

  it('does not call an overlay\'s compatible-less interrupt controller "not a GIC" (linaro,optee-tz.yaml)', () => {
    const dts = example(`
    firmware {
      optee {
        compatible = "linaro,optee-tz";
        method = "smc";
        interrupts = <0 187 1>;
      };
    };`);
    expect(codes(lint(dts)).filter((c) => c.startsWith('wiring/optee-notif-interrupt'))).toEqual([]);
    // In a whole board it stays a finding: nothing shows the controller is a GIC.
    expect(
      codes(lint(dts.replace('/plugin/;', ''))).filter((c) => c.startsWith('wiring/optee-notif-interrupt')),
    ).toEqual(['wiring/optee-notif-interrupt /example-0/firmware/optee']);
  });
});
