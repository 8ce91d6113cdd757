import type { Severity } from '../../compiler/diagnostics/diagnostic.js';
import { defineRule } from './define.js';
import { board } from './support/examples.js';
import { hex } from './support/nodes.js';
import { scmiAgents } from './support/scmi.js';

/** SMCCC owning entity numbers (function id bits 29:24) and whether an SCMI server may own one. */
function owner(oen: number): { name: string; severity?: Severity } {
  if (oen === 2) return { name: 'SiP service' };
  if (oen === 3) return { name: 'OEM service' };
  if (oen === 6) return { name: 'vendor-specific hypervisor service' };
  if (oen === 7) return { name: 'vendor-specific EL3 monitor service' };
  if (oen === 0) return { name: 'Arm architecture calls', severity: 'error' };
  if (oen === 1) return { name: 'CPU service calls', severity: 'error' };
  if (oen === 4) return { name: 'standard secure services (PSCI, SDEI, TRNG…)', severity: 'error' };
  if (oen === 5) return { name: 'standard hypervisor services', severity: 'error' };
  if (oen >= 48 && oen <= 49) return { name: 'trusted applications', severity: 'warning' };
  if (oen >= 50) return { name: 'trusted OS calls', severity: 'warning' };
  return { name: 'a reserved owning-entity range', severity: 'error' };
}

export default defineRule({
  id: 'wiring/smc-id',
  severity: 'error',
  summary: "'arm,smc-id' is a fast SMCCC call in the SiP, OEM or vendor range with no reserved bits",
  rationale: `The SCMI SMC transport issues 'arm,smc-id' as an SMCCC 1.1 call and treats any non-zero
result as failure. Bit 31 must be set (a fast call: the firmware handles the message atomically and the
response is in shared memory when the call returns); a yielding id goes to a different dispatch slot. The
owning entity (bits 29:24) must be one a platform may define services in: SiP (2), OEM (3), vendor
hypervisor (6) or vendor EL3 (7). Arm-owned ranges (0, 1, 4, 5: architecture, CPU, PSCI/SDEI, standard
hypervisor) and reserved ranges (8-47) collide with real or future services. Trusted-application and
trusted-OS ranges (48-63) reach the secure OS through its dispatcher: some boards do serve SCMI from
OP-TEE this way (stm32mp2), so that is a warning. Bits 23:17 are reserved for fast calls (TF-A answers
Unknown when any is set); bit 16 is the caller's SVE hint (SMCCC 1.3), stripped by TF-A before dispatch,
so it does not belong in a function id: warned.`,
  supersedes: ['schema/firmware/arm,scmi/smc-id'],
  examples: {
    valid: [
      {
        title: 'Rockchip SiP SMC32 id',
        dts: board(`
  reserved-memory {
    #address-cells = <1>;
    #size-cells = <1>;
    ranges;
    shm: shmem@10f000 {
      compatible = "arm,scmi-shmem";
      reg = <0x10f000 0x100>;
      no-map;
    };
  };
  firmware {
    scmi {
      compatible = "arm,scmi-smc";
      arm,smc-id = <0x82000010>;
      shmem = <&shm>;
    };
  };`),
      },
    ],
    invalid: [
      {
        title: 'a PSCI function id, a yielding id, reserved bits',
        dts: board(`
  reserved-memory {
    #address-cells = <1>;
    #size-cells = <1>;
    ranges;
    shm0: shmem@10f000 {
      compatible = "arm,scmi-shmem";
      reg = <0x10f000 0x100>;
    };
    shm1: shmem@110000 {
      compatible = "arm,scmi-shmem";
      reg = <0x110000 0x100>;
    };
    shm2: shmem@111000 {
      compatible = "arm,scmi-shmem";
      reg = <0x111000 0x100>;
    };
  };
  firmware {
    scmi-0 {
      compatible = "arm,scmi-smc";
      arm,smc-id = <0x84000010>;
      shmem = <&shm0>;
    };
    scmi-1 {
      compatible = "arm,scmi-smc";
      arm,smc-id = <0x02000010>;
      shmem = <&shm1>;
    };
    scmi-2 {
      compatible = "arm,scmi-smc";
      arm,smc-id = <0x82020010>;
      shmem = <&shm2>;
    };
  };`),
        expect: ['<[0x84000010]>', '<[0x02000010]>', '<[0x82020010]>'],
      },
    ],
  },
  check(view, report) {
    for (const agent of scmiAgents(view)) {
      if (agent.transport !== 'smc') continue;
      for (const channel of agent.channels) {
        const id = channel.node.u32('arm,smc-id');
        if (id === undefined) continue;
        const at = { node: channel.node.node, property: 'arm,smc-id', cell: 0 };
        const oen = (id >>> 24) & 0x3f;
        const reserved = (id >>> 17) & 0x7f;
        if (id >>> 31 === 0) {
          report({
            message: `'arm,smc-id' ${hex(id)} is a yielding call (bit 31 clear); the SCMI SMC transport needs a fast call`,
            hint: `set bit 31: ${hex((id | 0x80000000) >>> 0)}`,
            at,
          });
          continue;
        }
        const o = owner(oen);
        if (o.severity)
          report({
            severity: o.severity,
            message: `'arm,smc-id' ${hex(id)} is owned by ${o.name} (OEN ${oen}), not by a platform-defined service`,
            hint: 'use a SiP (0x82…/0xc2…), OEM (0x83…/0xc3…) or vendor (0x86…, 0x87…) function id',
            at,
          });
        if (reserved !== 0)
          report({
            message: `'arm,smc-id' ${hex(id)} sets reserved bits 23:17 (${hex(reserved << 17)}); firmware answers Unknown Function`,
            hint: `clear them: ${hex((id & ~(0x7f << 17)) >>> 0)}`,
            at,
          });
        else if ((id >>> 16) & 1)
          report({
            severity: 'warning',
            message: `'arm,smc-id' ${hex(id)} sets bit 16, the caller's SVE hint, which is not part of a function id`,
            at,
          });
      }
    }
  },
});
