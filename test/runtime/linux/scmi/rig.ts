import { PhysicalMemory } from '../../../../runtime/core/memory.js';
import { Scheduler } from '../../../../runtime/core/scheduler.js';
import { Trace, type TraceEvent } from '../../../../runtime/core/trace.js';
import { type ConsumerOutcome, probeConsumers } from '../../../../runtime/linux/consumers/scmi-consumers.js';
import { mhuController } from '../../../../runtime/linux/mailbox/arm-mhu.js';
import { MailboxFramework } from '../../../../runtime/linux/mailbox/framework.js';
import { LinuxScmi, type ProbeResult } from '../../../../runtime/linux/scmi/core.js';
import { spawn } from '../../../../runtime/linux/scmi/task.js';
import { MhuDevice } from '../../../../runtime/mailbox/mhu.js';
import { smcMboxController } from '../../../../runtime/mailbox/smc-mbox.js';
import type { ScmiServerConfig } from '../../../../runtime/scmi/config.js';
import { ScmiFirmware } from '../../../../runtime/scmi/firmware.js';
import { checkShmemAgreement } from '../../../../runtime/transports/agreement.js';
import { DirectIrqs, directInvoker, directOpteeClient } from '../../../../runtime/transports/direct.js';
import { transports } from '../../../../runtime/transports/index.js';
import { ScmiMailboxEndpoint } from '../../../../runtime/transports/mailbox-platform.js';
import type { OpteeScmiClient } from '../../../../runtime/transports/optee.js';
import { ScmiSmcHandler } from '../../../../runtime/transports/smc-service.js';
import { TreeView } from '../../../../schemas/view/view.js';
import { treeOf } from '../../../support/compile.js';

export const SRAM = 0x0e00_0000n;

/** A board: GIC, an SRAM with four SCMI areas, an MHU, an SMC mailbox, `firmware`, and `extra`. */
export function board(scmi: string, extra = ''): string {
  return `/dts-v1/;
/ {
	#address-cells = <2>;
	#size-cells = <2>;
	interrupt-parent = <&gic>;
	gic: interrupt-controller@8000000 {
		compatible = "arm,gic-v3";
		#interrupt-cells = <3>;
		interrupt-controller;
		reg = <0 0x8000000 0 0x10000>;
	};
	sram@e000000 {
		compatible = "mmio-sram";
		reg = <0x0 0x0e000000 0x0 0x1000>;
		#address-cells = <1>;
		#size-cells = <1>;
		ranges = <0 0x0 0x0e000000 0x1000>;
		tx0: scmi-sram@0 { compatible = "arm,scmi-shmem"; reg = <0x0 0x80>; };
		rx0: scmi-sram@100 { compatible = "arm,scmi-shmem"; reg = <0x100 0x80>; };
		tx1: scmi-sram@200 { compatible = "arm,scmi-shmem"; reg = <0x200 0x80>; };
		tx2: scmi-sram@400 { compatible = "arm,scmi-shmem"; reg = <0x400 0x80>; };
	};
	mhu: mailbox@2b1f0000 {
		compatible = "arm,mhu-doorbell", "arm,primecell";
		reg = <0 0x2b1f0000 0 0x1000>;
		interrupts = <0 36 4>, <0 35 4>;
		#mbox-cells = <2>;
	};
	firmware {
		smc_mbox: mailbox {
			compatible = "arm,smc-mbox";
			#mbox-cells = <1>;
			method = "smc";
			arm,func-ids = <0x82002000>;
		};
		${scmi}
	};
	gpu@2d000000 {
		compatible = "vendor,gpu";
		reg = <0 0x2d000000 0 0x1000>;
		clocks = <&scmi_clk 1>;
		resets = <&scmi_reset 0>;
		power-domains = <&scmi_pd 0>;
		assigned-clocks = <&scmi_clk 1>;
		assigned-clock-rates = <32000000>;
	};
	${extra}
};
`;
}

