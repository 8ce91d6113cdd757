import { describe, expect, it } from 'vitest';
import { board } from '../../../schemas/rules/support/examples.js';
import { lint } from './support.js';

/** Shapes seen on real boards that once gave false findings (docs/wiring-findings.md). */
describe('wiring rules on real-board shapes', () => {
  it('accepts a phandle passed as a specifier argument (TI K3 mailboxes)', () => {
    const dts = board(`
  cluster: mailbox@1000 {
    reg = <0x1000 0x100>;
    #mbox-cells = <1>;
    sub: mbox-r5 {
      ti,mbox-rx = <0 0 0>;
    };
  };
  r5f@2000 {
    reg = <0x2000 0x100>;
    mboxes = <&cluster &sub>;
  };`);
    expect(lint(dts).filter((d) => d.code.startsWith('wiring/'))).toEqual([]);
  });

  it('accepts explicit empty entries (Amlogic PWM clocks)', () => {
    const dts = board(`
  xtal: xtal-clk {
    #clock-cells = <0>;
  };
  clkc: clock-controller@1000 {
    reg = <0x1000 0x100>;
    #clock-cells = <1>;
  };
  pwm@2000 {
    reg = <0x2000 0x100>;
    clocks = <&xtal>, <0>, <&clkc 4>;
  };`);
    expect(lint(dts).filter((d) => d.code.startsWith('wiring/'))).toEqual([]);
  });

  it('leaves disabled non-SCMI clock sources alone (optional inputs get -ENOENT)', () => {
    const dts = board(`
  phy: phy@1000 {
    reg = <0x1000 0x100>;
    #clock-cells = <0>;
    status = "disabled";
  };
  vop@2000 {
    reg = <0x2000 0x100>;
    clocks = <&phy>;
  };`);
    expect(lint(dts).filter((d) => d.code === 'wiring/disabled-provider')).toEqual([]);
  });

  it('still finds an argument given to a #clock-cells = <0> provider (Glymur GCC)', () => {
    const dts = board(`
  phy0: phy@1000 {
    reg = <0x1000 0x100>;
    #clock-cells = <0>;
  };
  clkc: clock-controller@2000 {
    reg = <0x2000 0x100>;
    #clock-cells = <1>;
  };
  gcc@3000 {
    reg = <0x3000 0x100>;
    clocks = <&clkc 1>, <&phy0 0>, <0>;
  };`);
    const found = lint(dts).filter((d) => d.code === 'wiring/provider-cells');
    expect(found.map((d) => [d.nodePath, d.property])).toEqual([['/gcc@3000', 'clocks']]);
  });
});
