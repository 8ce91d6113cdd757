/**
 * Linux's OP-TEE SMC driver (`drivers/tee/optee/smc_abi.c` `optee_probe`, compatible
 * `linaro,optee-tz`), step by step as the kernel runs it, each step a `probe` trace event. After the
 * probe: the notification interrupt's top half (GET_ASYNC_NOTIF_VALUE until no value is pending)
 * and bottom half (one DO_BOTTOM_HALF yielding call per wake), the notification waiters, the tee-bus
 * devices found through the device PTA, and the in-kernel client API.
 */
import type { PhysicalMemory } from '../../core/memory.js';
import type { Scheduler } from '../../core/scheduler.js';
import type { SmcccInvoker } from '../../core/smc.js';
import { hex, type Trace } from '../../core/trace.js';
import {
  ASYNC_NOTIF_PENDING,
  ASYNC_NOTIF_VALID,
  fromRegPair,
  LOGIN,
  MSG_CMD,
  NOTIF_VALUE_DO_BOTTOM_HALF,
  NSEC_CAP_UNIPROCESSOR,
  OPTEE_DEFAULT_MAX_NOTIF_VALUE,
  OPTEE_MSG_UID,
  OPTEE_RET,
  OPTEE_SMC,
  octetsToUuid,
  PTA_CMD_GET_DEVICES,
  PTA_DEVICE_UUID,
  SEC_CAP,
  SHM_CACHED,
  TEE,
} from '../../optee/abi.js';
import {
  type DeviceRef,
  type Driver,
  type DriverCore,
  ERRNO,
  fail,
  ok,
  type ProbeResult,
} from '../driver-core.js';
import { OpteeCalls } from './call.js';
import { memref, OpteeClient } from './client.js';
import type { IrqReturn, LinuxIrqs } from './irq.js';
import { OpteeNotif } from './notif.js';
import { ShmPool } from './shm-pool.js';

/** The notification interrupt as the DT's `interrupts` decodes (GIC). */
export interface NotifIrq {
  intid: number;
  type: 'spi' | 'ppi' | 'espi' | 'eppi';
  trigger: 'edge' | 'level';
}

/** The `/firmware/optee` node, as the typed view gives it. */
export interface OpteeDtNode extends DeviceRef {
  /** DT `method`; undefined when absent. */
  method?: string;
  interrupts: readonly NotifIrq[];
}

/** A device on the tee bus (`optee-ta-<uuid>`), for drivers such as the SCMI OP-TEE transport. */
export interface TeeBusDevice extends DeviceRef {
  uuid: string;
  optee: Optee;
}

export interface OpteeDriverEnv {
  conduits: { smc?: SmcccInvoker; hvc?: SmcccInvoker };
  memory: PhysicalMemory;
  scheduler: Scheduler;
  trace: Trace;
  irqs: LinuxIrqs;
  /** Kernel pages for dynamic shared memory (the page allocator's share for OP-TEE). */
  kernelMemory?: { base: bigint; size: number };
  /** Online CPUs (1 ⇒ NSEC UNIPROCESSOR capability). */
  cpus: number;
  cpu?: number;
}

/** The bound driver (`struct optee`). */
export interface Optee {
  node: OpteeDtNode;
  secCaps: number;
  threadCount: number;
  maxNotifValue: number;
  rpcParamCount: number;
  calls: OpteeCalls;
  client: OpteeClient;
  notif: OpteeNotif;
  /** INTID requested for notifications, when async notifications are enabled. */
  notifIntid?: number;
  /** UUIDs the device PTA listed. */
  taDevices: string[];
  /** DO_BOTTOM_HALF calls issued. */
  bottomHalves(): number;
  /** `optee_remove`: STOP_ASYNC_NOTIF, free the IRQ, drain the shm cache. */
  remove(): void;
}

export const OPTEE_COMPATIBLE = 'linaro,optee-tz';

export function opteeDriver(env: OpteeDriverEnv): Driver<OpteeDtNode, Optee> {
  return {
    name: 'optee',
    compatible: [OPTEE_COMPATIBLE],
    probe: (node, core) => probeOptee(node, env, core),
  };
}

