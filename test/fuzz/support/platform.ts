/**
 * Booted bundled platforms for the runtime targets. Compiling and preparing a board is done once per
 * process; a booted platform is kept between executions (booting costs milliseconds) and rebuilt
 * when the engine resets the target, after a failure, and for every regression replay.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileFile } from '../../../compiler/compile.js';
import type { DeviceTree } from '../../../compiler/tree/tree.js';
import { SMC_UNK } from '../../../runtime/core/smc.js';
import { assemblePlatform, type Platform } from '../../../runtime/platform/assemble.js';
import { type Prepared, preparePlatform } from '../../../runtime/platform/prepare.js';
import { runPlatform } from '../../../runtime/platform/run.js';
import { readYaml } from '../../../runtime/platform/yaml-source.js';
import { PLATFORM_INCLUDE, PLATFORMS } from './seeds.js';
import { expectThat } from './target.js';

export interface Board {
  name: string;
  tree: DeviceTree;
  prepared: Prepared;
}

const boards = new Map<string, Board>();

/** A bundled board compiled and prepared with its own firmware.yaml (cached). */
export function board(name: string): Board {
  let b = boards.get(name);
  if (b) return b;
  const dir = path.join(PLATFORMS, name);
  const r = compileFile(path.join(dir, 'board.dts'), { includeDirs: [PLATFORM_INCLUDE, dir] });
  if (!r.tree || !r.ok) throw new Error(`bundled platform ${name} does not compile`);
  const firmware = path.join(dir, 'firmware.yaml');
  const userProfile = fs.existsSync(firmware)
    ? readYaml(firmware, fs.readFileSync(firmware, 'utf8'))
    : undefined;
  const prepared = preparePlatform(r.tree, userProfile ? { userProfile } : {});
  if (!prepared.profile) throw new Error(`bundled platform ${name} has no valid profile`);
  b = { name, tree: r.tree, prepared };
  boards.set(name, b);
  return b;
}

/** Boots a fresh platform: assemble, then Linux's boot; the trace keeps only the last events. */
export function boot(name: string): Platform {
  const b = board(name);
  const p = assemblePlatform(b.tree, b.prepared.description, b.prepared.profile!, {
    trace: { limit: 256 },
  });
  const report = runPlatform(p, {});
  if (!report.up) throw new Error(`bundled platform ${name} does not come up`);
  return p;
}

/** One live platform per board name, reused between executions until reset. */
export class PlatformSession {
  private readonly live = new Map<string, Platform>();

  get(name: string): Platform {
    let p = this.live.get(name);
    if (!p) {
      p = boot(name);
      this.live.set(name, p);
    }
    return p;
  }

  /** Forgets one platform (it powered off, or its state is no longer trusted). */
  drop(name: string): void {
    this.live.delete(name);
  }

  reset(): void {
    this.live.clear();
  }
}

/** Lets queued work (completion interrupts, mailbox doorbells, bottom halves) run, boundedly. */
export function settle(p: Platform): void {
  const summary = p.scheduler.run({ until: p.scheduler.now + 10_000_000, maxEvents: 100_000 });
  expectThat(summary.stopped !== 'max-events', 'the platform did not settle within 100,000 events');
}

/** The SMCCC_VERSION probe every runtime oracle ends with: the monitor still answers a valid call. */
export function checkMonitorAlive(p: Platform): void {
  const r = p.monitor.call({ conduit: 'smc', regs: [0x8000_0000n], cpu: 0, secure: false });
  expectThat(r.noReturn === undefined && r.regs.length >= 1, 'SMCCC_VERSION did not return');
  const v = r.regs[0]!;
  expectThat(
    v !== undefined && (v === SMC_UNK || v < 0x1_0000_0000n),
    () => `SMCCC_VERSION answered 0x${v.toString(16)}`,
  );
}

const RETURN_FROM_RPC = 0x3200_0003n;
const isRpc = (a0: bigint): boolean =>
  a0 !== 0xffff_ffffn && (a0 & 0xffff_ffffn) >= 0xffff_0000n && a0 < 0x1_0000_0000n;

/**
 * Resumes every OP-TEE thread left suspended in an RPC, answering each RPC with zeros (an ALLOC that
 * gives no memory, a command the normal world did not run), as a driver that gives up would. After
 * that, no thread may remain busy: a thread that cannot finish is a leak.
 */
export function drainOptee(p: Platform): void {
  const optee = p.optee;
  if (!optee) return;
  for (let round = 0; round < 16 && optee.busyThreads > 0; round++)
    for (let t = 0; t < optee.config.threads; t++) {
      let r = p.monitor.call({
        conduit: 'smc',
        regs: [RETURN_FROM_RPC, 0n, 0n, BigInt(t)],
        cpu: 0,
        secure: false,
      });
      for (let k = 0; k < 16 && r.regs[0] !== undefined && isRpc(r.regs[0]); k++)
        r = p.monitor.call({
          conduit: 'smc',
          regs: [RETURN_FROM_RPC, 0n, 0n, BigInt(t)],
          cpu: 0,
          secure: false,
        });
    }
  expectThat(optee.busyThreads === 0, () => `${optee.busyThreads} OP-TEE thread(s) never finish`);
}
