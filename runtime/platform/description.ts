/**
 * The platform description: what the board's tree says the runtime must build, as plain data. It is
 * the simulation config `dtpc build` writes (`platform.json`) and `dtpc run` reads back, so it holds
 * no live tree objects, no absolute paths and no timestamps. 64-bit addresses are hex strings (JSON
 * numbers stop at 2^53); everything else is numbers, strings and DT node paths.
 */
import { z } from 'zod';

export const DESCRIPTION_VERSION = 1;

const hexString = z.string().regex(/^0x[0-9a-f]+$/, 'a lower-case hex string such as 0x4000');
const path = z.string().startsWith('/');
const u32 = z.number().int().min(0).max(0xffff_ffff);

export const memoryRegionSchema = z.strictObject({
  /** The DT node the region comes from (several regions may share one node). */
  path,
  kind: z.enum(['memory', 'reserved', 'sram', 'shmem']),
  base: hexString,
  size: hexString,
  /** `reserved-memory` `no-map`: Linux never maps it (secure carve-outs). */
  noMap: z.boolean(),
  compatible: z.array(z.string()),
});

export const cpuSchema = z.strictObject({
  path,
  index: z.number().int().min(0),
  mpidr: u32,
  enableMethod: z.string().nullable(),
});

export const gicSchema = z.strictObject({
  path,
  model: z.enum(['gicv2', 'gicv3', 'other']),
  compatible: z.array(z.string()),
  regs: z.array(z.strictObject({ base: hexString, size: hexString })),
  /** The controller every root `interrupt-parent` chain ends at. */
  primary: z.boolean(),
});

export const interruptSchema = z.strictObject({
  /** Consumer node. */
  node: path,
  index: z.number().int().min(0),
  name: z.string().nullable(),
  controller: path,
  type: z.enum(['spi', 'ppi', 'espi', 'eppi', 'other']),
  number: z.number().int(),
  /** GIC INTID (−1 for controllers without named cells). */
  intid: z.number().int(),
  trigger: z.enum(['edge-rising', 'edge-falling', 'level-high', 'level-low']).nullable(),
});

export const irqRefSchema = z.strictObject({
  intid: z.number().int(),
  type: z.enum(['spi', 'ppi', 'espi', 'eppi', 'other']),
  trigger: z.enum(['edge-rising', 'edge-falling', 'level-high', 'level-low']).nullable(),
  name: z.string().nullable(),
});

export const shmemRefSchema = z.strictObject({
  path,
  base: hexString.nullable(),
  size: hexString.nullable(),
  compatible: z.array(z.string()),
  enabled: z.boolean(),
});

export const mboxRefSchema = z.strictObject({
  controller: path,
  args: z.array(u32),
  name: z.string().nullable(),
});

/** One SCMI channel as the agent's tree describes it. */
export const scmiChannelSchema = z.strictObject({
  /** The SCMI node, or the protocol child that carries its own transport properties. */
  owner: path,
  direction: z.enum(['tx', 'rx']),
  shmem: shmemRefSchema.nullable(),
  smcId: u32.nullable(),
  opteeChannelId: u32.nullable(),
  mboxes: z.array(mboxRefSchema),
  a2p: irqRefSchema.nullable(),
});

export const scmiProtocolSchema = z.strictObject({
  path,
  id: u32,
  enabled: z.boolean(),
  /** Has transport properties of its own (a dedicated channel). */
  dedicated: z.boolean(),
});

export const scmiSchema = z.strictObject({
  path,
  enabled: z.boolean(),
  compatible: z.array(z.string()),
  transport: z.enum(['mailbox', 'smc', 'smc-param', 'qcom-smc', 'optee', 'virtio', 'unknown']),
  channels: z.array(scmiChannelSchema),
  protocols: z.array(scmiProtocolSchema),
});

export const opteeSchema = z.strictObject({
  path,
  enabled: z.boolean(),
  method: z.string().nullable(),
  interrupts: z.array(irqRefSchema),
});

