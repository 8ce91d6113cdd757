/**
 * The compatible → driver → Kconfig map for our families, per kernel version.
 *
 * Facts come from reading the match tables of Linux v6.1.192 and v6.12.117 (Debian's linux-source
 * packages) and from the research note's timeline (`reference/kconfig.md` §2, §2.1), where release
 * brackets were found by sampling release trees: "absent in X, present in Y" is kept as such
 * (`introduced.absentIn` / `presentIn`), never rounded to one guessed release.
 *
 * The match mechanism matters because only some of these are plain platform drivers: SCMI transports
 * sat behind `#ifdef CONFIG_ARM_SCMI_TRANSPORT_*` in one shared match table until v6.11; MHUs bind as
 * AMBA primecells; GICs are `IRQCHIP_DECLARE`d (built-in only, probed from `of_irq_init`); PSCI and
 * the GICv3 ITS are found with `of_find_matching_node`; SCMI shared memory is only ever tested with
 * `of_device_is_compatible` on the `shmem` target.
 */
import { atLeast, compareKernels, type KernelVersion } from './versions.js';

export type MatchMechanism =
  /** A driver's `of_device_id` table (platform driver). */
  | 'of-device-id'
  /** An AMBA driver matched by peripheral ID; the node must also say "arm,primecell". */
  | 'amba-id'
  /** `IRQCHIP_DECLARE`: called from `of_irq_init` at boot, built-in only. */
  | 'irqchip-declare'
  /** Looked up by arch or parent-driver code with `of_find_matching_node`, no driver. */
  | 'of-find-matching-node'
  /** Never bound: another driver tests the compatible of a phandle target. */
  | 'of-device-is-compatible'
  /** No upstream driver at all. */
  | 'none';

export type Family = 'optee' | 'scmi' | 'shmem' | 'mailbox' | 'gic' | 'psci' | 'scpi';

/** One period of a compatible's support: which code matches it and what gates that code. */
export interface DriverEra {
  /** First release of this era (inclusive); absent = from the compatible's introduction. */
  readonly from?: KernelVersion;
  /** First release after this era (exclusive). */
  readonly until?: KernelVersion;
  /** Source file of the match (relative to the kernel tree). */
  readonly driver: string;
  readonly mechanism: MatchMechanism;
  /**
   * Every symbol that must be ≠ n for the match to exist, outermost first (subsystem, then driver);
   * the driver is built as the lowest of their values (a bool transport inside a modular SCMI core
   * is part of `scmi-module.ko`).
   */
  readonly symbols: readonly string[];
  /** The symbol of an `#ifdef` around the match-table entry, if any (one of `symbols`). */
  readonly ifdef?: string;
  /** The module the driver is part of when built as one; absent = built-in only. */
  readonly module?: string;
}

/** When support appeared: the last sampled release without it and the first with it. */
export interface Introduced {
  readonly absentIn?: KernelVersion;
  readonly presentIn: KernelVersion;
}

/**
 * For SCMI transports that live on another subsystem: the transport symbol, the subsystem symbol it
 * needs and the core it plugs into. v5.18–v6.11 wrote `depends on BACKEND=y || BACKEND=CORE` (a bool
 * inside the core's module), v6.12 made the transport its own tristate module (`depends on BACKEND`).
 */
export interface TransportBackend {
  readonly transport: string;
  readonly backend: string;
  readonly core: string;
}

export interface CompatibleEntry {
  readonly compatible: string;
  readonly family: Family;
  /** Absent: supported before v5.10 (older than anything this map distinguishes). */
  readonly introduced?: Introduced;
  /** Empty for compatibles that no upstream code matches. */
  readonly eras: readonly DriverEra[];
  /** Another compatible the node must carry for the driver to bind (AMBA: "arm,primecell"). */
  readonly alsoNeeds?: string;
  readonly backend?: TransportBackend;
  /** An int symbol bounding how many enabled nodes the driver accepts. */
  readonly instanceLimit?: string;
  /** For compatibles without a driver: what to use instead. */
  readonly instead?: string;
  /** For compatibles without a driver: the symbol proposed for it that never reached mainline. */
  readonly proposedSymbol?: string;
}

