import { z } from 'zod';
import { defineBinding } from '../../define.js';
import { t } from '../../types/dt.js';
import { isSmcMbox2017, notUpstream } from './smc-mbox-common.js';

/**
 * The 2019 proposal (`mailbox/arm-smc.yaml`, v11, December 2019): the conduit moved into the
 * compatible (`arm,smc-mbox` / `arm,hvc-mbox`), one channel per node (`#mbox-cells = <0>`), one SMCCC
 * function id in `arm,func-id`.
 */
export default defineBinding({
  id: 'mailbox/arm,smc-mbox-2019',
  summary: 'SMC/HVC mailbox, 2019 proposal v11 (never merged): arm,smc-mbox|arm,hvc-mbox, arm,func-id',
  compatible: ['arm,smc-mbox', 'arm,hvc-mbox'],
  select: (node) => {
    const compatible = node.prop('compatible')?.value.strings() ?? [];
    if (compatible.includes('arm,hvc-mbox')) return true;
    return compatible.includes('arm,smc-mbox') && !isSmcMbox2017(node);
  },
  properties: z.strictObject({
    compatible: t.stringList(z.tuple([z.enum(['arm,smc-mbox', 'arm,hvc-mbox'])])),
    '#mbox-cells': t.u32(z.literal(0)),
    'arm,func-id': t.u32(),
  }),
  rules: [notUpstream('arm,func-id')],
  examples: [
    {
      title: 'an SMC mailbox driving an SCMI channel',
      valid: true,
      dts: `/dts-v1/;
/ {
  #address-cells = <1>;
  #size-cells = <1>;
  sram@93f000 {
    compatible = "mmio-sram";
    reg = <0x93f000 0x1000>;
    #address-cells = <1>;
    #size-cells = <1>;
    ranges = <0x0 0x93f000 0x1000>;
    lpri: scp-sram-section@0 {
      compatible = "arm,scmi-shmem";
      reg = <0x0 0x200>;
    };
  };
  smc_tx: tx_mbox {
    compatible = "arm,smc-mbox";
    #mbox-cells = <0>;
    arm,func-id = <0xc20000fe>;
  };
  firmware {
    scmi {
      compatible = "arm,scmi";
      mboxes = <&smc_tx>;
      mbox-names = "tx";
      shmem = <&lpri>;
    };
  };
};
`,
    },
    {
      title: 'HVC mailbox with a channel cell and no function id',
      valid: false,
      dts: '/dts-v1/;\n/ {\n  mailbox {\n    compatible = "arm,hvc-mbox";\n    #mbox-cells = <1>;\n  };\n};\n',
      expect: [
        'schema/mailbox/arm,smc-mbox-2019/required',
        { code: 'schema/mailbox/arm,smc-mbox-2019/invalid-value', at: '<[1]>' },
      ],
    },
  ],
});
