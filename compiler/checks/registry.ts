import { addrSizeCells } from './addr/addr-size-cells.js';
import { avoidDefaultAddrSize } from './addr/avoid-default-addr-size.js';
import { avoidUnnecessaryAddrSize } from './addr/avoid-unnecessary-addr-size.js';
import { dmaRangesFormat } from './addr/dma-ranges-format.js';
import { rangesFormat } from './addr/ranges-format.js';
import { regFormat } from './addr/reg-format.js';
import { uniqueUnitAddress } from './addr/unique-unit-address.js';
import { uniqueUnitAddressIfEnabled } from './addr/unique-unit-address-if-enabled.js';
import { unitAddressFormat } from './addr/unit-address-format.js';
import { unitAddressVsReg } from './addr/unit-address-vs-reg.js';
import { aliasPaths } from './aliases/alias-paths.js';
import { i2cBusBridge } from './bus/i2c-bus-bridge.js';
import { i2cBusReg } from './bus/i2c-bus-reg.js';
import { pciBridge } from './bus/pci-bridge.js';
import { pciDeviceBusNum } from './bus/pci-device-bus-num.js';
import { pciDeviceReg } from './bus/pci-device-reg.js';
import { simpleBusBridge } from './bus/simple-bus-bridge.js';
import { simpleBusReg } from './bus/simple-bus-reg.js';
import { spiBusBridge } from './bus/spi-bus-bridge.js';
import { spiBusReg } from './bus/spi-bus-reg.js';
import { chosenNodeBootargs } from './chosen/bootargs.js';
import { chosenNodeIsRoot } from './chosen/node-is-root.js';
import { obsoleteChosenInterruptController } from './chosen/obsolete-interrupt-controller.js';
import { chosenNodeStdoutPath } from './chosen/stdout-path.js';
import type { CheckDefinition } from './define-check.js';
import { graphEndpoint } from './graph/graph-endpoint.js';
import { graphNodes } from './graph/graph-nodes.js';
import { graphPort } from './graph/graph-port.js';
import { interruptMap } from './irq/interrupt-map.js';
import { interruptProvider } from './irq/interrupt-provider.js';
import { interruptsProperty } from './irq/interrupts-property.js';
import { deprecatedGpioProperty } from './phandle/deprecated-gpio-property.js';
import { gpiosProperty } from './phandle/gpios-property.js';
import { phandleArrayChecks } from './phandle/phandle-arrays.js';
import { explicitPhandle } from './ref/explicit-phandle.js';
import { omitUnusedNodes } from './ref/omit-unused-nodes.js';
import { pathReference } from './ref/path-reference.js';
import { phandleReference } from './ref/phandle-reference.js';
import { alwaysFail } from './test/always-fail.js';
import { duplicateLabel } from './tree/duplicate-label.js';
import { duplicateNodeName } from './tree/duplicate-node-name.js';
import { duplicatePropertyName } from './tree/duplicate-property-name.js';
import { nameIsString } from './tree/name-is-string.js';
import { nameProperty } from './tree/name-property.js';
import { nodeNameChars } from './tree/node-name-chars.js';
import { nodeNameCharsStrict } from './tree/node-name-chars-strict.js';
import { nodeNameFormat } from './tree/node-name-format.js';
import { nodeNameNotEmpty } from './tree/node-name-not-empty.js';
import { nodeNameVsPropertyName } from './tree/node-name-vs-property-name.js';
import { propertyNameChars } from './tree/property-name-chars.js';
import { propertyNameCharsStrict } from './tree/property-name-chars-strict.js';
import { addressCellsIsCell } from './type/address-cells-is-cell.js';
import { compatibleIsStringList } from './type/compatible-is-string-list.js';
import { deviceTypeIsString } from './type/device-type-is-string.js';
import { labelIsString } from './type/label-is-string.js';
import { modelIsString } from './type/model-is-string.js';
import { namesIsStringList } from './type/names-is-string-list.js';
import { sizeCellsIsCell } from './type/size-cells-is-cell.js';
import { statusIsString } from './type/status-is-string.js';

/**
 * Every structural check, in dtc 1.8.1's table order. Order matters: dtc runs the enabled checks
 * in this order, each over the whole tree, and later checks read what earlier ones recorded (cell
 * counts, bus kinds); once an error-level check fails, the checks after it do not run.
 */
export const CHECKS: readonly CheckDefinition[] = Object.freeze([
  duplicateNodeName,
  duplicatePropertyName,
  nodeNameChars,
  nodeNameFormat,
  nodeNameNotEmpty,
  propertyNameChars,
  nameIsString,
  nameProperty,
  nodeNameVsPropertyName,

  duplicateLabel,

  explicitPhandle,
  phandleReference,
  pathReference,
  omitUnusedNodes,

  addressCellsIsCell,
  sizeCellsIsCell,
  deviceTypeIsString,
  modelIsString,
  statusIsString,
  labelIsString,

  compatibleIsStringList,
  namesIsStringList,

  propertyNameCharsStrict,
  nodeNameCharsStrict,

  addrSizeCells,
  regFormat,
  rangesFormat,
  dmaRangesFormat,

  unitAddressVsReg,
  unitAddressFormat,

  pciBridge,
  pciDeviceReg,
  pciDeviceBusNum,

  simpleBusBridge,
  simpleBusReg,

  i2cBusBridge,
  i2cBusReg,

  spiBusBridge,
  spiBusReg,

  avoidDefaultAddrSize,
  avoidUnnecessaryAddrSize,
  uniqueUnitAddress,
  uniqueUnitAddressIfEnabled,
  obsoleteChosenInterruptController,
  chosenNodeIsRoot,
  chosenNodeBootargs,
  chosenNodeStdoutPath,

  ...phandleArrayChecks,

  deprecatedGpioProperty,
  gpiosProperty,
  interruptsProperty,
  interruptProvider,
  interruptMap,

  aliasPaths,

  graphNodes,
  graphPort,
  graphEndpoint,

  alwaysFail,
]);

const byDtcName = new Map(CHECKS.map((c) => [c.dtcName, c]));
const byId = new Map(CHECKS.map((c) => [c.id, c]));

export function checkByDtcName(name: string): CheckDefinition | undefined {
  return byDtcName.get(name);
}

export function checkById(id: string): CheckDefinition | undefined {
  return byId.get(id);
}

/** A check named either way: dtc's name (`reg_format`) or our code (`addr/reg-format`). */
export function findCheck(name: string): CheckDefinition | undefined {
  return byDtcName.get(name) ?? byId.get(name);
}

/** dtc's name for a diagnostic code that belongs to a check. */
export function dtcNameOf(code: string): string | undefined {
  return byId.get(code)?.dtcName;
}
