/**
 * `node dist/bench/runtime-scmi.js`: the transports' own cost, one core. Each round trip is a
 * CLOCK_RATE_GET through the Linux core model, the transport (SMT writes in simulated memory,
 * doorbell, SMC dispatch / MHU + scheduler) and the server, with the trace on (bounded). The two
 * OP-TEE cases reach the SCMI PTA through the transports' direct client (`directOpteeClient`: no
 * SMC, no OP-TEE OS model, no Linux OP-TEE driver), so they measure the transport only; the
 * figures against the ≥ 200,000/s target are the full-path ones `bench/runtime.ts` prints.
 * A benchmark, not a test.
 */
import { compileText } from '../compiler/compile.js';
import { MemoryFileSystem } from '../compiler/source/file-system.js';
import { PhysicalMemory } from '../runtime/core/memory.js';
import { Scheduler } from '../runtime/core/scheduler.js';
import { Trace } from '../runtime/core/trace.js';
import { mhuController } from '../runtime/linux/mailbox/arm-mhu.js';
import { MailboxFramework } from '../runtime/linux/mailbox/framework.js';
import { LinuxScmi } from '../runtime/linux/scmi/core.js';
import { spawn } from '../runtime/linux/scmi/task.js';
import { MhuDevice } from '../runtime/mailbox/mhu.js';
import { smcMboxController } from '../runtime/mailbox/smc-mbox.js';
import { PROTOCOL } from '../runtime/scmi/constants.js';
import { ScmiFirmware } from '../runtime/scmi/firmware.js';
import { DirectIrqs, directInvoker, directOpteeClient } from '../runtime/transports/direct.js';
import { transports } from '../runtime/transports/index.js';
import { ScmiMailboxEndpoint } from '../runtime/transports/mailbox-platform.js';
import { ScmiSmcHandler } from '../runtime/transports/smc-service.js';
import { TreeView } from '../schemas/view/view.js';

const SRAM = 0x0e00_0000n;

function dts(scmi: string): string {
  return `/dts-v1/;
/ {
	#address-cells = <2>; #size-cells = <2>; interrupt-parent = <&gic>;
	gic: interrupt-controller@8000000 { compatible = "arm,gic-v3"; #interrupt-cells = <3>; interrupt-controller; reg = <0 0x8000000 0 0x10000>; };
	sram@e000000 { compatible = "mmio-sram"; reg = <0 0x0e000000 0 0x1000>; #address-cells = <1>; #size-cells = <1>; ranges = <0 0 0x0e000000 0x1000>;
		tx0: scmi-sram@0 { compatible = "arm,scmi-shmem"; reg = <0x0 0x80>; }; };
	mhu: mailbox@2b1f0000 { compatible = "arm,mhu-doorbell"; reg = <0 0x2b1f0000 0 0x1000>; interrupts = <0 36 4>; #mbox-cells = <2>; };
	firmware {
		smc_mbox: mailbox { compatible = "arm,smc-mbox"; #mbox-cells = <1>; method = "smc"; arm,func-ids = <0x82002000>; };
		scmi { ${scmi} #address-cells = <1>; #size-cells = <0>; protocol@14 { reg = <0x14>; #clock-cells = <1>; }; };
	};
};`;
}

const CASES: Record<string, string> = {
  'smc (arm,scmi-smc)': 'compatible = "arm,scmi-smc"; arm,smc-id = <0x82002000>; shmem = <&tx0>;',
  'optee SMT (static shmem, direct PTA client)':
    'compatible = "linaro,scmi-optee"; linaro,optee-channel-id = <0>; shmem = <&tx0>;',
  'optee MSG (dynamic shm, direct PTA client)':
    'compatible = "linaro,scmi-optee"; linaro,optee-channel-id = <1>;',
  'smc-mbox (arm,scmi over arm,smc-mbox)': 'compatible = "arm,scmi"; mboxes = <&smc_mbox 0>; shmem = <&tx0>;',
  'mailbox (MHU doorbell + SCP)': 'compatible = "arm,scmi"; mboxes = <&mhu 0 0>; shmem = <&tx0>;',
};

function platform(scmi: string) {
  const text = dts(scmi);
  const compiled = compileText('bench.dts', text, {
    cpp: false,
    fs: new MemoryFileSystem({ 'bench.dts': text }),
  });
  if (!compiled.tree) throw new Error('bench DTS does not compile');
  const view = new TreeView(compiled.tree);
  const scheduler = new Scheduler();
  const trace = new Trace(() => scheduler.now, { limit: Number(process.env.TRACE_LIMIT ?? 4096) });
  const mem = new PhysicalMemory();
  mem.map({ name: 'sram', base: SRAM, size: 0x1000 });
  const firmware = new ScmiFirmware(
    {
      agents: [{ id: 1, name: 'OSPM' }],
      channels: [
        {
          id: 0,
          agent: 1,
          shmem: { base: SRAM, size: 0x80 },
          smcId: 0x82002000,
          mailbox: { controller: '/mailbox@2b1f0000', channel: 0, doorbell: 0 },
        },
        { id: 1, agent: 1 },
      ],
      clocks: [{ name: 'ck', rates: { kind: 'list', rates: [24_000_000] } }],
    },
    mem,
    trace,
  );
  firmware.boot();
  const irqs = new DirectIrqs(scheduler);
  const smccc = directInvoker([new ScmiSmcHandler(firmware).asService()]);
  const env = { scheduler, trace, mem, smccc, irqs };
  const mailboxes = new MailboxFramework(trace);
  const mhu = new MhuDevice('/mailbox@2b1f0000', 1, [irqs.line(68)], trace);
  new ScmiMailboxEndpoint(firmware, mhu, scheduler, trace);
  const c = mhuController(view.byPath('/mailbox@2b1f0000')!, mhu, irqs);
  if (typeof c !== 'string') mailboxes.register(c);
  const sm = smcMboxController(view.byPath('/firmware/mailbox')!, { smc: smccc }, trace, irqs);
  if (typeof sm !== 'string') mailboxes.register(sm);
  const linux = new LinuxScmi(
    view.byPath('/firmware/scmi')!,
    env,
    transports(env, { mailboxes, optee: directOpteeClient(firmware) }),
  );
  linux.probe();
  scheduler.run();
  if (linux.state !== 'probed') throw new Error(`probe: ${linux.state}`);
  return { linux, scheduler };
}

const req = new Uint8Array(4); // clock id 0
const rounds = Number(process.argv[2] ?? 100_000);
console.log(
  `SCMI CLOCK_RATE_GET round trips, ${rounds} per transport (trace on, bounded; transport cost only, OP-TEE reached without the OS model)`,
);
console.log(
  `load average ${(await import('node:os'))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
for (const [name, props] of Object.entries(CASES)) {
  const { linux, scheduler } = platform(props);
  let ok = 0;
  const start = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < rounds; i++) {
    // Synchronous transports finish inside spawn; the others need the scheduler.
    spawn(scheduler, linux.request(PROTOCOL.CLOCK, 0x6, req, 8), (r) => {
      if (r.ok) ok++;
    });
    if (scheduler.busy) scheduler.run();
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const rate = Math.round(rounds / seconds);
  // CPU-time rate: what one core delivers when it is not shared (the machine may be loaded).
  const cpuRate = Math.round(rounds / cpuSeconds);
  console.log(
    `${name.padEnd(40)} ${String(rate).padStart(9)} /s wall  ${String(cpuRate).padStart(9)} /s per CPU-second  (${ok}/${rounds} ok)`,
  );
}