const SCMI_CORE = 'ARM_SCMI_PROTOCOL';
const SPLIT = 'v6.12' as const; // transports moved to arm_scmi/transports/ as tristate modules

function scmiTransport(
  compatible: string,
  transport: string,
  file: string,
  introduced?: Introduced,
): CompatibleEntry {
  return {
    compatible,
    family: 'scmi',
    ...(introduced ? { introduced } : {}),
    eras: [
      {
        until: SPLIT,
        driver: 'drivers/firmware/arm_scmi/driver.c',
        mechanism: 'of-device-id',
        symbols: [SCMI_CORE, transport],
        ifdef: transport,
        module: 'scmi-module',
      },
      {
        from: SPLIT,
        driver: `drivers/firmware/arm_scmi/transports/${file}`,
        mechanism: 'of-device-id',
        symbols: [SCMI_CORE, transport],
        module: `scmi_transport_${file.replace(/\.c$/, '')}`,
      },
    ],
  };
}

const GIC_V2: readonly string[] = [
  'arm,gic-400',
  'arm,cortex-a15-gic',
  'arm,cortex-a9-gic',
  'arm,cortex-a7-gic',
  'arm,pl390',
  'arm,arm11mp-gic',
  'arm,arm1176jzf-devchip-gic',
  'qcom,msm-qgic2',
  'qcom,msm-8660-qgic',
];

/** i.MX Messaging Unit match entries of imx-mailbox.c, with when each was seen. */
const IMX_MU: readonly { compatible: string; introduced?: Introduced }[] = [
  { compatible: 'fsl,imx6sx-mu' },
  { compatible: 'fsl,imx7ulp-mu' },
  { compatible: 'fsl,imx8-mu-scu' },
  { compatible: 'fsl,imx8-mu-seco', introduced: { presentIn: 'v6.1' } },
  { compatible: 'fsl,imx8ulp-mu', introduced: { presentIn: 'v6.1' } },
  { compatible: 'fsl,imx8ulp-mu-s4', introduced: { presentIn: 'v6.1' } },
  { compatible: 'fsl,imx93-mu-s4', introduced: { presentIn: 'v6.1' } },
  { compatible: 'fsl,imx95-mu', introduced: { absentIn: 'v6.1', presentIn: 'v6.12' } },
  { compatible: 'fsl,imx95-mu-ele', introduced: { absentIn: 'v6.1', presentIn: 'v6.12' } },
  { compatible: 'fsl,imx95-mu-v2x', introduced: { absentIn: 'v6.1', presentIn: 'v6.12' } },
];

