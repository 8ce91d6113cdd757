/**
 * The Kconfig symbols of our families that the built-in models cover completely: a supported kernel's
 * model lacks one of these only when that kernel does not define it.
 */
export const FAMILY_SYMBOLS = [
  'ARM64',
  'ARCH_MXC',
  'ARCH_STM32',
  'HAVE_ARM_SMCCC',
  'HAVE_ARM_SMCCC_DISCOVERY',
  'ARM_PSCI_FW',
  'TEE',
  'OPTEE',
  'ARM_SCPI_PROTOCOL',
  'ARM_SCMI_PROTOCOL',
  'ARM_SCMI_HAVE_TRANSPORT',
  'ARM_SCMI_HAVE_SHMEM',
  'ARM_SCMI_HAVE_MSG',
  'ARM_SCMI_TRANSPORT_MAILBOX',
  'ARM_SCMI_TRANSPORT_SMC',
  'ARM_SCMI_TRANSPORT_OPTEE',
  'ARM_SCMI_TRANSPORT_VIRTIO',
  'VIRTIO',
  'MAILBOX',
  'ARM_MHU',
  'ARM_MHU_V2',
  'ARM_MHU_V3',
  'IMX_MBOX',
  'ARM_GIC',
  'ARM_GIC_MAX_NR',
  'ARM_GIC_V2M',
  'ARM_GIC_V3',
  'ARM_GIC_V3_ITS',
] as const;
