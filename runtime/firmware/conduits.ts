/**
 * How a normal-world CPU reaches firmware: the `SmcccInvoker`s Linux driver models hold, one per
 * conduit, like `arm_smccc_1_1_invoke`. `smc` traps to EL3 (or to EL2 when the hypervisor sets
 * HCR_EL2.TSC); `hvc` traps to EL2. With nothing at EL2 an `hvc` is an undefined instruction: the
 * call does not return and the kernel takes an exception — the result is `noReturn:
 * 'undefined-instruction'` with a `diag` event. Conduit `none` issues nothing and reads
 * SMCCC_RET_NOT_SUPPORTED, as Linux does when no conduit was discovered.
 */
import type { Conduit, SmcccInvoker, SmcResult } from '../core/smc.js';
import { SMCCC_RET_NOT_SUPPORTED } from '../core/smc.js';
import type { Trace } from '../core/trace.js';
import type { CpuCluster } from '../cpu/cpu.js';
import type { El2Hypervisor } from './hypervisor.js';
import type { El3Monitor } from './monitor.js';
import { noReturn } from './outcome.js';

export interface NormalWorldOptions {
  trace: Trace;
  monitor: El3Monitor;
  hypervisor?: El2Hypervisor;
  /** When given, a call from a CPU that is not on is reported (`diag`). */
  cluster?: CpuCluster;
}

export interface InvokerOptions {
  /** Calling CPU when `invoke` is not told; default 0. */
  cpu?: number;
  /** The caller runs in AArch32 (32-bit registers both ways). */
  aarch32?: boolean;
}

const U64 = (1n << 64n) - 1n;
const U32 = 0xffff_ffffn;

export class NormalWorld {
  private readonly trace: Trace;
  private readonly monitor: El3Monitor;
  private readonly hypervisor?: El2Hypervisor;
  private readonly cluster?: CpuCluster;

  constructor(options: NormalWorldOptions) {
    this.trace = options.trace;
    this.monitor = options.monitor;
    this.hypervisor = options.hypervisor;
    this.cluster = options.cluster;
  }

  get hasEl2(): boolean {
    return this.hypervisor !== undefined;
  }

  invokerFor(conduit: Conduit | 'none', options: InvokerOptions = {}): SmcccInvoker {
    const defaultCpu = options.cpu ?? 0;
    const aarch32 = options.aarch32 === true;
    const caller = { aarch32 };
    const width = aarch32 ? U32 : U64;
    return {
      conduit,
      invoke: (values, cpu = defaultCpu): SmcResult => {
        const regs = new Array<bigint>(values.length);
        for (let i = 0; i < values.length; i++) {
          const v = values[i]!;
          const b = typeof v === 'bigint' ? v : BigInt(Math.trunc(v));
          regs[i] = b >= 0n && b <= width ? b : b & width; // masking allocates: only when needed
        }
        const c = this.cluster?.cpu(cpu);
        if (this.cluster && c?.power !== 'on')
          this.trace.emit('diag', 'nwd', `cpu${cpu} issues an ${conduit} while ${c ? c.power : 'absent'}`, {
            cpu,
          });
        if (conduit === 'none') {
          this.trace.emit('smc', 'nwd', 'no SMCCC conduit: nothing issued', { conduit, cpu });
          return { regs: [SMCCC_RET_NOT_SUPPORTED & width, regs[1] ?? 0n, regs[2] ?? 0n, regs[3] ?? 0n] };
        }
        const call = { conduit, regs, cpu, secure: false };
        if (conduit === 'hvc') {
          if (this.hypervisor) return this.hypervisor.call(call, caller);
          this.trace.emit(
            'diag',
            'nwd',
            'hvc with nothing at EL2: a real board takes an undefined-instruction exception here',
            { cpu, fid: `0x${(regs[0] ?? 0n).toString(16)}` },
          );
          return noReturn('undefined-instruction');
        }
        if (this.hypervisor?.trapsSmc) return this.hypervisor.call(call, caller);
        return this.monitor.call(call, caller);
      },
    };
  }
}
