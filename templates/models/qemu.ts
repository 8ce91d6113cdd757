/**
 * `qemu.sh`: QEMU's `virt` machine standing in for a board. virt has one CPU type, RAM at
 * 0x40000000, a GICv2 or GICv3 and (with `secure=on`) an EL3 for TF-A + OP-TEE; a board fits when
 * its tree needs no more than that. What does not fit is said as an `emit/qemu-*` diagnostic:
 * errors when no script can stand in, warnings where the script approximates the board.
 */
import { z } from 'zod';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import type { DeviceTree } from '../../compiler/tree/tree.js';
import type { PlatformDescription } from '../../runtime/platform/description.js';
import { type Built, sizeText, spanOfPath } from './common.js';

/** DT CPU compatible → QEMU 7.2+ `-cpu` name accepted by `virt` in qemu-system-aarch64. */
export const QEMU_CPUS: Readonly<Record<string, string>> = {
  'arm,cortex-a7': 'cortex-a7',
  'arm,cortex-a15': 'cortex-a15',
  'arm,cortex-a35': 'cortex-a35',
  'arm,cortex-a53': 'cortex-a53',
  'arm,cortex-a55': 'cortex-a55',
  'arm,cortex-a57': 'cortex-a57',
  'arm,cortex-a72': 'cortex-a72',
  'arm,cortex-a76': 'cortex-a76',
  'arm,neoverse-n1': 'neoverse-n1',
  'fujitsu,a64fx': 'a64fx',
};

/**
 * Cores other vendors built to the Arm architecture (their own microarchitecture, Arm's ISA): QEMU
 * has no model of them, but `-cpu max` runs the same code.
 */
const ARM_IMPLEMENTATIONS =
  /^(qcom,(kryo|oryon|falkor|krait|scorpion)|nvidia,(tegra\d+-)?(denver|carmel)|apple,|cavium,thunder|brcm,(brahma|vulcan)|ampere,|hisilicon,|marvell,|amcc,)/;

/** GICv2 has 8 CPU interfaces; virt's GICv3 redistributor space takes up to 512 CPUs. */
const MAX_CPUS = { gicv2: 8, gicv3: 512 } as const;
const VIRT_RAM_BASE = 0x4000_0000n;

/** RAM given to QEMU when the tree leaves /memory to the bootloader. */
const DEFAULT_RAM = 0x40000000n;

export const qemuModelSchema = z.strictObject({
  board: z.string(),
  model: z.string(),
  machine: z.string().regex(/^virt(,[a-z-]+=[a-z0-9]+)*$/),
  cpu: z.string().regex(/^[a-z0-9-]+$/),
  smp: z.number().int().min(1).max(512),
  memoryMiB: z.number().int().min(1),
  memoryText: z.string(),
  gicVersion: z.union([z.literal(2), z.literal(3)]),
  secure: z.boolean(),
  /** Why secure=on (tree facts: node paths), or why not. */
  secureReasons: z.array(z.string()),
  /** Where the script differs from the board. */
  approximations: z.array(z.string()),
});
export type QemuModel = z.infer<typeof qemuModelSchema>;

export interface QemuInputs {
  board: string;
  tree: DeviceTree;
  description: PlatformDescription;
  /** `compatible` of each CPU, in description order. */
  cpuCompatibles: readonly (readonly string[])[];
}

