/**
 * Snippets shared by binding examples: a root with 1/1 address cells and a GIC the examples' interrupts
 * go to. Examples are whole DTS documents so they run through the same pipeline as a board.
 */
export const GIC400 = `
  gic: interrupt-controller@2c001000 {
    compatible = "arm,gic-400";
    #interrupt-cells = <3>;
    interrupt-controller;
    reg = <0x2c001000 0x1000>, <0x2c002000 0x2000>;
  };`;

/** A document with `#address-cells = <1>; #size-cells = <1>;`, the GIC as interrupt parent, and `body`. */
export function board(body: string): string {
  return `/dts-v1/;
/ {
  #address-cells = <1>;
  #size-cells = <1>;
  interrupt-parent = <&gic>;
${GIC400}
${body}
};
`;
}
