/**
 * `npm run bench:runtime`: the runtime on the bundled platforms, end to end through every model
 * (monitor, OP-TEE, SCMI server, transports, Linux drivers), on one core:
 *  - fast SMCs per second through the EL3 monitor (SMCCC_VERSION, untraced and traced);
 *  - SCMI round trips per second over each transport (SMC, OP-TEE MSG, OP-TEE SMT, MHU, HVC mailbox),
 *    each with the trace off (no events kept or written) and on (every event built, the last 1024 kept);
 *  - OP-TEE notifications per second, sent by OP-TEE directly and raised by a secure interrupt
 *    (FIQ at EL3 → opteed → OP-TEE → notification interrupt → Linux top half → bottom half);
 *  - memory over a soak of N SCMI messages over OP-TEE MSG (default 10 million; `node
 *    dist/bench/runtime.js N`; `SOAK_PLATFORM=scmi-smc` soaks another bundled platform), the heap
 *    printed every million messages (run with --expose-gc for exact samples).
 * Rates are wall-clock and per CPU-second of this process (what one core gives when the machine is
 * shared; both are printed).
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
const soakPlatform = process.env.SOAK_PLATFORM ?? 'scmi-optee-ppi';
const seconds = Number(process.env.BENCH_SECONDS ?? 1);
/**
 * `BENCH_ONLY=opteeMsg,opteeSmt` runs only those rate cases (keys: smc, notif, smcScmi, opteeMsg,
 * opteeSmt, mhu, hvcMbox) and skips the micro-benchmarks: for profiling one path.
 */
const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : undefined;
const wanted = (key: string) => only === undefined || only.has(key);
/** `BENCH_TRACE=off` (or `on`) runs only that half of each transport case: for profiling one path. */
const traceModes =
  process.env.BENCH_TRACE === 'off' ? [false] : process.env.BENCH_TRACE === 'on' ? [true] : [false, true];