/** `optee_probe`. `core` (when given) receives the tee-bus devices the device PTA lists. */
export function probeOptee(node: OpteeDtNode, env: OpteeDriverEnv, core?: DriverCore): ProbeResult<Optee> {
  const { trace } = env;
  const src = node.path;
  const step = (n: number, msg: string, data?: Parameters<Trace['emit']>[3]) =>
    trace.emit('probe', src, msg, { step: n, ...(data ?? {}) });
  const failed = (n: number, errno: number, error: string, data?: Parameters<Trace['emit']>[3]) => {
    step(n, error, { errno: -errno, ...(data ?? {}) });
    return fail(-errno, error);
  };

  // 1. get_invoke_func: the conduit named by `method`.
  if (node.method === undefined) return failed(1, ERRNO.ENXIO, 'missing "method" property');
  if (node.method !== 'smc' && node.method !== 'hvc')
    return failed(1, ERRNO.EINVAL, `invalid "method" property: ${node.method}`);
  const invoker = env.conduits[node.method];
  if (!invoker) return failed(1, ERRNO.ENXIO, `no ${node.method} conduit on this platform`);
  step(1, 'invoke func', { method: node.method });
  const cpu = env.cpu ?? 0;
  const smc = (...regs: number[]) => {
    const r = invoker.invoke(regs, cpu).regs;
    return [0, 1, 2, 3].map((i) => r[i] ?? 0n);
  };

  // 3. The API UID: all four words, as OP-TEE returns them.
  const uid = smc(OPTEE_SMC.CALLS_UID);
  const uidOk = OPTEE_MSG_UID.every((w, i) => uid[i] === BigInt(w));
  step(3, 'calls uid', { uid: uid.map((w) => hex(w)), match: uidOk });
  if (!uidOk) return failed(3, ERRNO.EINVAL, 'api uid mismatch');

  // 4. The OS revision (informational).
  const rev = smc(OPTEE_SMC.GET_OS_REVISION);
  step(4, `revision ${rev[0]}.${rev[1]}`, {
    major: Number(rev[0]),
    minor: Number(rev[1]),
    buildId: hex(rev[2]!),
  });

  // 5. The message API revision: major 2.
  const api = smc(OPTEE_SMC.CALLS_REVISION);
  step(5, 'api revision', { major: Number(api[0]), minor: Number(api[1]) });
  if (api[0] !== 2n) return failed(5, ERRNO.EINVAL, 'api revision mismatch');

  // 6. Thread count (0 when not supported).
  const tc = smc(OPTEE_SMC.GET_THREAD_COUNT);
  const threadCount = tc[0] === 0n ? Number(tc[1]) : 0;
  step(6, 'thread count', { threads: threadCount });

  // 7. Capabilities.
  const caps = smc(OPTEE_SMC.EXCHANGE_CAPABILITIES, env.cpus <= 1 ? NSEC_CAP_UNIPROCESSOR : 0);
  if (caps[0] !== 0n) return failed(7, ERRNO.EINVAL, 'capabilities mismatch', { a0: hex(caps[0]!) });
  const secCaps = Number(caps[1]);
  const asyncNotif = (secCaps & SEC_CAP.ASYNC_NOTIF) !== 0;
  const maxNotifValue = asyncNotif ? Number(caps[2]) : OPTEE_DEFAULT_MAX_NOTIF_VALUE;
  const rpcParamCount = secCaps & SEC_CAP.RPC_ARG ? Number(caps[3]! & 0xffn) : 0;
  step(7, 'exchange capabilities', { secCaps: hex(secCaps), maxNotifValue, rpcParamCount });

  // 8. Shared-memory pool: dynamic pages, else the reserved carve-out.
  let pool: ShmPool;
  let dynamic = false;
  if (secCaps & SEC_CAP.DYNAMIC_SHM && env.kernelMemory) {
    pool = new ShmPool(env.kernelMemory.base, env.kernelMemory.size);
    dynamic = true;
    step(8, 'dynamic shared memory enabled', {
      base: hex(env.kernelMemory.base),
      size: env.kernelMemory.size,
    });
  } else if (secCaps & SEC_CAP.HAVE_RESERVED_SHM) {
    const shm = smc(OPTEE_SMC.GET_SHM_CONFIG);
    if (shm[0] !== 0n) return failed(8, ERRNO.ENOENT, 'static shm service not available');
    if (shm[3] !== BigInt(SHM_CACHED))
      return failed(8, ERRNO.EINVAL, 'only normal cached shared memory supported');
    pool = new ShmPool(shm[1]!, Number(shm[2]));
    step(8, 'reserved shared memory', { base: hex(shm[1]!), size: Number(shm[2]) });
  } else {
    return failed(8, ERRNO.EINVAL, 'no shared memory pool', { secCaps: hex(secCaps) });
  }

  const calls = new OpteeCalls({
    invoker,
    memory: env.memory,
    scheduler: env.scheduler,
    trace,
    src,
    pool,
    dynamic,
    rpcParamCount,
    cpu,
  });
  const client = new OpteeClient(calls);

  // 9. optee-clnt / optee-supp tee devices.
  step(9, 'tee devices registered', { devices: ['optee-clnt', 'optee-supp'] });

  // 10. Notification keys.
  const notif = new OpteeNotif(maxNotifValue, env.scheduler, trace, src);
  calls.notif = notif;
  step(10, 'notif init', { maxKey: maxNotifValue });

  // 11. Async notifications: the node must give the interrupt; no fallback when it does not.
  let notifIntid: number | undefined;
  let bottomHalves = 0;
  if (asyncNotif) {
    const irq = node.interrupts[0];
    if (!irq) {
      trace.emit(
        'diag',
        src,
        `OP-TEE offers asynchronous notifications but ${src} has no 'interrupts': Linux's probe fails (platform_get_irq: -ENXIO)`,
        { node: src, property: 'interrupts', setting: 'asyncNotif.enabled (CFG_CORE_ASYNC_NOTIF)' },
      );
      return failed(11, ERRNO.ENXIO, 'platform_get_irq: ret -6', {
        node: src,
        setting: 'asyncNotif.enabled',
      });
    }
    const topHalf = (): IrqReturn => {
      let doBottomHalf = false;
      for (;;) {
        const r = smc(OPTEE_SMC.GET_ASYNC_NOTIF_VALUE);
        if (r[0] !== 0n) break;
        const flags = Number(r[2]);
        if (!(flags & ASYNC_NOTIF_VALID)) break;
        const v = Number(r[1]);
        trace.emit('optee', src, 'notif value', { value: v, pending: (flags & ASYNC_NOTIF_PENDING) !== 0 });
        if (v === NOTIF_VALUE_DO_BOTTOM_HALF) doBottomHalf = true;
        else notif.send(v);
        if (!(flags & ASYNC_NOTIF_PENDING)) break;
      }
      return doBottomHalf ? 'wake-thread' : 'handled';
    };
    const bottomHalf = () => {
      bottomHalves++;
      trace.emit('optee', src, 'bottom half');
      calls.simpleCall(MSG_CMD.DO_BOTTOM_HALF, () => {});
    };
    // SPIs are requested threaded; Linux uses a per-CPU IRQ + workqueue for PPIs (same order of work).
    const rc = env.irqs.request(irq.intid, irq.trigger, {
      name: 'optee_notification',
      handler: topHalf,
      thread: bottomHalf,
    });
    if (rc) return failed(11, -rc, `request irq ${irq.intid} failed`, { intid: irq.intid });
    notifIntid = irq.intid;
    step(11, 'notif irq', { intid: irq.intid, type: irq.type, trigger: irq.trigger });
    smc(OPTEE_SMC.ENABLE_ASYNC_NOTIF); // return value ignored, as Linux does
    step(11, 'Asynchronous notifications enabled');
  }

  // 12. Drop stale cached RPC buffers, then let OP-TEE cache them (only without RPC_ARG).
  let drained = 0;
  for (let i = 0; i < 64; i++) {
    const r = smc(OPTEE_SMC.DISABLE_SHM_CACHE);
    if (r[0] !== BigInt(OPTEE_RET.OK)) break;
    drained++;
    pool.release(fromRegPair(r[1]!, r[2]!));
  }
  if (!rpcParamCount) smc(OPTEE_SMC.ENABLE_SHM_CACHE);
  step(12, 'shm cache', { drained, enabled: !rpcParamCount });

  // 13. Device enumeration through the device PTA.
  const taDevices = enumerateDevices(client);
  step(13, 'enumerate devices', { devices: taDevices });

  const optee: Optee = {
    node,
    secCaps,
    threadCount,
    maxNotifValue,
    rpcParamCount,
    calls,
    client,
    notif,
    ...(notifIntid !== undefined ? { notifIntid } : {}),
    taDevices,
    bottomHalves: () => bottomHalves,
    remove() {
      if (!rpcParamCount) for (let i = 0; i < 64 && smc(OPTEE_SMC.DISABLE_SHM_CACHE)[0] === 0n; i++);
      if (notifIntid !== undefined) {
        calls.simpleCall(MSG_CMD.STOP_ASYNC_NOTIF);
        env.irqs.free(notifIntid);
      }
      trace.emit('probe', src, 'removed');
    },
  };
  if (core)
    for (const uuid of taDevices)
      core.addDevice({
        path: `optee-ta-${uuid}`,
        compatible: [`optee-ta-${uuid}`],
        uuid,
        optee,
      } as TeeBusDevice);
  return ok(optee);
}

