/**
 * `npm run build && node dist/bench/runtime-smc.js`: fast SMCs per second through the EL3 monitor
 * on one core (target ≥ 1,000,000/s), for SMCCC_VERSION (the smallest fast call) and a bound SiP
 * doorbell, untraced and traced, directly and through a normal-world invoker. A benchmark, not a
 * test: it reads the wall clock, which the runtime never does.
 */
import { Scheduler } from '../runtime/core/scheduler.js';
import { result, type SmcCall } from '../runtime/core/smc.js';
import { Trace } from '../runtime/core/trace.js';
import { NormalWorld } from '../runtime/firmware/conduits.js';
import { El3Monitor } from '../runtime/firmware/monitor.js';
import { ArchService } from '../runtime/firmware/services/arch.js';
import { VendorService } from '../runtime/firmware/services/sip.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 0.5);

function setup(traceCalls: boolean) {
  const scheduler = new Scheduler();
  // A small in-memory window: the figure is the monitor's cost, not an ever-growing array's.
  const trace = new Trace(() => scheduler.now, { limit: 1024 });
  const monitor = new El3Monitor({ trace, traceCalls });
  monitor.register(new ArchService());
  const sip = new VendorService({ trace, calls: [{ fid: 0x8200_0010 }] });
  const ok = result(0);
  sip.bind(0x8200_0010, 'doorbell', () => ok);
  monitor.register(sip);
  return { monitor, normal: new NormalWorld({ trace, monitor }) };
}

function measure(label: string, once: () => void): number {
  for (let i = 0; i < 50_000; i++) once(); // warm up the JIT
  const budget = BigInt(Math.round(SECONDS * 1e9));
  const start = process.hrtime.bigint();
  let calls = 0;
  let elapsed = 0n;
  do {
    for (let i = 0; i < 10_000; i++) once();
    calls += 10_000;
    elapsed = process.hrtime.bigint() - start;
  } while (elapsed < budget);
  const perSecond = Math.round(calls / (Number(elapsed) / 1e9));
  console.log(`${label.padEnd(44)} ${perSecond.toLocaleString('en-US').padStart(12)} calls/s`);
  return perSecond;
}

const version: SmcCall = { conduit: 'smc', regs: [0x8000_0000n], cpu: 0, secure: false };
const doorbell: SmcCall = { conduit: 'smc', regs: [0x8200_0010n, 0n, 0n, 0n], cpu: 0, secure: false };
const results: Record<string, number> = {};
for (const traced of [false, true]) {
  const { monitor, normal } = setup(traced);
  const smc = normal.invokerFor('smc');
  const tag = traced ? 'traced' : 'untraced';
  results[`version ${tag}`] = measure(`monitor SMCCC_VERSION (${tag})`, () => monitor.call(version));
  results[`doorbell ${tag}`] = measure(`monitor SiP doorbell (${tag})`, () => monitor.call(doorbell));
  results[`invoker ${tag}`] = measure(`invoker SMCCC_VERSION (${tag})`, () => smc.invoke([0x8000_0000]));
}
const headline = results['version untraced'] ?? 0;
console.log(
  `\nfast SMCs/s through the monitor (untraced SMCCC_VERSION): ${headline.toLocaleString('en-US')} — target 1,000,000: ${headline >= 1_000_000 ? 'met' : 'NOT met'}`,
);
