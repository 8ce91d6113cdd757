import changedRequest from './changed-request.js';
import type { KconfigRule } from './define.js';
import instanceLimit from './instance-limit.js';
import kernelVersion from './kernel-version.js';
import moduleEarlyProvider from './module-early-provider.js';
import noDriver from './no-driver.js';
import noUpstreamDriver from './no-upstream-driver.js';
import providerNotDrivable from './provider-not-drivable.js';
import selectUnmetDependency from './select-unmet-dependency.js';
import treeScmiOpteeWithoutOptee from './tree-scmi-optee-without-optee.js';
import treeSupplier from './tree-supplier.js';
import treeSupplierCycle from './tree-supplier-cycle.js';
import undefinedSymbol from './undefined-symbol.js';

/** Every Kconfig rule, once. `test/kconfig/rules/registry.test.ts` keeps this list honest. */
export const kconfigRules: readonly KconfigRule[] = [
  noDriver, // R1
  changedRequest, // R2
  providerNotDrivable, // R3
  kernelVersion, // R4
  moduleEarlyProvider, // R5
  noUpstreamDriver, // R6
  instanceLimit, // R7
  undefinedSymbol, // R8
  selectUnmetDependency, // R9
  treeSupplier,
  treeScmiOpteeWithoutOptee,
  treeSupplierCycle,
];

export function kconfigRuleById(id: string): KconfigRule | undefined {
  return kconfigRules.find((r) => r.id === id);
}
