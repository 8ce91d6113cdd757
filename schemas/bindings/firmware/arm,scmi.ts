import { z } from 'zod';
import { defineBinding } from '../../define.js';
import { phandleEntryWithArgs, t } from '../../types/dt.js';
import { hex } from '../../types/phandles.js';
import { compatibleOf } from '../../types/status.js';
import { board } from '../examples.js';
import { oneCompatible } from '../interrupt-controller/common.js';
import {
  MAILBOX_LAYOUTS,
  namePrefixes,
  PROTOCOL_CHILDREN,
  type ScmiTransport,
  transportOf,
} from './scmi-protocols.js';

/**
 * SCMI (`firmware/arm,scmi.yaml`): one node per agent, the compatible picks the transport (mailbox,
 * SMC/HVC, SMC with the shmem address as parameters, OP-TEE, virtio), each transport requires and
 * forbids its own properties, and protocol children 0x11-0x19 describe what the platform offers.
 */
const REQUIRED: Record<ScmiTransport, readonly string[]> = {
  mailbox: ['mboxes', 'shmem'],
  smc: ['arm,smc-id', 'shmem'],
  optee: ['linaro,optee-channel-id'],
  virtio: [],
};
const FORBIDDEN: Record<ScmiTransport, readonly string[]> = {
  mailbox: ['interrupts', 'interrupt-names'],
  smc: ['arm,no-completion-irq'],
  optee: ['arm,no-completion-irq'],
  virtio: ['arm,no-completion-irq'],
};
/** Properties another transport owns: allowed by the schema, ignored by every driver. */
const UNUSED: Record<ScmiTransport, readonly string[]> = {
  mailbox: ['arm,smc-id', 'linaro,optee-channel-id'],
  smc: ['mboxes', 'mbox-names', 'linaro,optee-channel-id'],
  optee: ['mboxes', 'mbox-names', 'arm,smc-id'],
  virtio: ['mboxes', 'mbox-names', 'shmem', 'arm,smc-id', 'linaro,optee-channel-id'],
};

/** SMCCC owning entities reserved for Arm-specified services (architecture, CPU, standard secure/hyp). */
const RESERVED_OEN: Record<number, string> = {
  0: 'Arm architecture calls',
  1: 'CPU service calls',
  4: 'standard secure service calls (PSCI, SDEI, …)',
  5: 'standard hypervisor service calls',
};

