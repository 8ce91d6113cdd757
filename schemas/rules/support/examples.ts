/**
 * Snippets shared by wiring-rule examples (whole documents, so they run through the real pipeline):
 * a root with 1/1 address cells, a GIC-400 as interrupt parent, and PSCI over SMC.
 */
export function board(body: string, options: { psci?: string | false } = {}): string {
  const psci =
    options.psci === false
      ? ''
      : `
  psci {
    compatible = "arm,psci-1.0", "arm,psci-0.2";
    method = "${options.psci ?? 'smc'}";
  };`;
  return `/dts-v1/;
/ {
  #address-cells = <1>;
  #size-cells = <1>;
  interrupt-parent = <&gic>;

  gic: interrupt-controller@2c001000 {
    compatible = "arm,gic-400";
    #interrupt-cells = <3>;
    interrupt-controller;
    reg = <0x2c001000 0x1000>, <0x2c002000 0x2000>;
  };
${psci}
${body}
};
`;
}

/** An mmio-sram at 0x50000000 holding SCMI shared-memory sections (label: offset, size). */
export function sram(sections: readonly (readonly [string, number, number])[]): string {
  const children = sections
    .map(
      ([label, offset, size]) => `
    ${label}: scmi-sram-section@${offset.toString(16)} {
      compatible = "arm,scmi-shmem";
      reg = <0x${offset.toString(16)} 0x${size.toString(16)}>;
    };`,
    )
    .join('');
  return `
  sram@50000000 {
    compatible = "mmio-sram";
    reg = <0x50000000 0x1000>;
    #address-cells = <1>;
    #size-cells = <1>;
    ranges = <0 0x50000000 0x1000>;${children}
  };`;
}
