import type { NodeView } from '../../../schemas/view/view.js';
import type { ScmiTransport, TransportEnv } from '../../transports/transport.js';
import { type DeviceRef, type Driver, defer, ERRNO, fail, ok } from '../driver-core.js';
import { LinuxScmi, type ProbeResult } from './core.js';

export interface ScmiDevice extends DeviceRef {
  readonly view: NodeView;
}

/** The driver core's device for an `scmi` node. */
export function scmiDevice(view: NodeView): ScmiDevice {
  return { path: view.path, compatible: view.compatible, view };
}

/**
 * The SCMI core as a driver-core driver (`arm_scmi` platform driver). A probe that completes while
 * it runs (SMC and OP-TEE transports answer on return) binds or defers at once. One that must wait
 * for the platform in virtual time (mailbox, a2p interrupts) is reported deferred until it finishes;
 * `settled` then tells the caller to let the driver core retry.
 */
export function scmiDriver(
  env: TransportEnv,
  transports: readonly ScmiTransport[],
  settled?: (path: string, result: ProbeResult) => void,
): Driver<ScmiDevice, LinuxScmi> {
  const instances = new Map<string, LinuxScmi>();
  const results = new Map<string, ProbeResult>();
  return {
    name: 'arm-scmi',
    compatible: ['arm,scmi', 'arm,scmi-smc', 'arm,scmi-smc-param', 'qcom,scmi-smc', 'linaro,scmi-optee'],
    probe(device) {
      let scmi = instances.get(device.path);
      if (!scmi) {
        scmi = new LinuxScmi(device.view, env, transports);
        instances.set(device.path, scmi);
      }
      const s = scmi;
      if (s.state === 'probed') return ok(s);
      if (s.state !== 'probing') {
        results.delete(device.path);
        s.probe((r) => {
          results.set(device.path, r);
          settled?.(device.path, r);
        });
      }
      const r = results.get(device.path);
      if (!r) return defer('SCMI probe waiting for the platform');
      if (r.kind === 'ok') return ok(s);
      if (r.kind === 'defer') return defer(r.reason);
      const name = r.errno.replace(/^-E/, 'E') as keyof typeof ERRNO;
      return fail(-(ERRNO[name] ?? ERRNO.EIO), r.reason);
    },
  };
}
