/**
 * Constants of the flattened device tree format (devicetree specification §5, dtc's `libfdt/fdt.h`).
 * Kept in one place so the writer and the reader cannot disagree.
 */

export const FDT_MAGIC = 0xd00dfeed;

/** Structure-block tokens. */
export const FDT_BEGIN_NODE = 0x1;
export const FDT_END_NODE = 0x2;
export const FDT_PROP = 0x3;
export const FDT_NOP = 0x4;
export const FDT_END = 0x9;

/** Header sizes by version: v1 has 7 words, v2 adds boot_cpuid_phys, v3 size_dt_strings, v17 size_dt_struct. */
export const FDT_V1_SIZE = 7 * 4;
export const FDT_V2_SIZE = FDT_V1_SIZE + 4;
export const FDT_V3_SIZE = FDT_V2_SIZE + 4;
export const FDT_V17_SIZE = FDT_V3_SIZE + 4;

/** The version we write and the oldest version a v17 reader must still understand. */
export const FDT_WRITE_VERSION = 17;
export const FDT_LAST_COMP_VERSION = 16;

/** One memory-reservation entry: u64 address, u64 size. */
export const FDT_RESERVE_ENTRY_SIZE = 16;

/** Byte offsets of the header fields. */
export const HDR = {
  magic: 0,
  totalsize: 4,
  offDtStruct: 8,
  offDtStrings: 12,
  offMemRsvmap: 16,
  version: 20,
  lastCompVersion: 24,
  bootCpuidPhys: 28,
  sizeDtStrings: 32,
  sizeDtStruct: 36,
} as const;

export function align(value: number, to: number): number {
  return Math.ceil(value / to) * to;
}