function boot(name: string, traced: boolean): Platform {
  const loaded = loadPlatform({
    input: path.join(repo, 'platforms', name),
    compile: {},
    fs: new NodeFileSystem(),
  });
  if (!loaded.ok || !loaded.tree || !loaded.prepared?.profile) throw new Error(`${name} does not load`);
  // Trace off: nothing kept or written, so the models skip building events. On: every event is
  // built and the last 1024 are kept (a ring), SMCs included.
  const p = assemblePlatform(loaded.tree, loaded.prepared.description, loaded.prepared.profile, {
    trace: { limit: traced ? 1024 : 0 },
    traceCalls: traced,
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
    const c0 = process.cpuUsage();
    body(n);
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    if (s >= seconds || n >= 50_000_000) {
      const c = process.cpuUsage(c0);
      const cpu = (c.user + c.system) / 1e6;
      const r = n / s;
      const perCpu = n / Math.max(cpu, 1e-9);
      const fmt = (x: number) => Math.round(x).toLocaleString('en-US').padStart(12);
      console.log(`${label.padEnd(56)} ${fmt(r)} /s wall ${fmt(perCpu)} /s per CPU-second`);
      return Math.max(r, perCpu);
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

function scmiRate(label: string, name: string, traced: boolean): number {
  const p = boot(name, traced);
  const scmi = p.linux.scmi[0]!;
  return rate(`${label}, trace ${traced ? 'on' : 'off'}`, (n) => {
    spawn(p.scheduler, rounds(scmi, n));
    p.scheduler.run();
  });
}

console.log(`dtpc runtime benchmark (node ${process.version}, one core)`);
console.log(
  `load average ${(await import('node:os'))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} (figures taken while other work shares the machine are lower)`,
);
const results: Record<string, number> = {};
if (wanted('smc') || wanted('notif')) {
  const p = boot('virt-optee', false);
  const smc = p.conduits.smc;
  results.smc = rate('fast SMC (SMCCC_VERSION) via EL3, trace off', (n) => {
    for (let i = 0; i < n; i++) smc.invoke([0x8000_0000n]);
  });
  const t = boot('virt-optee', true);
  rate('fast SMC (SMCCC_VERSION) via EL3, trace on', (n) => {
    for (let i = 0; i < n; i++) t.conduits.smc.invoke([0x8000_0000n]);
  });
  results.notif = rate('OP-TEE notification sent → Linux bottom half', (n) => {
    for (let i = 0; i < n; i++) {
      p.optee!.notif.sendAsync(0);
      p.scheduler.run();
    }
  });
  const source = p.secureNotify!;
  rate('secure interrupt → EL3 → OP-TEE → Linux bottom half', (n) => {
    for (let i = 0; i < n; i++) {
      source.raise(0);
      p.scheduler.run();
    }
  });
}
const cases: [string, string, string][] = [
  ['smcScmi', 'SCMI round trip over SMC (scmi-smc)', 'scmi-smc'],
  ['opteeMsg', 'SCMI round trip over OP-TEE MSG', 'scmi-optee-ppi'],
  ['opteeSmt', 'SCMI round trip over OP-TEE SMT', 'scmi-optee-shmem'],
  ['mhu', 'SCMI round trip over MHU', 'scmi-mhu'],
  ['hvcMbox', 'SCMI round trip over the HVC mailbox', 'smc-mbox-hvc'],
];
for (const [key, label, name] of cases) {
  if (!wanted(key)) continue;
  for (const traced of traceModes) results[traced ? `${key}Traced` : key] = scmiRate(label, name, traced);
}

// Soak: memory must stay flat (bounded trace, no per-message retention).
{
  const p = boot(soakPlatform, true);
  const scmi = p.linux.scmi[0]!;
  const chunk = 1_000_000;
  const mb = (b: number) => `${(b / 1048576).toFixed(1)} MiB`;
  const samples: number[] = [];
  console.log(
    `soak: ${soakMessages.toLocaleString('en-US')} SCMI messages on ${soakPlatform} (trace on, last 1024 events kept)${globalThis.gc ? '' : ' (run with --expose-gc for exact heap samples)'}`,
  );
  const t0 = process.hrtime.bigint();
  for (let done = 0; done < soakMessages; ) {
    const n = Math.min(chunk, soakMessages - done);
    spawn(p.scheduler, rounds(scmi, n));
    p.scheduler.run();
    done += n;
    globalThis.gc?.();
    const heap = process.memoryUsage().heapUsed;
    samples.push(heap);
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    console.log(
      `  ${done.toLocaleString('en-US').padStart(12)} messages  heap ${mb(heap).padStart(10)}  ${s.toFixed(1)} s`,
    );
  }
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const first = samples[0] ?? 0;
  const last = samples[samples.length - 1] ?? 0;
  console.log(
    `soak: ${soakMessages.toLocaleString('en-US')} messages in ${s.toFixed(1)} s; heap after the first million ${mb(first)}, at the end ${mb(last)}, max ${mb(Math.max(...samples))} (growth ${mb(last - first)})`,
  );
}

const target = (label: string, got: number, want: number) =>
  console.log(
    `target ${label}: ${Math.round(got).toLocaleString('en-US')} vs ${want.toLocaleString('en-US')} ${got >= want ? 'met' : 'NOT met'}`,
  );
target('fast SMCs/s', results.smc ?? 0, 1_000_000);
target('SCMI round trips/s over OP-TEE MSG, trace off', results.opteeMsg ?? 0, 200_000);
target('SCMI round trips/s over OP-TEE SMT, trace off', results.opteeSmt ?? 0, 200_000);

for (const micro of only ? [] : ['runtime-smc', 'runtime-optee', 'runtime-scmi']) {
  const file = path.join(here, `${micro}.js`);
  if (!fs.existsSync(file)) continue;
  console.log(`\n== ${micro}`);
  spawnSync(process.execPath, [file], { stdio: 'inherit' });
}