export const COMPATIBLES: readonly CompatibleEntry[] = [
  // OP-TEE: a platform driver in optee.ko (smc_abi.c since the v5.16 FF-A split, core.c before).
  {
    compatible: 'linaro,optee-tz',
    family: 'optee',
    eras: [
      {
        driver: 'drivers/tee/optee/smc_abi.c',
        mechanism: 'of-device-id',
        symbols: ['TEE', 'OPTEE'],
        module: 'optee',
      },
    ],
  },
  // SCMI transports.
  scmiTransport('arm,scmi', 'ARM_SCMI_TRANSPORT_MAILBOX', 'mailbox.c'),
  scmiTransport('arm,scmi-smc', 'ARM_SCMI_TRANSPORT_SMC', 'smc.c'),
  scmiTransport('arm,scmi-smc-param', 'ARM_SCMI_TRANSPORT_SMC', 'smc.c', {
    absentIn: 'v6.4',
    presentIn: 'v6.6',
  }),
  scmiTransport('qcom,scmi-smc', 'ARM_SCMI_TRANSPORT_SMC', 'smc.c', { absentIn: 'v6.6', presentIn: 'v6.8' }),
  {
    ...scmiTransport('linaro,scmi-optee', 'ARM_SCMI_TRANSPORT_OPTEE', 'optee.c', {
      absentIn: 'v5.17',
      presentIn: 'v5.18',
    }),
    backend: { transport: 'ARM_SCMI_TRANSPORT_OPTEE', backend: 'OPTEE', core: SCMI_CORE },
  },
  {
    ...scmiTransport('arm,scmi-virtio', 'ARM_SCMI_TRANSPORT_VIRTIO', 'virtio.c', {
      absentIn: 'v5.10',
      presentIn: 'v5.15',
    }),
    backend: { transport: 'ARM_SCMI_TRANSPORT_VIRTIO', backend: 'VIRTIO', core: SCMI_CORE },
  },
  // Shared memory: read by the transports through `shmem`, never a device of its own.
  {
    compatible: 'arm,scmi-shmem',
    family: 'shmem',
    eras: [
      {
        driver: 'drivers/firmware/arm_scmi/shmem.c',
        mechanism: 'of-device-is-compatible',
        symbols: [SCMI_CORE, 'ARM_SCMI_HAVE_SHMEM'],
      },
    ],
  },
  // Mailboxes.
  {
    compatible: 'arm,mhu',
    family: 'mailbox',
    alsoNeeds: 'arm,primecell',
    eras: [
      {
        driver: 'drivers/mailbox/arm_mhu.c',
        mechanism: 'amba-id',
        symbols: ['MAILBOX', 'ARM_AMBA', 'ARM_MHU'],
        module: 'arm_mhu',
      },
    ],
  },
  {
    compatible: 'arm,mhu-doorbell',
    family: 'mailbox',
    alsoNeeds: 'arm,primecell',
    eras: [
      {
        driver: 'drivers/mailbox/arm_mhu_db.c',
        mechanism: 'amba-id',
        symbols: ['MAILBOX', 'ARM_AMBA', 'ARM_MHU'],
        module: 'arm_mhu_db',
      },
    ],
  },
  ...['arm,mhuv2-tx', 'arm,mhuv2-rx'].map(
    (compatible): CompatibleEntry => ({
      compatible,
      family: 'mailbox',
      alsoNeeds: 'arm,primecell',
      introduced: { absentIn: 'v5.10', presentIn: 'v5.15' },
      eras: [
        {
          driver: 'drivers/mailbox/arm_mhuv2.c',
          mechanism: 'amba-id',
          symbols: ['MAILBOX', 'ARM_AMBA', 'ARM_MHU_V2'],
          module: 'arm_mhuv2',
        },
      ],
    }),
  ),
  {
    compatible: 'arm,mhuv3',
    family: 'mailbox',
    introduced: { absentIn: 'v6.8', presentIn: 'v6.11' },
    eras: [
      {
        driver: 'drivers/mailbox/arm_mhuv3.c',
        mechanism: 'of-device-id',
        symbols: ['MAILBOX', 'ARM_MHU_V3'],
        module: 'arm_mhuv3',
      },
    ],
  },
  ...IMX_MU.map(
    ({ compatible, introduced }): CompatibleEntry => ({
      compatible,
      family: 'mailbox',
      ...(introduced ? { introduced } : {}),
      eras: [
        {
          driver: 'drivers/mailbox/imx-mailbox.c',
          mechanism: 'of-device-id',
          symbols: ['MAILBOX', 'IMX_MBOX'],
          module: 'imx-mailbox',
        },
      ],
    }),
  ),
  // The SMC/HVC mailbox series of 2019 never reached mainline; SCMI over SMC replaced it.
  ...['arm,smc-mbox', 'arm,hvc-mbox'].map(
    (compatible): CompatibleEntry => ({
      compatible,
      family: 'mailbox',
      eras: [],
      instead: 'arm,scmi-smc',
      proposedSymbol: 'ARM_SMC_MBOX',
    }),
  ),
  // GIC: IRQCHIP_DECLARE, promptless bools selected by the architecture/platform.
  ...GIC_V2.map(
    (compatible): CompatibleEntry => ({
      compatible,
      family: 'gic',
      instanceLimit: 'ARM_GIC_MAX_NR',
      eras: [{ driver: 'drivers/irqchip/irq-gic.c', mechanism: 'irqchip-declare', symbols: ['ARM_GIC'] }],
    }),
  ),
  {
    compatible: 'arm,gic-v3',
    family: 'gic',
    eras: [{ driver: 'drivers/irqchip/irq-gic-v3.c', mechanism: 'irqchip-declare', symbols: ['ARM_GIC_V3'] }],
  },
  {
    compatible: 'arm,gic-v3-its',
    family: 'gic',
    eras: [
      {
        driver: 'drivers/irqchip/irq-gic-v3-its.c',
        mechanism: 'of-find-matching-node',
        symbols: ['ARM_GIC_V3', 'ARM_GIC_V3_ITS'],
      },
    ],
  },
  // PSCI: found by psci_dt_init() during arch setup.
  ...['arm,psci', 'arm,psci-0.2', 'arm,psci-1.0'].map(
    (compatible): CompatibleEntry => ({
      compatible,
      family: 'psci',
      eras: [
        {
          driver: 'drivers/firmware/psci/psci.c',
          mechanism: 'of-find-matching-node',
          symbols: ['ARM_PSCI_FW'],
        },
      ],
    }),
  ),
  // SCPI (the pre-SCMI protocol), over a mailbox.
  ...['arm,scpi', 'arm,scpi-pre-1.0'].map(
    (compatible): CompatibleEntry => ({
      compatible,
      family: 'scpi',
      eras: [
        {
          driver: 'drivers/firmware/arm_scpi.c',
          mechanism: 'of-device-id',
          symbols: ['MAILBOX', 'ARM_SCPI_PROTOCOL'],
          module: 'arm_scpi',
        },
      ],
    }),
  ),
];