/** `optee_enumerate_devices(PTA_CMD_GET_DEVICES)`: size query with a NULL buffer, then the list. */
function enumerateDevices(client: OpteeClient): string[] {
  const open = client.openSession(PTA_DEVICE_UUID, LOGIN.PUBLIC);
  if (!open || open.rc || open.ret !== TEE.SUCCESS) return [];
  const session = open.session;
  try {
    const first = client.invoke(session, PTA_CMD_GET_DEVICES, [memref('out', null, 0)]);
    if (!first || first.rc || first.ret !== TEE.ERROR_SHORT_BUFFER) return [];
    const p = first.params[0]!;
    const size = p.kind === 'memref' ? p.size : 0;
    if (!size) return [];
    const shm = client.calls.allocShm(size);
    if (!shm) return [];
    const second = client.invoke(session, PTA_CMD_GET_DEVICES, [memref('out', shm, size)]);
    const bytes = client.calls.options.memory.read(shm.pa, size);
    client.calls.freeShm(shm);
    if (!second || second.rc || second.ret !== TEE.SUCCESS || !(bytes instanceof Uint8Array)) return [];
    const out: string[] = [];
    for (let i = 0; i + 16 <= size; i += 16) out.push(octetsToUuid(bytes.subarray(i, i + 16)));
    return out;
  } finally {
    client.closeSession(session);
  }
}
