/**
 * `npm run bench:runtime`: the runtime on the bundled platforms, end to end through every model
 * (monitor, OP-TEE, SCMI server, transports, Linux drivers), on one core:
 *  - fast SMCs per second through the EL3 monitor (SMCCC_VERSION, untraced and traced);
 *  - SCMI round trips per second over each transport (SMC, OP-TEE MSG, OP-TEE SMT, MHU, HVC mailbox);
 *  - OP-TEE notifications per second (secure send → SPI → Linux top half → bottom half);
 *  - memory over a soak of N SCMI messages (default 10 million; `node dist/bench/runtime.js N`).
 * Then the component engineers' micro-benchmarks (bench/runtime-*.js) run as child processes.
 * A benchmark, not a test: it prints numbers and the targets (≥ 1,000,000 SMCs/s, ≥ 200,000 SCMI
 * round trips/s over OP-TEE).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NodeFileSystem } from '../compiler/source/file-system.js';
import type { LinuxScmi } from '../runtime/linux/scmi/core.js';
import { words } from '../runtime/linux/scmi/protocols.js';
import { spawn, type Task } from '../runtime/linux/scmi/task.js';
import { assemblePlatform, type Platform } from '../runtime/platform/assemble.js';
import { loadPlatform } from '../runtime/platform/load.js';
import { runPlatform } from '../runtime/platform/run.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const soakMessages = Number(process.argv[2] ?? 10_000_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 1);

function boot(name: string, traceCalls = false): Platform {
  const loaded = loadPlatform({
    input: path.join(repo, 'platforms', name),
    compile: {},
    fs: new NodeFileSystem(),
  });
  if (!loaded.ok || !loaded.tree || !loaded.prepared?.profile) throw new Error(`${name} does not load`);
  const p = assemblePlatform(loaded.tree, loaded.prepared.description, loaded.prepared.profile, {
    trace: { limit: 1024 },
    traceCalls,
  });
  const r = runPlatform(p);
  if (!r.up) throw new Error(`${name} does not come up`);
  return p;
}

function rate(label: string, body: (n: number) => void): number {
  let n = 1000;
  body(n); // warm up
  for (;;) {
    const t0 = process.hrtime.bigint();
    body(n);
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    if (s >= seconds || n >= 50_000_000) {
      const r = n / s;
      console.log(`${label.padEnd(44)} ${Math.round(r).toLocaleString('en-US').padStart(12)} /s`);
      return r;
    }
    n = Math.ceil(n * Math.min(10, Math.max(2, seconds / Math.max(s, 1e-6))));
  }
}

function* rounds(scmi: LinuxScmi, n: number): Task<void> {
  const req = words(0);
  for (let i = 0; i < n; i++) {
    const r = yield* scmi.request(0x14, 0x6, req, 8); // CLOCK_RATE_GET clock 0
    if (!r.ok) throw new Error(`SCMI request failed: ${r.errno}`);
  }
}

function scmiRate(label: string, name: string): number {
  const p = boot(name);
  const scmi = p.linux.scmi[0]!;
  return rate(label, (n) => {
    spawn(p.scheduler, rounds(scmi, n));
    p.scheduler.run();
  });
}

console.log(`dtpc runtime benchmark (node ${process.version}, one core)`);
const results: Record<string, number> = {};
{
  const p = boot('virt-optee', false);
  const smc = p.conduits.smc;
  results.smc = rate('fast SMC (SMCCC_VERSION) via EL3, untraced', (n) => {
    for (let i = 0; i < n; i++) smc.invoke([0x8000_0000n]);
  });
  const t = boot('virt-optee', true);
  rate('fast SMC (SMCCC_VERSION) via EL3, traced', (n) => {
    for (let i = 0; i < n; i++) t.conduits.smc.invoke([0x8000_0000n]);
  });
  results.notif = rate('OP-TEE notification → Linux bottom half', (n) => {
    for (let i = 0; i < n; i++) {
      p.optee!.notif.sendAsync(0);
      p.scheduler.run();
    }
  });
}
results.smcScmi = scmiRate('SCMI round trip over SMC (scmi-smc)', 'scmi-smc');
results.opteeMsg = scmiRate('SCMI round trip over OP-TEE MSG', 'scmi-optee-ppi');
results.opteeSmt = scmiRate('SCMI round trip over OP-TEE SMT', 'scmi-optee-shmem');
results.mhu = scmiRate('SCMI round trip over MHU', 'scmi-mhu');
results.hvcMbox = scmiRate('SCMI round trip over the HVC mailbox', 'smc-mbox-hvc');

// Soak: memory must stay flat (bounded trace, no per-message retention).
{
  const p = boot('scmi-smc');
  const scmi = p.linux.scmi[0]!;
  const chunk = 1_000_000;
  const samples: number[] = [];
  const t0 = process.hrtime.bigint();
  for (let done = 0; done < soakMessages; done += chunk) {
    spawn(p.scheduler, rounds(scmi, Math.min(chunk, soakMessages - done)));
    p.scheduler.run();
    globalThis.gc?.();
    samples.push(process.memoryUsage().heapUsed);
  }
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const mb = (b: number) => `${(b / 1048576).toFixed(1)} MiB`;
  const first = samples[0] ?? 0;
  const last = samples[samples.length - 1] ?? 0;
  console.log(
    `soak: ${soakMessages.toLocaleString('en-US')} SCMI messages in ${s.toFixed(1)} s; heap after first chunk ${mb(first)}, at end ${mb(last)}, max ${mb(Math.max(...samples))}${globalThis.gc ? '' : ' (run with --expose-gc for exact samples)'}`,
  );
}

const target = (label: string, got: number, want: number) =>
  console.log(
    `target ${label}: ${Math.round(got).toLocaleString('en-US')} vs ${want.toLocaleString('en-US')} ${got >= want ? 'met' : 'NOT met'}`,
  );
target('fast SMCs/s', results.smc ?? 0, 1_000_000);
target('SCMI round trips/s over OP-TEE (MSG)', results.opteeMsg ?? 0, 200_000);

for (const micro of ['runtime-smc', 'runtime-optee', 'runtime-scmi']) {
  const file = path.join(here, `${micro}.js`);
  if (!fs.existsSync(file)) continue;
  console.log(`\n== ${micro}`);
  spawnSync(process.execPath, [file], { stdio: 'inherit' });
}
