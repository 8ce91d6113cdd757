/**
 * Linux's driver core, reduced to what driver models need: devices (DT nodes or bus devices such as
 * `optee-ta-<uuid>`) and drivers meet by compatible string; a probe answers ok, defer or fail; a
 * deferred device is retried whenever any other device binds, in the order it was deferred, as
 * `drivers/base/dd.c`'s deferred-probe lists do. Every step is a `probe` trace event, and devices
 * still deferred when the boot settles are reported the way Linux's "deferred probe pending" is.
 */
import type { Trace } from '../core/trace.js';

/** Linux errno values (positive; failures report them negated, as the kernel prints them). */
export const ERRNO = {
  EPERM: 1,
  ENOENT: 2,
  EIO: 5,
  ENXIO: 6,
  ENOMEM: 12,
  EACCES: 13,
  EBUSY: 16,
  ENODEV: 19,
  EINVAL: 22,
  EPROTO: 71,
  EOPNOTSUPP: 95,
  ETIMEDOUT: 110,
  EPROBE_DEFER: 517,
} as const;

export type ProbeResult<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'defer'; reason: string }
  | { kind: 'fail'; errno: number; error: string };

export const ok = <T>(value: T): ProbeResult<T> => ({ kind: 'ok', value });
export const defer = (reason: string): { kind: 'defer'; reason: string } => ({ kind: 'defer', reason });
/** `errno` is negative, as the probe function returns it (`-ENXIO`). */
export const fail = (errno: number, error: string): { kind: 'fail'; errno: number; error: string } => ({
  kind: 'fail',
  errno,
  error,
});

export interface DeviceRef {
  /** DT node path, or a bus device name. */
  readonly path: string;
  /** Match keys in priority order (DT `compatible`, or a bus id such as `optee-ta-<uuid>`). */
  readonly compatible: readonly string[];
}

export interface Driver<D extends DeviceRef, T> {
  readonly name: string;
  readonly compatible: readonly string[];
  probe(device: D, core: DriverCore): ProbeResult<T>;
  remove?(device: D, value: T): void;
}

export type DeviceState = 'unmatched' | 'bound' | 'deferred' | 'failed';

interface Entry {
  device: DeviceRef;
  state: DeviceState;
  driver?: Driver<DeviceRef, unknown>;
  value?: unknown;
  reason?: string;
  errno?: number;
}

export class DriverCore {
  private readonly drivers: Driver<DeviceRef, unknown>[] = [];
  private readonly devices = new Map<string, Entry>();
  /** Deferred devices in the order they deferred (Linux's pending list). */
  private deferredOrder: string[] = [];
  private retrying = false;
  private triggered = false;

  constructor(private readonly trace: Trace) {}

  addDriver<D extends DeviceRef, T>(driver: Driver<D, T>): void {
    this.drivers.push(driver as unknown as Driver<DeviceRef, unknown>);
    for (const e of [...this.devices.values()]) if (e.state === 'unmatched') this.tryProbe(e);
    this.retryDeferred();
  }

  addDevice(device: DeviceRef): void {
    if (this.devices.has(device.path)) {
      this.trace.emit('diag', device.path, 'device added twice: ignored');
      return;
    }
    const e: Entry = { device, state: 'unmatched' };
    this.devices.set(device.path, e);
    this.tryProbe(e);
    this.retryDeferred();
  }

  state(path: string): DeviceState | undefined {
    return this.devices.get(path)?.state;
  }

  /** The value a bound driver's probe returned (the provider other drivers look up). */
  bound<T>(path: string): T | undefined {
    const e = this.devices.get(path);
    return e?.state === 'bound' ? (e.value as T) : undefined;
  }

  /** Why a device failed or is deferred. */
  why(path: string): { reason?: string; errno?: number } | undefined {
    const e = this.devices.get(path);
    return e ? { reason: e.reason, errno: e.errno } : undefined;
  }

  get deferred(): { path: string; reason: string }[] {
    return this.deferredOrder.map((p) => ({ path: p, reason: this.devices.get(p)!.reason ?? '' }));
  }

  /**
   * `driver_deferred_probe_trigger()`: something a deferred probe waits for became available
   * outside a binding (an asynchronous probe step completed, a mailbox or interrupt came up), so
   * the deferred list is retried now.
   */
  trigger(): void {
    this.triggered = true;
    this.retryDeferred();
  }

  /**
   * End of boot (`deferred_probe_initcall` + timeout): every device still deferred is reported once;
   * Linux prints "deferred probe pending: <reason>".
   */
  settle(): void {
    this.retryDeferred();
    for (const d of this.deferred)
      this.trace.emit('diag', d.path, `deferred probe pending: ${d.reason}`, { reason: d.reason });
  }

  private match(device: DeviceRef): Driver<DeviceRef, unknown> | undefined {
    for (const c of device.compatible) {
      const d = this.drivers.find((x) => x.compatible.includes(c));
      if (d) return d;
    }
    return undefined;
  }

  /** Returns true when the device bound. */
  private tryProbe(e: Entry): boolean {
    const driver = e.driver ?? this.match(e.device);
    if (!driver) return false;
    e.driver = driver;
    const path = e.device.path;
    this.trace.emit('probe', path, 'probe', { driver: driver.name });
    const r = driver.probe(e.device, this);
    switch (r.kind) {
      case 'ok':
        e.state = 'bound';
        e.value = r.value;
        e.reason = undefined;
        this.deferredOrder = this.deferredOrder.filter((p) => p !== path);
        this.trace.emit('probe', path, 'bound', { driver: driver.name });
        // driver_deferred_probe_trigger(): a new binding may satisfy someone's dependency.
        this.triggered = true;
        return true;
      case 'defer':
        e.state = 'deferred';
        e.reason = r.reason;
        if (!this.deferredOrder.includes(path)) this.deferredOrder.push(path);
        this.trace.emit('probe', path, 'deferred', { driver: driver.name, reason: r.reason });
        return false;
      case 'fail':
        e.state = 'failed';
        e.reason = r.error;
        e.errno = r.errno;
        this.deferredOrder = this.deferredOrder.filter((p) => p !== path);
        this.trace.emit('probe', path, 'failed', { driver: driver.name, errno: r.errno, error: r.error });
        return false;
    }
  }

  /** Retries the deferred list (in order) for as long as bindings keep happening. */
  private retryDeferred(): void {
    if (this.retrying) return;
    this.retrying = true;
    try {
      while (this.triggered) {
        this.triggered = false;
        for (const path of [...this.deferredOrder]) {
          const e = this.devices.get(path)!;
          if (e.state === 'deferred') this.tryProbe(e);
        }
      }
    } finally {
      this.retrying = false;
    }
  }
}
