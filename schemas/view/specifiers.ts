import type { Node } from '../../compiler/tree/tree.js';
import type { PhandleIndex } from '../types/phandles.js';
import type { Issue } from '../types/result.js';
import { compatibleOf } from '../types/status.js';

/**
 * Named interrupt-specifier cells, per controller binding (Zephyr's `interrupt-cells` names). Each
 * decoder reads the cells of one specifier in its controller's domain; issue cell indexes are relative
 * to the specifier. Issues are facts about the specifier: the validator turns them into diagnostics,
 * the runtime refuses to wire what it cannot decode.
 */

export type GicInterruptType = 'spi' | 'ppi' | 'espi' | 'eppi';
export type InterruptTrigger = 'edge-rising' | 'edge-falling' | 'level-high' | 'level-low';

export interface GicInterrupt {
  kind: 'gic';
  type: GicInterruptType;
  /** The number within its type (cell 1). */
  number: number;
  /** The GIC INTID: SPI 32+n, PPI 16+n, ESPI 4096+n, EPPI 1056+n. */
  intid: number;
  /** Undefined when the flags cell names no single valid trigger (issue reported). */
  trigger: InterruptTrigger | undefined;
  /** GICv1/v2 PPIs: bits [15:8] of the flags, one bit per CPU interface. */
  cpuMask?: number;
  /** GICv3 4-cell form: the `interrupt-partition-N` node the PPI is affine to. */
  partition?: Node;
}

/** A specifier of a controller we have no named cells for: kept as raw cells. */
export interface GenericInterrupt {
  kind: 'generic';
  cells: number[];
}

export type InterruptSpecifier = GicInterrupt | GenericInterrupt;

export interface DecodedSpecifier {
  value: InterruptSpecifier;
  issues: Issue[];
}

export type SpecifierDecoder = (
  cells: readonly number[],
  controller: Node,
  index: PhandleIndex,
) => DecodedSpecifier;

export const GIC_V2_COMPATIBLES: readonly string[] = [
  'arm,arm11mp-gic',
  'arm,arm1176jzf-devchip-gic',
  'arm,cortex-a15-gic',
  'arm,cortex-a7-gic',
  'arm,cortex-a5-gic',
  'arm,cortex-a9-gic',
  'arm,eb11mp-gic',
  'arm,gic-400',
  'arm,pl390',
  'arm,tc11mp-gic',
  'brcm,brahma-b15-gic',
  'qcom,msm-8660-qgic',
  'qcom,msm-qgic2',
  'nvidia,tegra210-agic',
];
export const GIC_V3_COMPATIBLES: readonly string[] = ['arm,gic-v3'];

const TRIGGERS: Record<number, InterruptTrigger> = {
  1: 'edge-rising',
  2: 'edge-falling',
  4: 'level-high',
  8: 'level-low',
};

interface TypeInfo {
  type: GicInterruptType;
  max: number;
  base: number;
}
const GIC_TYPES: readonly TypeInfo[] = [
  { type: 'spi', max: 987, base: 32 },
  { type: 'ppi', max: 15, base: 16 },
  { type: 'espi', max: 1023, base: 4096 },
  { type: 'eppi', max: 63, base: 1056 },
];

