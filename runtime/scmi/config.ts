/**
 * What an SCMI server offers, as the board's firmware profile says it: the agents and their
 * channels, and the resources of each protocol. Resource ids are array indices, as SCMI numbers
 * them (0..n-1, dense). A protocol is offered when the profile lists resources for it (or, for
 * system power, sets `systemPower`), unless `protocols` names the offered set explicitly.
 */

export interface ScmiAgentConfig {
  /** Agent ids start at 1; 0 is the platform itself. */
  id: number;
  name: string;
}

export interface ScmiChannelConfig {
  /** The server's channel id (OP-TEE `linaro,optee-channel-id`; scmi-msg's `plat_scmi_get_channel`). */
  id: number;
  agent: number;
  /** The SMT area this channel serves (absent: MSG-only channel, e.g. OP-TEE dynamic shared memory). */
  shmem?: { base: bigint; size: number };
  /** SiP/vendor function id that rings this channel (`arm,smc-id` / `arm,func-id` on the Linux side). */
  smcId?: number;
  /**
   * Mailbox doorbell that rings it: MHU channel index (and doorbell bit for `arm,mhu-doorbell`), and
   * where the completion goes (the same channel when bidirectional; the `tx_reply` one otherwise).
   */
  mailbox?: {
    controller: string;
    channel: number;
    doorbell?: number;
    reply?: { channel: number; doorbell?: number };
  };
  /** Raise a completion (a2p) interrupt on this INTID when done, instead of completing on return. */
  completionIntid?: number;
}

export type ClockRates =
  | { kind: 'list'; rates: readonly number[] }
  | { kind: 'range'; min: number; max: number; step: number };

export interface ClockConfig {
  name: string;
  rates: ClockRates;
  /** Initial rate (default: the first/lowest one). */
  rate?: number;
  enabled?: boolean;
}

export interface ResetConfig {
  name: string;
  /** Supports asynchronous reset (flags bit 2). */
  async?: boolean;
  /** Latency in µs (0x7fffffff = unknown). */
  latencyUs?: number;
}

export interface PowerDomainConfig {
  name: string;
  /** Initially on (default false). */
  on?: boolean;
}

export interface PerfLevelConfig {
  /** Performance level value (often kHz). */
  perf: number;
  /** Power cost (mW or abstract). */
  power: number;
  latencyUs: number;
}

export interface PerfDomainConfig {
  name: string;
  levels: readonly PerfLevelConfig[];
  sustainedFreqKhz?: number;
  sustainedPerf?: number;
  /** Initial level (default: the lowest). */
  level?: number;
}

export interface SensorConfig {
  name: string;
  /** Value the sensor reads (in its unit). */
  value: bigint | number;
  /** SCMI unit type (2 = degrees Celsius). */
  unit?: number;
  /** Power-of-ten multiplier (signed, 5 bits). */
  scale?: number;
}

export interface VoltageDomainConfig {
  name: string;
  /** Supported levels in µV. */
  levels: readonly number[];
  level?: number;
  on?: boolean;
}

export interface ScmiServerConfig {
  vendor?: string;
  subVendor?: string;
  implementationVersion?: number;
  agents: readonly ScmiAgentConfig[];
  channels: readonly ScmiChannelConfig[];
  /** Explicit offered protocol set (besides base); default: derived from the resources present. */
  protocols?: readonly number[];
  clocks?: readonly ClockConfig[];
  resets?: readonly ResetConfig[];
  powerDomains?: readonly PowerDomainConfig[];
  perfDomains?: readonly PerfDomainConfig[];
  sensors?: readonly SensorConfig[];
  voltageDomains?: readonly VoltageDomainConfig[];
  systemPower?: boolean;
  /**
   * BASE_DISCOVER_AGENT: SCP-firmware implements it; optee_os/TF-A scmi-msg do not (NOT_SUPPORTED).
   * Default true.
   */
  discoverAgent?: boolean;
}
