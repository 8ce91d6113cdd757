import { type CheckDefinition, defineCheck } from '../define-check.js';
import { isCellCheck } from '../kinds.js';
import { checkPhandleArgs } from './phandle-args.js';

/**
 * The 16 `<&provider args…>` properties dtc checks, each with its provider's cells property.
 * Each row yields two checks, `<name>_property` and `<name>_is_cell`, in dtc's table order.
 */
const PROVIDERS = [
  { name: 'clocks', property: 'clocks', cells: '#clock-cells' },
  { name: 'cooling_device', property: 'cooling-device', cells: '#cooling-cells' },
  { name: 'dmas', property: 'dmas', cells: '#dma-cells' },
  { name: 'hwlocks', property: 'hwlocks', cells: '#hwlock-cells' },
  { name: 'interrupts_extended', property: 'interrupts-extended', cells: '#interrupt-cells' },
  { name: 'io_channels', property: 'io-channels', cells: '#io-channel-cells' },
  { name: 'iommus', property: 'iommus', cells: '#iommu-cells' },
  { name: 'mboxes', property: 'mboxes', cells: '#mbox-cells' },
  { name: 'msi_parent', property: 'msi-parent', cells: '#msi-cells', optional: true },
  { name: 'mux_controls', property: 'mux-controls', cells: '#mux-control-cells' },
  { name: 'phys', property: 'phys', cells: '#phy-cells' },
  { name: 'power_domains', property: 'power-domains', cells: '#power-domain-cells' },
  { name: 'pwms', property: 'pwms', cells: '#pwm-cells' },
  { name: 'resets', property: 'resets', cells: '#reset-cells' },
  { name: 'sound_dai', property: 'sound-dai', cells: '#sound-dai-cells' },
  { name: 'thermal_sensors', property: 'thermal-sensors', cells: '#thermal-sensor-cells' },
] as const;

function kebab(name: string): string {
  return name.replaceAll('_', '-');
}

function propertyCheck(row: (typeof PROVIDERS)[number]): CheckDefinition {
  const provider = { cellsProperty: row.cells, optional: 'optional' in row && row.optional };
  const example = (args: string) =>
    `/dts-v1/;\n/ { p: provider { ${row.cells} = <1>; }; consumer { ${row.property} = <${args}>; }; };\n`;
  return defineCheck({
    id: `phandle/${kebab(row.name)}-property`,
    dtcName: `${row.name}_property`,
    severity: 'warning',
    requires: [`${row.name}_is_cell`, 'phandle_references'],
    summary: `\`${row.property}\` entries must be a phandle to a node with \`${row.cells}\` followed by that many cells.`,
    examples: { valid: example('&p 1'), invalid: example('&p 1 7') },
    visitProperty: {
      name: row.property,
      visit: (node, prop, ctx) => checkPhandleArgs(node, prop, provider, ctx),
    },
  });
}

function isCell(row: (typeof PROVIDERS)[number]): CheckDefinition {
  return isCellCheck({
    id: `phandle/${kebab(row.name)}-is-cell`,
    dtcName: `${row.name}_is_cell`,
    severity: 'warning',
    property: row.cells,
    summary: `\`${row.cells}\` that is not exactly one cell.`,
    examples: {
      valid: `/dts-v1/;\n/ { provider { ${row.cells} = <1>; }; };\n`,
      invalid: `/dts-v1/;\n/ { provider { ${row.cells} = <1 1>; }; };\n`,
    },
  });
}

/** The 32 checks, `<name>_property` before `<name>_is_cell` as dtc lists them. */
export const phandleArrayChecks: readonly CheckDefinition[] = PROVIDERS.flatMap((row) => [
  propertyCheck(row),
  isCell(row),
]);
