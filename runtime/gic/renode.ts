/**
 * Renode's numbering of GIC inputs (protocols §7.1, checklist 13), so a platform wired "as data"
 * in Renode's style reaches the same INTIDs: `-> gic@N` is SPI N (INTID N + 32), and a per-CPU
 * local receiver `-> gic#C@M` is INTID M on CPU C, where PPIs are numbered 16 + n (a generic timer
 * wired `-> gic#0@30` is the non-secure physical timer PPI 14 of CPU 0). Only SPIs and PPIs have a
 * Renode form; other INTIDs give undefined.
 */
import type { InterruptController, InterruptLine } from '../core/interrupts.js';

export interface GicInput {
  intid: number;
  /** The CPU of a per-CPU (PPI) input. */
  cpu?: number;
}

/** `gic@N` for an SPI, `gic#C@INTID` for a PPI of CPU C. */
export function renodeTarget(input: GicInput, gicName = 'gic'): string | undefined {
  const { intid, cpu } = input;
  if (intid >= 32 && intid < 1020) return `${gicName}@${intid - 32}`;
  if (intid >= 16 && intid < 32 && cpu !== undefined) return `${gicName}#${cpu}@${intid}`;
  return undefined;
}

/** Parses `gic@N` / `gic#C@M` (decimal or 0x-hex numbers) back to an input. */
export function parseRenodeTarget(text: string, gicName = 'gic'): GicInput | undefined {
  const m = /^([A-Za-z_][\w]*)(?:#(\d+))?@(0x[0-9a-fA-F]+|\d+)$/.exec(text.trim());
  if (!m || m[1] !== gicName) return undefined;
  const n = Number(m[3]);
  if (m[2] === undefined) return n <= 987 ? { intid: n + 32 } : undefined;
  const cpu = Number(m[2]);
  return n >= 16 && n < 32 ? { intid: n, cpu } : undefined;
}

/** The line a Renode-style reference names on a GIC model. */
export function wireRenode(
  gic: InterruptController,
  text: string,
  gicName = 'gic',
): InterruptLine | undefined {
  const input = parseRenodeTarget(text, gicName);
  return input ? gic.line(input.intid, input.cpu) : undefined;
}