function decodeGic(
  cells: readonly number[],
  controller: Node,
  index: PhandleIndex,
  v3: boolean,
): DecodedSpecifier {
  const issues: Issue[] = [];
  const raw: GenericInterrupt = { kind: 'generic', cells: [...cells] };
  const allowedCounts = v3 ? [3, 4] : [3];
  if (!allowedCounts.includes(cells.length)) {
    issues.push({
      rule: 'gic-cell-count',
      message: `a ${v3 ? 'GICv3' : 'GIC'} interrupt specifier has ${allowedCounts.join(' or ')} cells, not ${cells.length}`,
      cell: 0,
      count: cells.length,
    });
    return { value: raw, issues };
  }
  const typeCell = cells[0]!;
  const info = GIC_TYPES[typeCell];
  if (!info || (!v3 && typeCell > 1)) {
    issues.push({
      rule: 'gic-type',
      message: `interrupt type ${typeCell} is not ${v3 ? 'SPI (0), PPI (1), ESPI (2) or EPPI (3)' : 'SPI (0) or PPI (1)'}`,
      cell: 0,
      count: 1,
    });
    return { value: raw, issues };
  }
  const number = cells[1]!;
  if (number > info.max)
    issues.push({
      rule: 'gic-number-range',
      message: `${info.type.toUpperCase()} number ${number} is out of range 0-${info.max}`,
      cell: 1,
      count: 1,
    });
  const flags = cells[2]!;
  const sense = flags & 0xf;
  let trigger: InterruptTrigger | undefined = TRIGGERS[sense];
  const shared = info.type === 'spi' || info.type === 'espi';
  if (trigger === undefined) {
    issues.push({
      rule: 'gic-trigger',
      severity: sense === 0 ? 'warning' : 'error',
      message:
        sense === 0
          ? 'the flags cell gives no trigger type (IRQ_TYPE_NONE); the controller keeps its reset configuration'
          : `trigger flags ${sense} do not name one trigger type (1 rising, 2 falling, 4 high, 8 low)`,
      cell: 2,
      count: 1,
    });
  } else if (shared && (trigger === 'edge-falling' || trigger === 'level-low')) {
    issues.push({
      rule: 'gic-spi-trigger',
      message: `${info.type.toUpperCase()}s can only be rising-edge or active-high level, not ${trigger}`,
      hint: 'use IRQ_TYPE_EDGE_RISING or IRQ_TYPE_LEVEL_HIGH, with an inverter in the wiring if needed',
      cell: 2,
      count: 1,
    });
    trigger = undefined;
  }
  const value: GicInterrupt = {
    kind: 'gic',
    type: info.type,
    number,
    intid: info.base + number,
    trigger,
  };
  const mask = (flags >>> 8) & 0xff;
  if (!v3 && mask !== 0) {
    if (info.type === 'ppi') value.cpuMask = mask;
    else
      issues.push({
        rule: 'gic-cpu-mask',
        severity: 'warning',
        message: 'a CPU mask (flags bits 15:8) only applies to PPIs',
        cell: 2,
        count: 1,
      });
  }
  if (v3 && cells.length === 4 && cells[3] !== 0) {
    const target = index.get(cells[3]!);
    const partitions = controller.child('ppi-partitions');
    if (info.type !== 'ppi' && info.type !== 'eppi')
      issues.push({
        rule: 'gic-partition',
        message: 'the 4th cell (PPI partition) must be 0 for interrupts that are not PPIs',
        cell: 3,
        count: 1,
      });
    else if (!target || !partitions || target.parent !== partitions)
      issues.push({
        rule: 'gic-partition',
        message: `the 4th cell must be the phandle of a node under ${controller.path}/ppi-partitions`,
        cell: 3,
        count: 1,
      });
    else value.partition = target;
  }
  return { value, issues };
}

export const decodeGicV2Specifier: SpecifierDecoder = (cells, controller, index) =>
  decodeGic(cells, controller, index, false);
export const decodeGicV3Specifier: SpecifierDecoder = (cells, controller, index) =>
  decodeGic(cells, controller, index, true);

const DECODERS: ReadonlyMap<string, SpecifierDecoder> = new Map([
  ...GIC_V2_COMPATIBLES.map((c) => [c, decodeGicV2Specifier] as const),
  ...GIC_V3_COMPATIBLES.map((c) => [c, decodeGicV3Specifier] as const),
]);

/** The specifier decoder for a controller, by its most specific known compatible. */
export function specifierDecoderFor(controller: Node): SpecifierDecoder | undefined {
  for (const c of compatibleOf(controller)) {
    const d = DECODERS.get(c);
    if (d) return d;
  }
  return undefined;
}

export function decodeSpecifier(
  cells: readonly number[],
  controller: Node,
  index: PhandleIndex,
): DecodedSpecifier {
  const decoder = specifierDecoderFor(controller);
  if (!decoder) return { value: { kind: 'generic', cells: [...cells] }, issues: [] };
  return decoder(cells, controller, index);
}