export function buildQemuModel(inputs: QemuInputs): Built<QemuModel> {
  const { tree, description: d } = inputs;
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const approximations: string[] = [];
  const cannot = (message: string, path: string, hint: string) =>
    errors.push({
      code: 'emit/qemu-unrepresentable',
      severity: 'error',
      message: `QEMU virt cannot stand in for this board: ${message}`,
      nodePath: path,
      ...spanOfPath(tree, path),
      hint,
    });
  const approximate = (message: string, path: string) => {
    approximations.push(message);
    warnings.push({
      code: 'emit/qemu-approximation',
      severity: 'warning',
      message: `qemu.sh approximates the board: ${message}`,
      nodePath: path,
      ...spanOfPath(tree, path),
    });
  };

  // CPUs: virt has one CPU type; Arm cores only.
  const cpuTypes = inputs.cpuCompatibles.map((c) => {
    for (const x of c) if (QEMU_CPUS[x]) return QEMU_CPUS[x]!;
    return undefined;
  });
  if (d.cpus.length === 0)
    cannot('the tree has no /cpus/cpu nodes', '/cpus', 'describe the CPUs under /cpus');
  const unknown = cpuTypes.indexOf(undefined);
  let cpu = cpuTypes[0] ?? 'max';
  if (unknown >= 0) {
    const compat = inputs.cpuCompatibles[unknown]?.[0] ?? '(no compatible)';
    const path = d.cpus[unknown]?.path ?? '/cpus';
    if (!compat.startsWith('arm,') && !ARM_IMPLEMENTATIONS.test(compat) && compat !== '(no compatible)')
      cannot(
        `CPU ${compat} is not an Arm core virt can run`,
        path,
        'qemu-system-aarch64 -M virt runs Arm A-profile cores only',
      );
    else {
      approximate(`CPU ${compat} has no QEMU model of its own; using -cpu max`, path);
      cpu = 'max';
    }
  }
  const distinct = [...new Set(cpuTypes.filter((t) => t !== undefined))];
  if (distinct.length > 1) {
    approximate(`heterogeneous CPUs (${distinct.join(', ')}); virt has one CPU type, using ${cpu}`, '/cpus');
  }

  // Interrupt controller: the primary GICv2/v3.
  const gic = d.interruptControllers.find((g) => g.primary) ?? d.interruptControllers[0];
  let gicVersion: 2 | 3 = 3;
  if (!gic || gic.model === 'other')
    cannot('no GICv2/GICv3 interrupt controller', '/', 'virt only has an Arm GIC (gic-version=2 or 3)');
  else {
    gicVersion = gic.model === 'gicv2' ? 2 : 3;
    if (d.cpus.length > MAX_CPUS[gic.model])
      cannot(
        `${d.cpus.length} CPUs on a ${gic.model.toUpperCase()} (at most ${MAX_CPUS[gic.model]})`,
        gic.path,
        gicVersion === 2 ? 'a GICv2 has 8 CPU interfaces' : 'virt supports at most 512 CPUs',
      );
  }

  // Memory: virt's RAM is one block at 0x40000000; the size is what Linux will see.
  const ram = d.memory.filter((m) => m.kind === 'memory');
  let bytes = ram.reduce((sum, m) => sum + BigInt(m.size), 0n);
  if (ram.length === 0 || bytes === 0n) {
    // Most upstream boards leave /memory to the bootloader (absent, or `reg = <0 0 0 0>`): the
    // size is not the tree's to give, so the script picks one and says so.
    bytes = DEFAULT_RAM;
    approximate(
      `the tree gives no RAM size (the bootloader fills /memory in); using ${sizeText(bytes)}`,
      ram[0]?.path ?? '/',
    );
  } else {
    if (ram.length > 1 || BigInt(ram[0]!.base) !== VIRT_RAM_BASE)
      approximate(
        `RAM is one block of ${sizeText(bytes)} at 0x40000000 (the board has ${ram
          .map((m) => `${m.size}@${m.base}`)
          .join(', ')})`,
        ram[0]!.path,
      );
  }

  const secureReasons = secureWorld(d);
  const machine = `virt,gic-version=${gicVersion}${secureReasons.length > 0 ? ',secure=on' : ''}`;
  if (errors.length > 0) return { model: undefined, diagnostics: [...errors, ...warnings] };
  const model = qemuModelSchema.parse({
    board: inputs.board,
    model: d.model ?? inputs.board,
    machine,
    cpu,
    smp: d.cpus.length,
    memoryMiB: Number((bytes + 0xfffffn) / 0x100000n),
    memoryText: sizeText(bytes),
    gicVersion,
    secure: secureReasons.length > 0,
    secureReasons,
    approximations,
  });
  return { model, diagnostics: warnings };
}

/** Firmware interfaces that need an EL3 (TF-A) and a secure world: QEMU's `secure=on`. */
function secureWorld(d: PlatformDescription): string[] {
  const reasons: string[] = [];
  for (const o of d.optee) if (o.enabled) reasons.push(`OP-TEE at ${o.path}`);
  if (d.psci?.method === 'smc') reasons.push(`PSCI over SMC at ${d.psci.path}`);
  for (const s of d.scmi)
    if (s.enabled && ['smc', 'smc-param', 'qcom-smc', 'optee'].includes(s.transport))
      reasons.push(`SCMI over ${s.transport} at ${s.path}`);
  for (const m of d.mailboxes)
    if (m.enabled && m.kind === 'smc-mbox' && m.method !== 'hvc') reasons.push(`SMC mailbox at ${m.path}`);
  return reasons;
}