/** The protocol children every test SCMI node has (0x18 powercap is never offered). */
export const PROTOCOL_NODES = `
			#address-cells = <1>;
			#size-cells = <0>;
			scmi_pd: protocol@11 { reg = <0x11>; #power-domain-cells = <1>; };
			scmi_clk: protocol@14 { reg = <0x14>; #clock-cells = <1>; };
			scmi_reset: protocol@16 { reg = <0x16>; #reset-cells = <1>; };
			protocol@18 { reg = <0x18>; };`;

export function firmwareProfile(channels: ScmiServerConfig['channels']): ScmiServerConfig {
  return {
    vendor: 'Linaro',
    subVendor: 'dtpc',
    agents: [{ id: 1, name: 'OSPM' }],
    channels,
    clocks: [
      { name: 'ck_hse', rates: { kind: 'list', rates: [24_000_000] } },
      { name: 'ck_gpu', rates: { kind: 'list', rates: [16_000_000, 32_000_000, 64_000_000] } },
    ],
    resets: [{ name: 'rst_gpu' }],
    powerDomains: [{ name: 'pd_gpu' }],
  };
}

export interface RigOptions {
  optee?: (fw: ScmiFirmware) => OpteeScmiClient;
  /** Completion interrupt lines by channel id (SMC a2p). */
  a2p?: Record<number, number>;
}

export function rig(dts: string, profile: ScmiServerConfig, options: RigOptions = {}) {
  const scheduler = new Scheduler();
  const trace = new Trace(() => scheduler.now);
  const mem = new PhysicalMemory();
  mem.map({ name: 'sram', base: SRAM, size: 0x1000 });
  const view = new TreeView(treeOf(dts));
  const firmware = new ScmiFirmware(profile, mem, trace);
  firmware.boot();
  const irqs = new DirectIrqs(scheduler, trace);
  const lines = new Map(
    Object.entries(options.a2p ?? {}).map(([ch, intid]) => [Number(ch), irqs.line(intid)]),
  );
  const smcHandler = new ScmiSmcHandler(firmware, { scheduler, trace, lines });
  const smccc = directInvoker([smcHandler.asService()]);
  const env = { scheduler, trace, mem, smccc, irqs };
  const mailboxes = new MailboxFramework(trace);
  const mhu = new MhuDevice('/mailbox@2b1f0000', 3, [irqs.line(68), irqs.line(67)], trace);
  new ScmiMailboxEndpoint(firmware, mhu, scheduler, trace);
  const mhuNode = view.byPath('/mailbox@2b1f0000')!;
  const c = mhuController(mhuNode, mhu, irqs);
  if (typeof c !== 'string') mailboxes.register(c);
  const sm = smcMboxController(view.byPath('/firmware/mailbox')!, { smc: smccc }, trace, irqs);
  if (typeof sm !== 'string') mailboxes.register(sm);
  const optee = options.optee?.(firmware) ?? directOpteeClient(firmware);
  const scmiNode = view.byPath('/firmware/scmi')!;
  const linux = new LinuxScmi(scmiNode, env, transports(env, { mailboxes, optee }));
  return {
    scheduler,
    trace,
    mem,
    view,
    firmware,
    linux,
    checkAgreement: () => checkShmemAgreement(scmiNode, firmware, trace),
    /** Probes SCMI then its consumers; runs the scheduler until idle. */
    boot(): { probe: ProbeResult | undefined; consumers: ConsumerOutcome[] } {
      let probe: ProbeResult | undefined;
      let consumers: ConsumerOutcome[] = [];
      linux.probe((r) => {
        probe = r;
        if (r.kind === 'ok') spawn(scheduler, probeConsumers(view, [linux], trace), (c) => (consumers = c));
      });
      scheduler.run({ maxEvents: 100_000 });
      return { probe, consumers };
    },
  };
}

/** Messages of one kind from one source, in order. */
export function msgs(events: readonly TraceEvent[], kind: string, src?: string): string[] {
  return events.filter((e) => e.kind === kind && (src === undefined || e.src === src)).map((e) => e.msg);
}