export const psciSchema = z.strictObject({
  path,
  compatible: z.array(z.string()),
  method: z.string().nullable(),
});

export const mailboxSchema = z.strictObject({
  path,
  enabled: z.boolean(),
  compatible: z.array(z.string()),
  kind: z.enum(['mhu', 'mhu-doorbell', 'smc-mbox', 'hvc-mbox', 'other']),
  cells: u32.nullable(),
  regs: z.array(z.strictObject({ base: hexString, size: hexString })),
  interrupts: z.array(irqRefSchema),
  /** SMC mailbox function ids, one per channel (any binding generation). */
  funcIds: z.array(u32),
  /** SMC mailbox conduit: `method`, else the compatible's. */
  method: z.string().nullable(),
});

/** A consumer's use of an SCMI-provided resource (clock, reset, power domain, perf, regulator). */
export const scmiUseSchema = z.strictObject({
  kind: z.enum(['clock', 'reset', 'power-domain', 'perf', 'voltage']),
  property: z.string(),
  provider: path,
  protocol: u32,
  /** Resource id (the first specifier cell, or the regulator's `reg`). */
  id: u32,
  name: z.string().nullable(),
  /** `assigned-clock-rates` entry for an `assigned-clocks` use (0 = leave as is), else null. */
  rate: z.number().int().min(0).nullable(),
});

export const consumerSchema = z.strictObject({
  path,
  compatible: z.array(z.string()),
  enabled: z.boolean(),
  uses: z.array(scmiUseSchema),
});

export const notModelledSchema = z.strictObject({
  path,
  compatible: z.array(z.string()),
  reason: z.string(),
});

export const platformDescriptionSchema = z.strictObject({
  version: z.literal(DESCRIPTION_VERSION),
  model: z.string().nullable(),
  compatible: z.array(z.string()),
  memory: z.array(memoryRegionSchema),
  cpus: z.array(cpuSchema),
  interruptControllers: z.array(gicSchema),
  interrupts: z.array(interruptSchema),
  hypervisor: z.strictObject({ path, compatible: z.array(z.string()) }).nullable(),
  psci: psciSchema.nullable(),
  /** Linux's system SMCCC conduit: PSCI's `method` (`none` without PSCI). */
  smcccConduit: z.enum(['smc', 'hvc', 'none']),
  optee: z.array(opteeSchema),
  scmi: z.array(scmiSchema),
  mailboxes: z.array(mailboxSchema),
  consumers: z.array(consumerSchema),
  notModelled: z.array(notModelledSchema),
});

export type PlatformDescription = z.infer<typeof platformDescriptionSchema>;
export type MemoryRegion = z.infer<typeof memoryRegionSchema>;
export type CpuDescription = z.infer<typeof cpuSchema>;
export type GicDescription = z.infer<typeof gicSchema>;
export type InterruptDescription = z.infer<typeof interruptSchema>;
export type IrqRef = z.infer<typeof irqRefSchema>;
export type ShmemRef = z.infer<typeof shmemRefSchema>;
export type MboxRef = z.infer<typeof mboxRefSchema>;
export type ScmiChannelDescription = z.infer<typeof scmiChannelSchema>;
export type ScmiProtocolDescription = z.infer<typeof scmiProtocolSchema>;
export type ScmiDescription = z.infer<typeof scmiSchema>;
export type OpteeDescription = z.infer<typeof opteeSchema>;
export type PsciDescription = z.infer<typeof psciSchema>;
export type MailboxDescription = z.infer<typeof mailboxSchema>;
export type ScmiUse = z.infer<typeof scmiUseSchema>;
export type ConsumerDescription = z.infer<typeof consumerSchema>;

export function toHex(value: bigint | number): string {
  return `0x${BigInt(value).toString(16)}`;
}

export function fromHex(value: string): bigint {
  return BigInt(value);
}
