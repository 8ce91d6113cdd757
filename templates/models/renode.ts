/**
 * `platform.repl`: a Renode platform description of what Renode has models for — memory, CPUs, the
 * GIC, the generic timers and a few Arm peripherals — with every interrupt line wired by Renode's
 * numbering (protocols §7.1, §8 item 13): `-> gic@N` is SPI N (INTID N+32); a PPI goes to the CPU's
 * local receiver `gic#<cpu>@<16+n>`. Lines to nodes Renode has no model for (OP-TEE, SCMI, MHUs) are
 * listed as comments so the wiring stays visible.
 */
import { z } from 'zod';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import type { DeviceTree } from '../../compiler/tree/tree.js';
import type { InterruptDescription, PlatformDescription } from '../../runtime/platform/description.js';
import { renodeIdentifier } from '../escape.js';
import type { Built } from './common.js';
import { QEMU_CPUS } from './qemu.js';

/** DT compatible → Renode peripheral type registered on sysbus with one interrupt output. */
const PERIPHERALS: Readonly<Record<string, string>> = {
  'arm,pl011': 'UART.PL011',
  'arm,pl031': 'Timers.PL031',
  'arm,pl061': 'GPIOPort.PL061',
  'arm,sp805': 'Timers.SP805_Watchdog',
};

/** arm,armv8-timer `interrupts` order → Renode ARM_GenericTimer outputs. */
const TIMER_OUTPUTS = [
  'EL3PhysicalTimerIRQ',
  'EL1PhysicalTimerIRQ',
  'EL1VirtualTimerIRQ',
  'NonSecureEL2PhysicalTimerIRQ',
  'NonSecureEL2VirtualTimerIRQ',
];