export default defineBinding({
  id: 'firmware/arm,scmi',
  summary: 'SCMI agent: transport (mailbox, SMC/HVC, OP-TEE, virtio), channels, protocols 0x11-0x19',
  compatible: [
    'arm,scmi',
    'arm,scmi-smc',
    'arm,scmi-smc-param',
    'qcom,scmi-smc',
    'arm,scmi-virtio',
    'linaro,scmi-optee',
  ],
  nodeName: /^scmi(-[0-9]+)?$/,
  properties: z.strictObject({
    compatible: oneCompatible(
      'arm,scmi',
      'arm,scmi-smc',
      'arm,scmi-smc-param',
      'qcom,scmi-smc',
      'arm,scmi-virtio',
      'linaro,scmi-optee',
    ),
    interrupts: t.interrupts().max(1).optional(),
    'interrupt-names': t.stringList(z.tuple([z.literal('a2p')])).optional(),
    'mbox-names': t
      .stringList(namePrefixes([['tx', 'rx'], 1], [['tx', 'tx_reply', 'rx', 'rx_reply'], 2]))
      .optional(),
    mboxes: t.phandleArray('#mbox-cells').min(1).max(4).optional(),
    shmem: t.phandleArray(null, phandleEntryWithArgs(0)).min(1).max(2).optional(),
    '#address-cells': t.u32(z.literal(1)).optional(),
    '#size-cells': t.u32(z.literal(0)).optional(),
    'atomic-threshold-us': t.cells().optional(),
    'arm,max-rx-timeout-ms': t.cells(z.number().min(1)).optional(),
    'arm,max-msg-size': t.u32().optional(),
    'arm,max-msg': t.u32().min(1).optional(),
    'arm,no-completion-irq': t.flag().optional(),
    'arm,smc-id': t.u32().optional(),
    'linaro,optee-channel-id': t.u32().optional(),
  }),
  children: PROTOCOL_CHILDREN,
  rules: [
    {
      id: 'transport-required',
      severity: 'error',
      summary: 'each transport has its required properties',
      check({ node, report }) {
        const transport = transportOf(compatibleOf(node));
        if (!transport || node.prop('status')?.value.firstString() === 'disabled') return;
        for (const p of REQUIRED[transport])
          if (!node.prop(p))
            report({
              message: `the ${transport} transport (${compatibleOf(node)[0]}) requires '${p}'`,
              property: p,
              ...(p === 'arm,smc-id' ? { hint: 'the SMCCC function id the firmware serves SCMI on' } : {}),
            });
      },
    },
    {
      id: 'transport-forbidden',
      severity: 'error',
      summary:
        "properties a transport forbids (a2p interrupt on mailboxes, 'arm,no-completion-irq' off them)",
      check({ node, report }) {
        const transport = transportOf(compatibleOf(node));
        if (!transport) return;
        for (const p of FORBIDDEN[transport])
          if (node.prop(p))
            report({ property: p, message: `'${p}' is not allowed with the ${transport} transport` });
      },
    },
    {
      id: 'transport-unused',
      severity: 'warning',
      summary: 'properties of another transport are ignored',
      check({ node, report }) {
        const transport = transportOf(compatibleOf(node));
        if (!transport) return;
        for (const p of UNUSED[transport])
          if (node.prop(p))
            report({
              property: p,
              message: `'${p}' has no meaning for the ${transport} transport and is ignored`,
            });
      },
    },
    {
      id: 'mbox-shmem-layout',
      severity: 'error',
      summary: 'the numbers of mailboxes and shared-memory areas form one of the five channel layouts',
      check({ node, view, report }) {
        if (transportOf(compatibleOf(node)) !== 'mailbox') return;
        const m = view.phandleArray('mboxes', '#mbox-cells');
        const s = view.phandleArray('shmem', null);
        if (m.issues.length || s.issues.length || !m.value.length || !s.value.length) return;
        const key = `${m.value.length}/${s.value.length}`;
        if (!MAILBOX_LAYOUTS[key])
          report({
            property: 'mboxes',
            message: `${m.value.length} mailbox(es) with ${s.value.length} shared-memory area(s) is not a valid SCMI channel layout`,
            hint: `valid mboxes/shmem: ${Object.entries(MAILBOX_LAYOUTS)
              .map(([k, v]) => `${k} (${v})`)
              .join('; ')}`,
          });
      },
    },
    {
      id: 'smc-id',
      severity: 'warning',
      summary: "'arm,smc-id' is an SMCCC fast call outside the Arm-reserved service ranges",
      check({ node, view, report }) {
        const id = view.u32('arm,smc-id');
        if (id === undefined || transportOf(compatibleOf(node)) !== 'smc') return;
        const fast = id >>> 31 === 1;
        const oen = (id >>> 24) & 0x3f;
        if (!fast)
          report({
            property: 'arm,smc-id',
            cell: 0,
            message: `'arm,smc-id' ${hex(id)} is a yielding call (bit 31 clear); the SCMI SMC transport issues fast calls`,
            hint: 'set bit 31 (0x8… for SMC32, 0xc… for SMC64)',
          });
        else if (RESERVED_OEN[oen])
          report({
            property: 'arm,smc-id',
            cell: 0,
            message: `'arm,smc-id' ${hex(id)} is in the range of ${RESERVED_OEN[oen]}`,
            hint: 'use a SiP (0x82…/0xc2…) or OEM (0x83…/0xc3…) function id',
          });
        else if (((id >>> 16) & 0xff) !== 0)
          report({
            property: 'arm,smc-id',
            cell: 0,
            message: `'arm,smc-id' ${hex(id)} sets bits 23:16, which SMCCC reserves (must be zero) for fast calls`,
          });
      },
    },
  ],
  examples: [
    {
      title: 'mailbox transport over MHU doorbells, TX+RX, a protocol with its own channel',
      valid: true,
      dts: board(`
  mhu: mailbox@2b2f0000 {
    compatible = "arm,mhu-doorbell", "arm,primecell";
    reg = <0x2b2f0000 0x1000>;
    interrupts = <0 36 4>, <0 35 4>;
    #mbox-cells = <2>;
  };
  sram@50000000 {
    compatible = "mmio-sram";
    reg = <0x50000000 0x10000>;
    #address-cells = <1>;
    #size-cells = <1>;
    ranges = <0 0x50000000 0x10000>;
    lp0: scp-sram-section@0 {
      compatible = "arm,scmi-shmem";
      reg = <0x0 0x80>;
    };
    lp1: scp-sram-section@80 {
      compatible = "arm,scmi-shmem";
      reg = <0x80 0x80>;
    };
    hp0: scp-sram-section@100 {
      compatible = "arm,scmi-shmem";
      reg = <0x100 0x80>;
    };
  };
  firmware {
    scmi {
      compatible = "arm,scmi";
      mboxes = <&mhu 0 0>, <&mhu 0 1>;
      mbox-names = "tx", "rx";
      shmem = <&lp0>, <&lp1>;
      #address-cells = <1>;
      #size-cells = <0>;
      protocol@11 {
        reg = <0x11>;
        #power-domain-cells = <1>;
      };
      protocol@13 {
        reg = <0x13>;
        #clock-cells = <1>;
        mboxes = <&mhu 1 2>;
        shmem = <&hp0>;
      };
      protocol@17 {
        reg = <0x17>;
        regulators {
          #address-cells = <1>;
          #size-cells = <0>;
          regulator@0 {
            reg = <0x0>;
            regulator-max-microvolt = <3300000>;
          };
        };
      };
    };
  };`),
    },
    {
      title: 'SMC transport with shmem in /reserved-memory',
      valid: true,
      dts: board(`
  reserved-memory {
    #address-cells = <1>;
    #size-cells = <1>;
    ranges;
    scmi_shm: shmem@10f000 {
      compatible = "arm,scmi-shmem";
      reg = <0x10f000 0x100>;
      no-map;
    };
  };
  firmware {
    scmi {
      compatible = "arm,scmi-smc";
      arm,smc-id = <0x82000010>;
      shmem = <&scmi_shm>;
      #address-cells = <1>;
      #size-cells = <0>;
      protocol@14 {
        reg = <0x14>;
        #clock-cells = <1>;
      };
    };
  };`),
    },
    {
      title: 'OP-TEE transport without shmem',
      valid: true,
      dts: board(`
  firmware {
    scmi {
      compatible = "linaro,scmi-optee";
      linaro,optee-channel-id = <0>;
      #address-cells = <1>;
      #size-cells = <0>;
      protocol@16 {
        reg = <0x16>;
        #reset-cells = <1>;
      };
    };
  };`),
    },
    {
      title: 'SMC transport missing its function id, with a mailbox-only flag and a bad protocol',
      valid: false,
      dts: board(`
  reserved-memory {
    #address-cells = <1>;
    #size-cells = <1>;
    ranges;
    scmi_shm: shmem@10f000 {
      compatible = "arm,scmi-shmem";
      reg = <0x10f000 0x100>;
    };
  };
  firmware {
    scmi {
      compatible = "arm,scmi-smc";
      shmem = <&scmi_shm>;
      arm,no-completion-irq;
      #address-cells = <1>;
      #size-cells = <0>;
      protocol@14 {
        reg = <0x20>;
      };
      protocol@20 {
        reg = <0x20>;
      };
    };
  };`),
      expect: [
        'schema/firmware/arm,scmi/transport-required',
        { code: 'schema/firmware/arm,scmi/transport-forbidden', at: 'arm,no-completion-irq;' },
        { code: 'schema/firmware/arm,scmi/invalid-value', at: 'reg = <[0x20]>' },
        'schema/firmware/arm,scmi/required',
        { code: 'schema/firmware/arm,scmi/unknown-node', at: 'protocol@20' },
      ],
    },
    {
      title: 'mailbox transport: 3 mailboxes on 1 shmem, an a2p interrupt, a name outside the list',
      valid: false,
      dts: board(`
  mhu: mailbox@2b2f0000 {
    compatible = "arm,mhu-doorbell", "arm,primecell";
    reg = <0x2b2f0000 0x1000>;
    interrupts = <0 36 4>, <0 35 4>;
    #mbox-cells = <2>;
  };
  sram@50000000 {
    compatible = "mmio-sram";
    reg = <0x50000000 0x10000>;
    #address-cells = <1>;
    #size-cells = <1>;
    ranges = <0 0x50000000 0x10000>;
    lp0: scp-sram-section@0 {
      compatible = "arm,scmi-shmem";
      reg = <0x0 0x80>;
    };
  };
  firmware {
    scmi {
      compatible = "arm,scmi";
      mboxes = <&mhu 0 0>, <&mhu 0 1>, <&mhu 0 2>;
      mbox-names = "tx", "rx", "rx_reply";
      shmem = <&lp0>;
      interrupts = <0 50 1>;
      interrupt-names = "a2p";
    };
  };`),
      expect: [
        { code: 'schema/firmware/arm,scmi/mbox-shmem-layout', at: '<&mhu 0 0>, <&mhu 0 1>, <&mhu 0 2>' },
        { code: 'schema/firmware/arm,scmi/invalid-value', at: '"tx", "rx", "rx_reply"' },
        { code: 'schema/firmware/arm,scmi/transport-forbidden', at: '<0 50 1>' },
        { code: 'schema/firmware/arm,scmi/transport-forbidden', at: '"a2p"' },
      ],
    },
    {
      title: 'OP-TEE transport without a channel id; SMC function id in the PSCI range',
      valid: false,
      dts: board(`
  firmware {
    scmi-0 {
      compatible = "linaro,scmi-optee";
    };
    scmi-1 {
      compatible = "arm,scmi-smc-param";
      arm,smc-id = <0x84000010>;
      shmem = <&scmi_shm>;
    };
  };
  reserved-memory {
    #address-cells = <1>;
    #size-cells = <1>;
    ranges;
    scmi_shm: shmem@10f000 {
      compatible = "arm,scmi-shmem";
      reg = <0x10f000 0x100>;
    };
  };`),
      expect: [
        'schema/firmware/arm,scmi/transport-required',
        { code: 'schema/firmware/arm,scmi/smc-id', at: '<[0x84000010]>' },
      ],
    },
  ],
});