const BY_COMPATIBLE = new Map(COMPATIBLES.map((e) => [e.compatible, e]));

export function compatibleEntry(compatible: string): CompatibleEntry | undefined {
  return BY_COMPATIBLE.get(compatible);
}

/** The era in force on `kernel`, or undefined when the compatible has no driver there. */
export function eraFor(entry: CompatibleEntry, kernel: KernelVersion): DriverEra | undefined {
  return entry.eras.find(
    (e) => (!e.from || atLeast(kernel, e.from)) && (!e.until || compareKernels(kernel, e.until) < 0),
  );
}

/**
 * Whether `kernel` has the compatible: 'yes', 'no' (at or before a release sampled without it) or
 * 'unverified' (between the brackets, or before the first release seen with it when no release
 * without it was sampled).
 */
export function supportOn(
  introduced: Introduced | undefined,
  kernel: KernelVersion,
): 'yes' | 'no' | 'unverified' {
  if (!introduced || atLeast(kernel, introduced.presentIn)) return 'yes';
  if (introduced.absentIn && !atLeast(kernel, bump(introduced.absentIn))) return 'no';
  return 'unverified';
}

function bump(v: KernelVersion): KernelVersion {
  const [major, minor] = v.slice(1).split('.').map(Number) as [number, number];
  return `v${major}.${minor + 1}`;
}

/** Version gates on properties: the property is read only from `introduced` on. */
export interface PropertyGate {
  readonly compatible: string;
  readonly property: string;
  /** Which entries of the property the gate is about. */
  readonly applies: 'any' | 'per-cpu-interrupt';
  readonly introduced: Introduced;
  /** What an older kernel does with it. */
  readonly older: 'ignored' | 'probe-fails';
  readonly what: string;
}

export const PROPERTY_GATES: readonly PropertyGate[] = [
  {
    compatible: 'linaro,optee-tz',
    property: 'interrupts',
    applies: 'any',
    introduced: { absentIn: 'v5.16', presentIn: 'v5.17' },
    older: 'ignored',
    what: 'OP-TEE asynchronous notification interrupt',
  },
  {
    compatible: 'linaro,optee-tz',
    property: 'interrupts',
    applies: 'per-cpu-interrupt',
    introduced: { absentIn: 'v6.1', presentIn: 'v6.4' },
    older: 'probe-fails',
    what: 'per-CPU (PPI) OP-TEE notification interrupt',
  },
];
