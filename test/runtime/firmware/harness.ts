/** Small builders shared by the firmware tests. */
import { Scheduler } from '../../../runtime/core/scheduler.js';
import type { CallType, FunctionId, SmcCall, SmcResult, SmcService } from '../../../runtime/core/smc.js';
import { result } from '../../../runtime/core/smc.js';
import { Trace } from '../../../runtime/core/trace.js';
import { CpuCluster } from '../../../runtime/cpu/cpu.js';
import { type FirmwareProfileInput, firmwareProfileSchema } from '../../../runtime/firmware/profile.js';
import { buildFirmware } from '../../../runtime/firmware/stack.js';

export function platform(profile: FirmwareProfileInput = {}, cpus = 4) {
  const scheduler = new Scheduler();
  const trace = new Trace(() => scheduler.now);
  const cluster = new CpuCluster({
    scheduler,
    trace,
    cpus: Array.from({ length: cpus }, (_, i) => ({ mpidr: i })),
  });
  const stack = buildFirmware({
    scheduler,
    trace,
    cluster,
    profile: firmwareProfileSchema.parse(profile),
    validEntryPoint: (a) => a >= 0x4000_0000n && a < 0x8000_0000n,
  });
  const smc = stack.normalWorld.invokerFor('smc');
  return { scheduler, trace, cluster, ...stack, smc };
}

/** A service that echoes what it saw: x0 = the fid it was given, x1..x3 = its arguments. */
export function echoService(
  name: string,
  oenStart: number,
  oenEnd: number,
  callTypes: CallType[],
): SmcService & {
  seen: { fid: FunctionId; call: SmcCall }[];
} {
  const seen: { fid: FunctionId; call: SmcCall }[] = [];
  return {
    name,
    oenStart,
    oenEnd,
    callTypes,
    seen,
    handle(fid: FunctionId, call: SmcCall): SmcResult {
      seen.push({ fid, call });
      return result(fid.raw, call.regs[1] ?? 0n, call.regs[2] ?? 0n, call.regs[3] ?? 0n);
    },
  };
}

export const hex = (r: SmcResult) => r.regs.map((v) => `0x${v.toString(16)}`);