const hex = z.string().regex(/^0x[0-9a-f]+$/);
const id = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/);
/** A Renode interrupt destination as our numbering rules write it: `gic@N` or `gic#C@M`. */
const destination = z.string().regex(/^gic(#\d+)?@\d+$/);

export const renodeModelSchema = z.strictObject({
  board: z.string(),
  model: z.string(),
  memory: z.array(z.strictObject({ name: id, path: z.string(), base: hex, size: hex })),
  cpus: z.array(
    z.strictObject({
      name: id,
      path: z.string(),
      type: z.enum(['CPU.ARMv8A', 'CPU.ARMv7A']),
      cpuType: z.string(),
      index: z.number().int().min(0),
    }),
  ),
  gic: z.strictObject({
    path: z.string(),
    version: z.enum(['GICv2', 'GICv3']),
    distributor: z.strictObject({ base: hex, size: hex }),
    /** GICv2: the CPU interface. */
    cpuInterface: z.strictObject({ base: hex, size: hex }).nullable(),
    /** GICv3: one redistributor frame pair per CPU. */
    redistributors: z.array(z.strictObject({ cpu: id, base: hex })),
    outputs: z.array(z.strictObject({ first: z.number().int(), last: z.number().int(), cpu: id })),
  }),
  timers: z.array(
    z.strictObject({
      name: id,
      cpu: id,
      frequency: z.number().int().min(1),
      lines: z.array(
        z.strictObject({ output: z.enum(TIMER_OUTPUTS as [string, ...string[]]), to: destination }),
      ),
    }),
  ),
  peripherals: z.array(
    z.strictObject({ name: id, path: z.string(), type: z.string(), base: hex, line: destination }),
  ),
  /** Lines Renode has no model for at either end, or that use a numbering Renode lacks. */
  unwired: z.array(z.strictObject({ path: z.string(), what: z.string() })),
});
export type RenodeModel = z.infer<typeof renodeModelSchema>;

export interface NodeFacts {
  name: string;
  compatible: readonly string[];
  clockFrequency?: number;
  /** CPU address of the first `reg` entry. */
  regBase?: string;
}

export interface RenodeInputs {
  board: string;
  tree: DeviceTree;
  description: PlatformDescription;
  cpuCompatibles: readonly (readonly string[])[];
  /** Facts of the node at a path (from the typed view). */
  nodeFacts: (path: string) => NodeFacts;
}

/** Renode destination for one GIC line seen from CPU `cpu`, or why it has none. */
export function renodeDestination(
  irq: Pick<InterruptDescription, 'type' | 'number'>,
  cpu = 0,
): string | undefined {
  if (irq.type === 'spi') return `gic@${irq.number}`;
  if (irq.type === 'ppi') return `gic#${cpu}@${16 + irq.number}`;
  return undefined;
}

export function buildRenodeModel(inputs: RenodeInputs): Built<RenodeModel> {
  const d = inputs.description;
  const diagnostics: Diagnostic[] = [];
  const gic = d.interruptControllers.find((g) => g.primary) ?? d.interruptControllers[0];
  if (!gic || gic.model === 'other' || gic.regs.length === 0) {
    diagnostics.push({
      code: 'emit/renode-no-gic',
      severity: 'error',
      message: 'no Renode platform: the board has no GICv2/GICv3 with registers to map',
      nodePath: '/',
      hint: 'Renode wires interrupts through IRQControllers.ARM_GenericInterruptController',
    });
    return { model: undefined, diagnostics };
  }
  const used = new Set(['sysbus', 'gic']);
  const unique = (wanted: string) => {
    let name = renodeIdentifier(wanted);
    for (let i = 1; used.has(name); i++) name = `${renodeIdentifier(wanted)}_${i}`;
    used.add(name);
    return name;
  };

  const memory = d.memory
    .filter((m) => m.kind === 'memory' || m.kind === 'sram')
    .map((m, i) => ({ name: unique(`${m.kind}${i}`), path: m.path, base: m.base, size: m.size }));
  const cpus = d.cpus.map((c, i) => {
    const compat = inputs.cpuCompatibles[i] ?? [];
    const qemu = compat.map((x) => QEMU_CPUS[x]).find((x) => x !== undefined);
    const cpuType = qemu ?? compat[0]?.replace(/^arm,/, '') ?? 'cortex-a53';
    const v7 = cpuType === 'cortex-a7' || cpuType === 'cortex-a15' || cpuType === 'cortex-a9';
    return {
      name: unique(`cpu${i}`),
      path: c.path,
      type: v7 ? ('CPU.ARMv7A' as const) : ('CPU.ARMv8A' as const),
      cpuType,
      index: i,
    };
  });
  const [dist, second] = gic.regs;
  const v3 = gic.model === 'gicv3';
  // GICv3 redistributors: one 128 KiB frame pair per CPU, back to back from the GICR region.
  const redistributors =
    v3 && second
      ? cpus.map((c) => ({
          cpu: c.name,
          base: `0x${(BigInt(second.base) + BigInt(c.index) * 0x20000n).toString(16)}`,
        }))
      : [];
  const gicModel = {
    path: gic.path,
    version: v3 ? ('GICv3' as const) : ('GICv2' as const),
    distributor: dist!,
    cpuInterface: !v3 && second ? second : null,
    redistributors,
    // Each CPU takes two GIC outputs: IRQ then FIQ.
    outputs: cpus.map((c) => ({ first: 2 * c.index, last: 2 * c.index + 1, cpu: c.name })),
  };

  const timers: RenodeModel['timers'] = [];
  const peripherals: RenodeModel['peripherals'] = [];
  const unwired: RenodeModel['unwired'] = [];
  const byNode = new Map<string, InterruptDescription[]>();
  for (const irq of d.interrupts) {
    if (irq.controller !== gic.path) {
      unwired.push({ path: irq.node, what: `interrupt ${irq.index} goes to ${irq.controller}, not the GIC` });
      continue;
    }
    byNode.set(irq.node, [...(byNode.get(irq.node) ?? []), irq]);
  }
  for (const [path, irqs] of byNode) {
    if (path === gic.path) continue; // the maintenance interrupt
    const facts = inputs.nodeFacts(path);
    if (facts.compatible.includes('arm,armv8-timer')) {
      for (const c of cpus)
        timers.push({
          name: unique(`timer${c.index}`),
          cpu: c.name,
          frequency: facts.clockFrequency ?? 62_500_000,
          lines: irqs.flatMap((irq) => {
            const output = TIMER_OUTPUTS[irq.index];
            const to = renodeDestination(irq, c.index);
            return output && to ? [{ output, to }] : [];
          }),
        });
      continue;
    }
    const type = facts.compatible.map((x) => PERIPHERALS[x]).find((x) => x !== undefined);
    const base = facts.regBase;
    const lines = irqs.map((irq) => renodeDestination(irq));
    // The modelled peripherals have one interrupt output (their default `IRQ`).
    const line = lines[0];
    if (type && base && lines.length === 1 && line) {
      peripherals.push({ name: unique(facts.name), path, type, base, line });
      continue;
    }
    for (const irq of irqs) {
      const to = renodeDestination(irq);
      const what = `${irq.type.toUpperCase()} ${irq.number} (INTID ${irq.intid})`;
      unwired.push({
        path,
        what: to ? `${what} -> ${to}, no Renode model for the device` : `${what}: no Renode numbering`,
      });
    }
  }

  const model = renodeModelSchema.parse({
    board: inputs.board,
    model: d.model ?? inputs.board,
    memory,
    cpus,
    gic: gicModel,
    timers,
    peripherals,
    unwired,
  });
  return { model, diagnostics };
}
