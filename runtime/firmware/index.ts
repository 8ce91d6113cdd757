/** EL3/EL2 firmware models: the registry of components and their public entry points. */
export { type InvokerOptions, NormalWorld, type NormalWorldOptions } from './conduits.js';
export { DispatchTable, type Registration, slotOf } from './dispatch-table.js';
export { El2Hypervisor, type HypervisorOptions, type OenRange } from './hypervisor.js';
export { type CallerState, El3Monitor, type MonitorOptions } from './monitor.js';
export { isNoReturn, type NoReturnReason, type NoReturnResult, noReturn, status64 } from './outcome.js';
export {
  type FirmwareProfile,
  type FirmwareProfileInput,
  firmwareProfileSchema,
  type ProfileIssue,
  parseFirmwareProfile,
} from './profile.js';
export {
  FIRMWARE_COMPONENTS,
  type FirmwareComponent,
  type FirmwareContext,
  type LevelComponent,
  type ServiceComponent,
  type SlotComponent,
} from './registry.js';
export * from './services/arch.js';
export * from './services/psci.js';
export * from './services/sip.js';
export { buildFirmware, type FirmwareStack } from './stack.js';
