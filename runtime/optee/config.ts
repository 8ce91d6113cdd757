/**
 * What a firmware profile says about the OP-TEE build: the `CFG_*` switches that change what the
 * normal world sees through the SMC ABI. Capabilities OP-TEE derives from other settings (reserved
 * or dynamic shared memory, async notifications) are derived here too, never configured twice.
 */
import { SEC_CAP, THREAD_RPC_MAX_NUM_PARAMS } from './abi.js';

export interface OpteeConfig {
  /** `CFG_OPTEE_REVISION_MAJOR/MINOR` and the 32-bit build id (0 = unspecified). */
  revision: { major: number; minor: number; buildId: number };
  /** `CFG_NUM_THREADS`: yielding calls that may be in progress (suspended in RPC) at once. */
  threads: number;
  capabilities: {
    /** MEMREF_NULL (3.9+; always set by current OP-TEE). */
    memrefNull: boolean;
    /** RPC_ARG (3.17+): the RPC argument follows the call's argument; a3 = 4 RPC params. */
    rpcArg: boolean;
    /** RPMB_PROBE (4.4+). */
    rpmbProbe: boolean;
  };
  /** `CFG_CORE_ASYNC_NOTIF` and `CFG_CORE_ASYNC_NOTIF_GIC_INTID`. */
  asyncNotif: { enabled: boolean; intid: number };
  shm: {
    /** Reserved (static) shared memory OP-TEE reports with GET_SHM_CONFIG (HAVE_RESERVED_SHM). */
    reserved?: { base: bigint; size: number };
    /** `CFG_CORE_DYN_SHM`: normal-world pages may be registered or passed directly (DYNAMIC_SHM). */
    dynamic: boolean;
  };
  /**
   * Virtual time after which a notification value nobody has fetched is reported as a `diag` trace
   * event (the notification interrupt never reached a handler). 0 disables the watchdog.
   */
  notifStaleNs: number;
}

/** OP-TEE 4.x as built for QEMU virt (qemu_armv8a): async notifications on INTID 219, dynamic shm. */
export function defaultOpteeConfig(overrides: Partial<OpteeConfig> = {}): OpteeConfig {
  return {
    revision: { major: 4, minor: 10, buildId: 0 },
    threads: 2,
    capabilities: { memrefNull: true, rpcArg: true, rpmbProbe: false },
    asyncNotif: { enabled: true, intid: 219 },
    shm: { dynamic: true },
    notifStaleNs: 10_000_000,
    ...overrides,
  };
}

/** Capability bits OP-TEE answers in EXCHANGE_CAPABILITIES a1 (`tee_entry_exchange_capabilities`). */
export function secureCapabilities(config: OpteeConfig): number {
  let caps = 0;
  if (config.shm.reserved) caps |= SEC_CAP.HAVE_RESERVED_SHM;
  if (config.shm.dynamic) caps |= SEC_CAP.DYNAMIC_SHM;
  if (config.capabilities.memrefNull) caps |= SEC_CAP.MEMREF_NULL;
  if (config.asyncNotif.enabled) caps |= SEC_CAP.ASYNC_NOTIF;
  if (config.capabilities.rpcArg) caps |= SEC_CAP.RPC_ARG;
  if (config.capabilities.rpmbProbe) caps |= SEC_CAP.RPMB_PROBE;
  return caps;
}

/** `NOTIF_VALUE_MAX = NOTIF_SYNC_VALUE_BASE + CFG_NUM_THREADS`, reported in a2 with ASYNC_NOTIF. */
export function maxNotifValue(config: OpteeConfig): number {
  return 64 + config.threads;
}

/** a3 of EXCHANGE_CAPABILITIES: RPC parameter count, with RPC_ARG only. */
export function rpcParamCount(config: OpteeConfig): number {
  return config.capabilities.rpcArg ? THREAD_RPC_MAX_NUM_PARAMS : 0;
}
