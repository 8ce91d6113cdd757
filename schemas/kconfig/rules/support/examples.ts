/** Builds example boards for the rules' examples: a root with 2-cell addresses and a GIC. */
export function board(body: string): string {
  return `/dts-v1/;
/ {
	#address-cells = <2>;
	#size-cells = <2>;
	interrupt-parent = <&gic>;

	gic: interrupt-controller@2c001000 {
		compatible = "arm,gic-400";
		#interrupt-cells = <3>;
		interrupt-controller;
		reg = <0 0x2c001000 0 0x1000>, <0 0x2c002000 0 0x2000>;
	};
${body}
};
`;
}

/**
 * The SRAM carve-out the examples' SCMI channels use as shared memory (label `scmi_shm`), at the
 * root's 2-cell addressing.
 */
export const SCMI_SHMEM_SRAM = `
	sram@2f000000 {
		compatible = "mmio-sram";
		reg = <0 0x2f000000 0 0x1000>;
		#address-cells = <1>;
		#size-cells = <1>;
		ranges = <0 0 0x2f000000 0x1000>;
		scmi_shm: scmi-sram@0 {
			compatible = "arm,scmi-shmem";
			reg = <0 0x80>;
		};
	};`;

/** An SCMI agent node under /firmware: `transport` lines, a `shmem` to `scmi_shm`, the usual cells. */
export function scmiNode(...transport: string[]): string {
  const lines = [...transport, 'shmem = <&scmi_shm>;', '#address-cells = <1>;', '#size-cells = <0>;'];
  return `\n\t\tscmi {\n${lines.map((l) => `\t\t\t${l}\n`).join('')}\t\t};`;
}

/** An SCMI-over-OP-TEE board: OP-TEE node, SCMI node, shared memory. */
export const SCMI_OPTEE_BOARD = board(`
	firmware {
		optee {
			compatible = "linaro,optee-tz";
			method = "smc";
		};${scmiNode('compatible = "linaro,scmi-optee";', 'linaro,optee-channel-id = <0>;')}
	};${SCMI_SHMEM_SRAM}`);

export const cfg = (...lines: string[]): string => `${lines.join('\n')}\n`;
